/**
 * Knowledge updates while serving. {@link KnowledgeHolder} is the knowledge the
 * handler answers from; `reload()` opens the knowledge folder afresh (rebuilding
 * the index when the policies changed) and swaps it in only when it opened
 * completely. A corrupt, unreadable or invalid policy or registry is reported with
 * its code and file name, and the previous knowledge keeps serving. Reloads run
 * one at a time; `SIGHUP` asks for one.
 */
import type { KnowledgeBase } from '../src/answers/knowledge-base.js';
import type { PolicyStatus } from '../src/answers/types.js';
import { isAssistantError } from '../src/errors.js';
import type { Section, Trust, TrustId } from '../src/knowledge/types.js';
import type { Logger } from './logger.js';
import type { PolicyKnowledge } from './policy-knowledge.js';

/** How a reload ended. */
export type ReloadOutcome =
  | { ok: true; trusts: TrustId[]; ms: number }
  /** `code` is the error catalogue's code when the product raised it; `message` names the file. */
  | { ok: false; code: string; message: string };

/** Holds the knowledge being served and swaps in a reloaded one atomically. */
export class KnowledgeHolder implements PolicyKnowledge {
  #current: KnowledgeBase;
  #reloading: Promise<ReloadOutcome> | undefined;

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
    try {
      next = await this.open();
    } catch (error) {
      const code = isAssistantError(error) ? error.code : 'UNEXPECTED';
      const message = error instanceof Error ? error.message : String(error);
      this.logger?.error({ event: 'knowledge-reload-failed', code, reason: message }, 'the knowledge could not be reloaded: still serving the previous knowledge');
      return { ok: false, code, message };
    }
    this.#current = next;
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
