/**
 * The {@link DialogRouter} the activity handler asks first on every message and
 * card action: it continues the active guided dialog with a button press or a typed
 * answer ("2", a choice's label, "back", "start again", "cancel"), or starts the
 * dialog a message asks for ("is this SEND?", "induction", "next step"). Dialog
 * state lives in conversation state, so any server instance sharing the storage
 * carries on where another left off.
 */
import type { ConversationState, TurnContext, UserState } from 'botbuilder';
import { DialogSet } from 'botbuilder-dialogs';
import type { DialogContext, DialogState as BotDialogState } from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import type { DialogCatalogue } from '../../src/dialogs/dialog-catalogue.js';
import { interpretTyped } from '../../src/dialogs/dialog-triggers.js';
import type { DialogInput, DialogState } from '../../src/dialogs/types.js';
import type { Trust } from '../../src/knowledge/types.js';
import { parseCardAction } from '../cards/card-actions.js';
import { DialogProgressStore } from './dialog-progress.js';
import type { DialogRouter, DialogSummary } from './dialog-router.js';
import { GUIDED_DIALOG_ID, GuidedDialog, dialogReplies, engineState, setTurnInput, storedIds } from './guided-dialog.js';

/** What the router is built from. */
export interface GuidedDialogRouterOptions {
  /** Holds the dialog stack (property `guidedDialogState`). */
  conversationState: ConversationState;
  /** Holds per-person progress of dialogs that remember it (property `guidedDialogProgress`). */
  userState: UserState;
  catalogue: DialogCatalogue;
  logger?: Logger;
}

/** Routes turns to the guided dialogs. */
export class GuidedDialogRouter implements DialogRouter {
  readonly #dialogs: DialogSet;
  readonly #catalogue: DialogCatalogue;
  readonly #conversationState: ConversationState;
  readonly #userState: UserState;

  constructor(options: GuidedDialogRouterOptions) {
    this.#catalogue = options.catalogue;
    this.#conversationState = options.conversationState;
    this.#userState = options.userState;
    this.#dialogs = new DialogSet(options.conversationState.createProperty<BotDialogState>('guidedDialogState'));
    const progress = new DialogProgressStore(options.userState, options.catalogue);
    this.#dialogs.add(new GuidedDialog({ catalogue: options.catalogue, progress, ...(options.logger ? { logger: options.logger } : {}) }));
  }

  list(trust: Trust): DialogSummary[] {
    return this.#catalogue.list(trust.id);
  }

  async route(context: TurnContext, trust: Trust): Promise<boolean> {
    const dc = await this.#dialogs.createContext(context);
    let { state: active, dialog: open } = this.#active(dc);
    if (open !== undefined && (active?.trust ?? storedIds(dc.activeDialog?.state)?.trust) !== trust.id) {
      await dc.cancelAllDialogs();
      await this.#save(context);
      await context.sendActivity(dialogReplies.trustChanged);
      active = undefined;
      open = undefined;
    }

    const value: unknown = context.activity.value;
    if (value !== undefined && value !== null) {
      const parsed = parseCardAction(value);
      if (!parsed.ok) return false;
      const action = parsed.action;
      switch (action.action) {
        case 'startDialog':
          if (!this.#offered(trust, action.dialog)) return false;
          await this.#begin(dc, trust, action.dialog);
          return true;
        // A dialog whose stored state no longer fits its definition is still open: the dialog restarts it.
        case 'dialogChoice':
          if (open !== action.dialog) return false;
          await this.#continue(dc, { kind: 'choice', choice: action.choice, step: action.step });
          return true;
        case 'dialogNav':
          if (open !== action.dialog) return false;
          await this.#continue(dc, { kind: 'nav', nav: action.nav, ...(action.step !== undefined ? { step: action.step } : {}) });
          return true;
        default:
          return false;
      }
    }

    const text = context.activity.text ?? '';
    if (active) {
      const typed = interpretTyped(this.#catalogue.view(active), text);
      if (typed) {
        await this.#continue(dc, typed);
        return true;
      }
    } else if (open !== undefined) {
      // Typed answers cannot be read against a step that no longer exists: close it quietly.
      await dc.cancelAllDialogs();
      await this.#save(context);
    }
    const asked = this.#catalogue.match(text, trust.id);
    if (asked === undefined) return false;
    await this.#begin(dc, trust, asked.id);
    return true;
  }

  async start(context: TurnContext, trust: Trust, dialogId: string): Promise<void> {
    const dc = await this.#dialogs.createContext(context);
    await this.#begin(dc, trust, dialogId);
  }

  async cancel(context: TurnContext): Promise<boolean> {
    const dc = await this.#dialogs.createContext(context);
    if (dc.activeDialog === undefined) return false;
    await dc.cancelAllDialogs();
    await this.#save(context);
    return true;
  }

  /**
   * The open guided dialog: its id, and its engine state when that still fits the
   * current definition (`state` is undefined for one stored by an older definition).
   */
  #active(dc: DialogContext): { state?: DialogState; dialog?: string } {
    const instance = dc.activeDialog;
    if (instance?.id !== GUIDED_DIALOG_ID) return {};
    const state = engineState(this.#catalogue, instance.state);
    const dialog = state?.dialog ?? storedIds(instance.state)?.dialog;
    return { ...(state ? { state } : {}), ...(dialog !== undefined ? { dialog } : {}) };
  }

  #offered(trust: Trust, dialogId: string): boolean {
    return this.#catalogue.get(dialogId)?.trusts.includes(trust.id) ?? false;
  }

  async #begin(dc: DialogContext, trust: Trust, dialogId: string): Promise<void> {
    await dc.cancelAllDialogs();
    await dc.beginDialog(GUIDED_DIALOG_ID, { dialog: dialogId, trust: trust.id });
    await this.#save(dc.context);
  }

  async #continue(dc: DialogContext, input: DialogInput): Promise<void> {
    setTurnInput(dc.context, input);
    await dc.continueDialog();
    await this.#save(dc.context);
  }

  /** Write the dialog stack and progress now, so another instance sees them on the next turn. */
  async #save(context: TurnContext): Promise<void> {
    await this.#conversationState.saveChanges(context);
    await this.#userState.saveChanges(context);
  }
}
