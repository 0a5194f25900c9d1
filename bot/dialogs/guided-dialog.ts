/**
 * One `botbuilder-dialogs` Dialog that drives every guided dialog through the pure
 * engine in `src/dialogs`. Its instance state (in conversation state, through the
 * DialogSet's accessor) is the engine's state: ids only, so the next message can be
 * handled by any server instance that shares the storage.
 */
import { Dialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { MessageFactory } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { DialogCatalogue } from '../../src/dialogs/dialog-catalogue.js';
import type { DialogState } from '../../src/dialogs/types.js';
import { cardAttachment } from '../cards/card-parts.js';
import { dialogCard } from '../cards/dialog-card.js';
import type { DialogProgressStore } from './dialog-progress.js';
import { dialogInputOf } from './dialog-turn-input.js';

/** The id of the guided dialog in its DialogSet. */
export const GUIDED_DIALOG_ID = 'guidedDialog';

/** Replies in plain words. */
export const dialogReplies = {
  resumed: 'Welcome back: here is where you left off. Choose "Start again" to begin from the top.',
  staleButton: "That button is from an earlier step. Here's where you are now:",
  notAnOption: "That isn't one of the options on this step. Here it is again:",
  changed: 'This guide has been updated since you started it, so it starts again from the top.',
  cancelled: (title: string) => `Closed "${title}". Ask me a question whenever you like.`,
  cancelledResumable: (title: string) => `Closed "${title}". Start it again any time to pick up where you left off.`,
  trustChanged: 'You switched trust, so I closed the guide you had open.',
} as const;

const beginOptionsSchema = z.strictObject({ dialog: z.string().min(1), trust: z.string().min(1) });

/** Options for beginning the guided dialog. */
export type GuidedDialogOptions = z.infer<typeof beginOptionsSchema>;

const instanceStateSchema = z.looseObject({ engine: z.unknown() });

const storedIdsSchema = z.looseObject({ engine: z.looseObject({ dialog: z.string(), trust: z.string() }) });

/** The dialog and trust a stored instance state names, whether or not it still fits its definition. */
export function storedIds(instanceState: unknown): { dialog: string; trust: string } | undefined {
  const parsed = storedIdsSchema.safeParse(instanceState);
  return parsed.success ? parsed.data.engine : undefined;
}

/** What the guided dialog needs. */
export interface GuidedDialogDeps {
  catalogue: DialogCatalogue;
  progress: DialogProgressStore;
  logger?: Logger;
}

/** The engine's state kept in a dialog instance, checked against the current definitions. */
export function engineState(catalogue: DialogCatalogue, instanceState: unknown): DialogState | undefined {
  const parsed = instanceStateSchema.safeParse(instanceState);
  return parsed.success ? catalogue.restore(parsed.data.engine) : undefined;
}

/** Drives the guided dialog engine inside a DialogSet. */
export class GuidedDialog extends Dialog<GuidedDialogOptions> {
  constructor(private readonly deps: GuidedDialogDeps) {
    super(GUIDED_DIALOG_ID);
  }

  override async beginDialog(dc: DialogContext, options?: GuidedDialogOptions): Promise<DialogTurnResult> {
    const { dialog, trust } = beginOptionsSchema.parse(options);
    const { catalogue, progress } = this.deps;
    let state = catalogue.start(dialog, trust);
    if (catalogue.get(dialog)?.progress === 'user') {
      const saved = await progress.saved(dc.context, dialog, trust);
      if (saved && !saved.finished && saved.state.answers.length > 0) {
        state = saved.state;
        await dc.context.sendActivity(dialogReplies.resumed);
      }
    }
    await this.#show(dc, state);
    return Dialog.EndOfTurn;
  }

  /** Act on the turn's button press or typed answer; a turn that is neither leaves the dialog as it is. */
  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { catalogue } = this.deps;
    const state = engineState(catalogue, dc.activeDialog?.state);
    if (state === undefined) {
      // Stored by an older version of the definitions: start that dialog again, if it still exists.
      const stored = storedIds(dc.activeDialog?.state);
      if (stored === undefined || !catalogue.get(stored.dialog)?.trusts.includes(stored.trust)) return dc.endDialog();
      if (dialogInputOf(dc.context, catalogue, stored.dialog, undefined) === undefined) return dc.endDialog();
      await dc.context.sendActivity(dialogReplies.changed);
      await this.#show(dc, catalogue.start(stored.dialog, stored.trust));
      return Dialog.EndOfTurn;
    }
    const input = dialogInputOf(dc.context, catalogue, state.dialog, state);
    if (input === undefined) return Dialog.EndOfTurn;
    const result = catalogue.step(state, input);
    switch (result.status) {
      case 'cancelled': {
        const definition = catalogue.get(state.dialog);
        const title = catalogue.view(state).dialog.title;
        this.deps.logger?.info({ event: 'dialog-cancelled', dialog: state.dialog, step: state.step, trust: state.trust }, 'guided dialog closed');
        await dc.context.sendActivity(definition?.progress === 'user' ? dialogReplies.cancelledResumable(title) : dialogReplies.cancelled(title));
        return dc.endDialog();
      }
      case 'rejected':
        await dc.context.sendActivity(result.reason === 'stale-step' ? dialogReplies.staleButton : dialogReplies.notAnOption);
        await this.#show(dc, result.state);
        return Dialog.EndOfTurn;
      case 'moved':
        await this.#show(dc, result.state);
        return Dialog.EndOfTurn;
    }
  }

  /** Keep `state` in the dialog instance (and per person where the dialog asks), then send its card. */
  async #show(dc: DialogContext, state: DialogState): Promise<void> {
    const { catalogue, progress, logger } = this.deps;
    if (dc.activeDialog) dc.activeDialog.state = { engine: state };
    const view = catalogue.view(state);
    if (catalogue.get(state.dialog)?.progress === 'user') await progress.record(dc.context, state, view.step.kind === 'outcome');
    logger?.info({ event: 'dialog-step', dialog: state.dialog, step: state.step, trust: state.trust, answers: state.answers.length }, 'guided dialog step shown');
    await dc.context.sendActivity(MessageFactory.attachment(cardAttachment(dialogCard(view))));
  }
}
