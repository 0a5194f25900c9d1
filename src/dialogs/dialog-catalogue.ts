/**
 * The validated dialogs with the trust registry: what the bot layer calls to list,
 * start, step, view and restore guided dialogs.
 */
import { z } from 'zod';
import { AssistantError } from '../errors.js';
import type { Trust, TrustId } from '../knowledge/types.js';
import { TriggerMatcher } from './dialog-triggers.js';
import { replayDialog, startDialog, stepDialog, viewDialog } from './engine.js';
import { fillPlaceholders } from './engine.js';
import type { DialogDefinition, DialogInput, DialogListing, DialogState, DialogView, StepResult } from './types.js';

const id = z.string().min(1).max(200);

/** A stored dialog state as it comes back from storage, before it is checked against the definitions. */
export const dialogStateSchema = z.strictObject({
  v: z.literal(1),
  dialog: id,
  trust: id,
  step: id,
  answers: z.array(z.strictObject({ step: id, answer: id })).max(200),
});

/** Validated dialogs and the trusts they are for. */
export class DialogCatalogue {
  readonly #dialogs: readonly DialogDefinition[];
  readonly #byId: ReadonlyMap<string, DialogDefinition>;
  readonly #trusts: ReadonlyMap<TrustId, Trust>;
  /** Each registry trust's dialogs' trigger phrases, read on the trust's first message. */
  readonly #matchers = new Map<TrustId, TriggerMatcher<DialogDefinition>>();

  constructor(dialogs: readonly DialogDefinition[], trusts: readonly Trust[]) {
    this.#dialogs = dialogs;
    this.#byId = new Map(dialogs.map((d) => [d.id, d]));
    this.#trusts = new Map(trusts.map((t) => [t.id, t]));
  }

  /** Every dialog, in file order. */
  get dialogs(): readonly DialogDefinition[] {
    return this.#dialogs;
  }

  /** The dialog with this id. */
  get(dialogId: string): DialogDefinition | undefined {
    return this.#byId.get(dialogId);
  }

  /** The dialogs authored for `trust`, as listed to its staff. */
  list(trust: TrustId): DialogListing[] {
    const t = this.#trusts.get(trust);
    return this.#dialogs
      .filter((d) => d.trusts.includes(trust))
      .map((d) => ({
        id: d.id,
        title: t ? fillPlaceholders(d.title, t) : d.title,
        description: t ? fillPlaceholders(d.description, t) : d.description,
      }));
  }

  /** The dialog for `trust` whose trigger phrase `text` matches, if any. */
  match(text: string, trust: TrustId): DialogDefinition | undefined {
    let matcher = this.#matchers.get(trust);
    if (matcher === undefined) {
      matcher = new TriggerMatcher(this.#dialogs.filter((d) => d.trusts.includes(trust)));
      if (this.#trusts.has(trust)) this.#matchers.set(trust, matcher);
    }
    return matcher.match(text);
  }

  /**
   * The first state of a dialog.
   * @throws AssistantError `DIALOG_INVALID` for an unknown dialog or one not authored for the trust.
   */
  start(dialogId: string, trust: TrustId): DialogState {
    return startDialog(this.#require(dialogId), trust);
  }

  /** Apply an input to a state. */
  step(state: DialogState, input: DialogInput): StepResult {
    return stepDialog(this.#require(state.dialog), state, input);
  }

  /** What to show for a state. */
  view(state: DialogState): DialogView {
    const trust = this.#trusts.get(state.trust);
    if (trust === undefined) throw new AssistantError('TRUST_UNKNOWN', `no trust "${state.trust}" in the trust registry`);
    return viewDialog(this.#require(state.dialog), state, trust);
  }

  /**
   * Check a state read from storage: its shape, and that its answers still lead to
   * its step under the current definitions. Undefined when it no longer fits (for
   * example after the definition changed); the caller then ends the dialog.
   */
  restore(value: unknown): DialogState | undefined {
    const parsed = dialogStateSchema.safeParse(value);
    if (!parsed.success) return undefined;
    const definition = this.#byId.get(parsed.data.dialog);
    if (definition === undefined || !this.#trusts.has(parsed.data.trust)) return undefined;
    const replayed = replayDialog(definition, parsed.data.trust, parsed.data.answers);
    return replayed !== undefined && replayed.step === parsed.data.step ? replayed : undefined;
  }

  #require(dialogId: string): DialogDefinition {
    const definition = this.#byId.get(dialogId);
    if (definition === undefined) throw new AssistantError('DIALOG_INVALID', `no guided dialog "${dialogId}"`);
    return definition;
  }
}
