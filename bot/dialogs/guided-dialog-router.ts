/**
 * The {@link DialogRouter} the activity handler asks first on every message and
 * card action: it continues the active guided dialog with a button press or a typed
 * answer ("2", a choice's label, "back", "start again", "cancel"), or starts the
 * dialog a whole message asks for ("is this SEND?", "induction", "next step"). Dialog
 * state lives in storage, one item per person in each conversation, so any server
 * instance sharing the storage carries on where another left off, and in a group
 * chat or channel each person has their own dialog. The definitions can be replaced while serving
 * (a knowledge reload); a turn uses the ones it started with.
 */
import type { BotState, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { DialogSet } from 'botbuilder-dialogs';
import type { DialogContext, DialogState as BotDialogState } from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import type { DialogCatalogue } from '../../src/dialogs/dialog-catalogue.js';
import type { DialogState } from '../../src/dialogs/types.js';
import type { Trust } from '../../src/knowledge/types.js';
import { parseCardAction } from '../cards/card-actions.js';
import { dialogCommandMatcher } from '../commands.js';
import { DialogProgressStore } from './dialog-progress.js';
import type { DialogRouter, DialogSummary } from './dialog-router.js';
import { dialogInputOf, typedText } from './dialog-turn-input.js';
import { GUIDED_DIALOG_ID, GuidedDialog, dialogReplies, engineState, storedIds } from './guided-dialog.js';

/** What the router is built from. */
export interface GuidedDialogRouterOptions {
  /**
   * Holds the dialog stack (property `guidedDialogState`) of each person in each
   * conversation (`PrivateConversationState`): in a group chat or channel, one
   * person's dialog is not another's.
   */
  dialogState: BotState;
  /** Holds per-person progress of dialogs that remember it (property `guidedDialogProgress`). */
  userState: UserState;
  catalogue: DialogCatalogue;
  logger?: Logger;
}

/** A trust's dialogs as typed commands: the dialog a whole message asks for, if any. */
type CommandMatcher = (text: string) => { id: string } | undefined;

/** The definitions being served, the DialogSet that runs them, and each trust's typed commands. */
interface Served {
  catalogue: DialogCatalogue;
  dialogs: DialogSet;
  /** By trust id, built on the trust's first message (the definitions do not change while served). */
  commands: Map<string, CommandMatcher>;
}

/** Routes turns to the guided dialogs. */
export class GuidedDialogRouter implements DialogRouter {
  #served: Served;
  readonly #stack: StatePropertyAccessor<BotDialogState>;
  readonly #dialogState: BotState;
  readonly #userState: UserState;
  readonly #logger: Logger | undefined;

  constructor(options: GuidedDialogRouterOptions) {
    this.#dialogState = options.dialogState;
    this.#userState = options.userState;
    this.#logger = options.logger;
    this.#stack = options.dialogState.createProperty<BotDialogState>('guidedDialogState');
    this.#served = this.#serve(options.catalogue);
  }

  /**
   * Serve other definitions from the next turn on (a knowledge reload). A dialog
   * open under the old ones carries on where its step still exists, and otherwise
   * starts again from the top.
   */
  useCatalogue(catalogue: DialogCatalogue): void {
    this.#served = this.#serve(catalogue);
  }

  #serve(catalogue: DialogCatalogue): Served {
    const dialogs = new DialogSet(this.#stack);
    const progress = new DialogProgressStore(this.#userState, catalogue);
    dialogs.add(new GuidedDialog({ catalogue, progress, ...(this.#logger ? { logger: this.#logger } : {}) }));
    return { catalogue, dialogs, commands: new Map() };
  }

  list(trust: Trust): DialogSummary[] {
    return this.#served.catalogue.list(trust.id);
  }

  async route(context: TurnContext, trust: Trust): Promise<boolean> {
    const served = this.#served;
    const dc = await this.#openContext(served, context);
    let { state: active, dialog: open } = this.#active(served, dc);
    if (dc && open !== undefined && (active?.trust ?? storedIds(dc.activeDialog?.state)?.trust) !== trust.id) {
      await dc.cancelAllDialogs();
      await this.#save(context);
      await context.sendActivity(dialogReplies.trustChanged);
      active = undefined;
      open = undefined;
    }

    const value: unknown = context.activity.value;
    const isCardAction = value !== undefined && value !== null;
    if (isCardAction) {
      const parsed = parseCardAction(value);
      if (parsed.ok && parsed.action.action === 'startDialog' && this.#offered(served, trust, parsed.action.dialog)) {
        await this.#begin(dc ?? (await served.dialogs.createContext(context)), trust, parsed.action.dialog);
        return true;
      }
    }

    // The open dialog's own buttons and typed answers. One stored by an older definition starts again.
    if (dc && open !== undefined && dialogInputOf(context, served.catalogue, open, active) !== undefined) {
      await dc.continueDialog();
      await this.#save(context);
      return true;
    }
    if (isCardAction) return false;
    if (dc && open !== undefined && active === undefined) {
      // Typed text cannot be read against a step that no longer exists: close it quietly.
      await dc.cancelAllDialogs();
      await this.#save(context);
    }

    const asked = this.#commands(served, trust)(typedText(context));
    if (asked === undefined) return false;
    await this.#begin(dc ?? (await served.dialogs.createContext(context)), trust, asked.id);
    return true;
  }

  suggest(question: string, trust: Trust): DialogSummary | undefined {
    const { catalogue } = this.#served;
    const dialog = catalogue.match(question, trust.id);
    return dialog && catalogue.list(trust.id).find((d) => d.id === dialog.id);
  }

  async start(context: TurnContext, trust: Trust, dialogId: string): Promise<void> {
    const dc = await this.#served.dialogs.createContext(context);
    await this.#begin(dc, trust, dialogId);
  }

  async cancel(context: TurnContext): Promise<boolean> {
    const dc = await this.#openContext(this.#served, context);
    if (dc?.activeDialog === undefined) return false;
    await dc.cancelAllDialogs();
    await this.#save(context);
    return true;
  }

  /**
   * A dialog context for this turn when a dialog is open. Undefined when none is: a
   * turn that neither continues nor starts a dialog builds none, and leaves the
   * dialog state as it was read (nothing to save).
   */
  async #openContext(served: Served, context: TurnContext): Promise<DialogContext | undefined> {
    const stack: unknown = (await this.#stack.get(context))?.dialogStack;
    return Array.isArray(stack) && stack.length > 0 ? served.dialogs.createContext(context) : undefined;
  }

  /**
   * The open guided dialog: its id, and its engine state when that still fits the
   * current definition (`state` is undefined for one stored by an older definition).
   */
  #active(served: Served, dc: DialogContext | undefined): { state?: DialogState; dialog?: string } {
    const instance = dc?.activeDialog;
    if (instance?.id !== GUIDED_DIALOG_ID) return {};
    const state = engineState(served.catalogue, instance.state);
    const dialog = state?.dialog ?? storedIds(instance.state)?.dialog;
    return { ...(state ? { state } : {}), ...(dialog !== undefined ? { dialog } : {}) };
  }

  /** The trust's dialogs as typed commands: their trigger phrases and their titles as its staff see them. */
  #commands({ catalogue, commands }: Served, trust: Trust): CommandMatcher {
    let matcher = commands.get(trust.id);
    if (matcher === undefined) {
      matcher = dialogCommandMatcher(
        catalogue.list(trust.id).flatMap(({ id, title }) => {
          const definition = catalogue.get(id);
          return definition ? [{ id, title, triggers: definition.triggers }] : [];
        }),
      );
      commands.set(trust.id, matcher);
    }
    return matcher;
  }

  #offered({ catalogue }: Served, trust: Trust, dialogId: string): boolean {
    return catalogue.get(dialogId)?.trusts.includes(trust.id) ?? false;
  }

  async #begin(dc: DialogContext, trust: Trust, dialogId: string): Promise<void> {
    await dc.cancelAllDialogs();
    await dc.beginDialog(GUIDED_DIALOG_ID, { dialog: dialogId, trust: trust.id });
    await this.#save(dc.context);
  }

  /** Write the dialog stack and progress now, so another instance sees them on the next turn. */
  async #save(context: TurnContext): Promise<void> {
    await this.#dialogState.saveChanges(context);
    await this.#userState.saveChanges(context);
  }
}
