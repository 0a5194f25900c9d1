/**
 * Knowledge updates while serving. {@link KnowledgeHolder} is the knowledge the
 * handler answers from; `reload()` opens the knowledge folder afresh (rebuilding
 * the index when the policies changed), rebuilds what is served alongside it (the
 * guided dialogs, re-read and re-checked against the new policies) and swaps them
 * all in only when every part opened completely. A corrupt, unreadable or invalid
 * policy, registry or dialog file is reported with its code and file name, and the
 * previous knowledge and dialogs keep serving. Reloads run one at a time; `SIGHUP`
 * asks for one.
 */
import type { KnowledgeBase } from '../src/answers/knowledge-base.js';
import type { PolicyStatus } from '../src/answers/types.js';
import { isAssistantError } from '../src/errors.js';
import type { PolicyDocument, Section, Trust, TrustId } from '../src/knowledge/types.js';
import type { Logger } from './logger.js';
import type { PolicyKnowledge } from './policy-knowledge.js';

/** How a reload ended. */
export type ReloadOutcome =
  | { ok: true; trusts: TrustId[]; ms: number }
  /** `code` is the error catalogue's code when the product raised it; `message` names the file. */
  | { ok: false; code: string; message: string };

/**
 * Something served alongside the knowledge and rebuilt with it on every reload (the
 * guided dialogs). `prepare` builds it for the knowledge about to be served and
 * returns the function that puts it in service; it throws (an `AssistantError` with
 * its code) to refuse the reload, and then nothing changes.
 */
export interface ReloadCompanion {
  /** What it is called in logs. */
  readonly name: string;
  prepare(next: KnowledgeBase): Promise<() => void>;
}

/** Something a {@link ReloadCompanion} can join: the server's {@link KnowledgeHolder}. */
export interface Reloadable {
  /** Rebuild `companion` on every reload, and swap it in with the knowledge. */
  reloadWith(companion: ReloadCompanion): void;
}

/** Holds the knowledge being served and swaps in a reloaded one, with its companions, atomically. */
export class KnowledgeHolder implements PolicyKnowledge, Reloadable {
  #current: KnowledgeBase;
  #reloading: Promise<ReloadOutcome> | undefined;
  readonly #companions: ReloadCompanion[] = [];

  constructor(
    initial: KnowledgeBase,
    private readonly open: () => Promise<KnowledgeBase>,
    private readonly logger?: Logger,
  ) {
    this.#current = initial;
  }

  /** The knowledge being served now. */
  current(): KnowledgeBase {
    return this.#current;
  }

  reloadWith(companion: ReloadCompanion): void {
    this.#companions.push(companion);
  }

  /** Open the knowledge again and serve it if it opened; a reload already running is joined, not repeated. */
  reload(): Promise<ReloadOutcome> {
    this.#reloading ??= this.load().finally(() => {
      this.#reloading = undefined;
    });
    return this.#reloading;
  }

  private async load(): Promise<ReloadOutcome> {
    const started = performance.now();
    this.logger?.info({ event: 'knowledge-reload' }, 'reloading the knowledge');
    let next: KnowledgeBase;
    const swaps: Array<() => void> = [];
    let part = 'knowledge';
    try {
      next = await this.open();
      for (const companion of this.#companions) {
        part = companion.name;
        swaps.push(await companion.prepare(next));
      }
    } catch (error) {
      const code = isAssistantError(error) ? error.code : 'UNEXPECTED';
      const message = error instanceof Error ? error.message : String(error);
      this.logger?.error(
        { event: 'knowledge-reload-failed', part, code, reason: message },
        'the knowledge could not be reloaded: still serving the previous knowledge and guided dialogs',
      );
      return { ok: false, code, message };
    }
    this.#current = next;
    for (const swap of swaps) swap();
    const ms = Math.round(performance.now() - started);
    const trusts = next.trusts.map((t) => t.id);
    this.logger?.info({ event: 'knowledge-reloaded', trusts, ms }, 'knowledge reloaded');
    return { ok: true, trusts, ms };
  }

  get trusts(): readonly Trust[] {
    return this.#current.trusts;
  }

  trust(id: TrustId): Trust | undefined {
    return this.#current.trust(id);
  }

  trustsForTenant(tenantId: string): readonly Trust[] {
    return this.#current.trustsForTenant(tenantId);
  }

  get answerer(): KnowledgeBase['answerer'] {
    return this.#current.answerer;
  }

  /** The current knowledge's documents of `trust`, with their sections. */
  documentsOf(trust: TrustId): PolicyDocument[] {
    return this.#current.documentsOf(trust);
  }

  section(id: string): Section | undefined {
    return this.#current.section(id);
  }

  policies(trust: TrustId): readonly PolicyStatus[] {
    return this.#current.policies(trust);
  }
}

/** Reload on `SIGHUP`; returns a function that stops listening. */
export function reloadOnHangup(holder: Pick<KnowledgeHolder, 'reload'>): () => void {
  const onHangup = () => {
    void holder.reload();
  };
  process.on('SIGHUP', onHangup);
  return () => process.removeListener('SIGHUP', onHangup);
}
