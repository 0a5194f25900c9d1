/**
 * Progress through dialogs that remember it per person (the induction tour), kept
 * in user state as ids only: which dialog, trust, step and answers, and whether it
 * was finished. Message text is never stored.
 */
import type { StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { z } from 'zod';
import type { DialogCatalogue } from '../../src/dialogs/dialog-catalogue.js';
import { dialogStateSchema } from '../../src/dialogs/dialog-catalogue.js';
import type { DialogState } from '../../src/dialogs/types.js';

const entrySchema = z.strictObject({ state: dialogStateSchema, finished: z.boolean() });
const progressSchema = z.strictObject({ v: z.literal(1), dialogs: z.record(z.string().min(1).max(200), entrySchema) });
type Progress = z.infer<typeof progressSchema>;

/** Where a person was in a dialog, checked against the current definitions. */
export interface SavedProgress {
  state: DialogState;
  finished: boolean;
}

/** Per-person dialog progress in user state. */
export class DialogProgressStore {
  readonly #accessor: StatePropertyAccessor<unknown>;

  constructor(
    userState: UserState,
    private readonly catalogue: DialogCatalogue,
  ) {
    this.#accessor = userState.createProperty<unknown>('guidedDialogProgress');
  }

  async #read(context: TurnContext): Promise<Progress> {
    const parsed = progressSchema.safeParse(await this.#accessor.get(context));
    return parsed.success ? parsed.data : { v: 1, dialogs: {} };
  }

  /** The saved progress in `dialogId` for `trust`, when it still fits the definition. */
  async saved(context: TurnContext, dialogId: string, trust: string): Promise<SavedProgress | undefined> {
    const entry = (await this.#read(context)).dialogs[dialogId];
    if (entry === undefined || entry.state.trust !== trust) return undefined;
    const state = this.catalogue.restore(entry.state);
    return state ? { state, finished: entry.finished } : undefined;
  }

  /** Remember `state`; `finished` when it is an outcome. */
  async record(context: TurnContext, state: DialogState, finished: boolean): Promise<void> {
    const progress = await this.#read(context);
    progress.dialogs[state.dialog] = { state, finished };
    await this.#accessor.set(context, progress);
  }
}
