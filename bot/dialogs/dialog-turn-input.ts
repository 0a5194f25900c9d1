/**
 * What a turn says to the open guided dialog: a card button of that dialog
 * (`dialogChoice` / `dialogNav`), or typed text read against the step on screen
 * (a number, a choice's label, "back", "start again", "cancel"). Used by the router
 * to decide whether the turn is the dialog's, and by the dialog to act on it.
 */
import type { TurnContext } from 'botbuilder';
import type { DialogCatalogue } from '../../src/dialogs/dialog-catalogue.js';
import { interpretTyped } from '../../src/dialogs/dialog-triggers.js';
import type { DialogInput, DialogState } from '../../src/dialogs/types.js';
import { parseCardAction } from '../cards/card-actions.js';

/**
 * The input this turn gives the open dialog `dialogId` (whose state is `state`, or
 * undefined when the stored state no longer fits the definition); undefined when
 * the turn is not for it.
 */
export function dialogInputOf(context: TurnContext, catalogue: DialogCatalogue, dialogId: string, state: DialogState | undefined): DialogInput | undefined {
  const value: unknown = context.activity.value;
  if (value !== undefined && value !== null) {
    const parsed = parseCardAction(value);
    if (!parsed.ok) return undefined;
    const action = parsed.action;
    if (action.action === 'dialogChoice' && action.dialog === dialogId) return { kind: 'choice', choice: action.choice, step: action.step };
    if (action.action === 'dialogNav' && action.dialog === dialogId) {
      return { kind: 'nav', nav: action.nav, ...(action.step !== undefined ? { step: action.step } : {}) };
    }
    return undefined;
  }
  return state ? interpretTyped(catalogue.view(state), typedText(context)) : undefined;
}

/** The message's text; empty when there is none (or the channel sent something that is not text). */
export function typedText(context: TurnContext): string {
  const text: unknown = context.activity.text;
  return typeof text === 'string' ? text : '';
}
