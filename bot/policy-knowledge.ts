/**
 * What the activity handler needs from the answering core. The knowledge base
 * (`src/answers/knowledge-base.ts`) satisfies it; tests use small fakes built
 * from real policy text.
 */
import type { Answerer, PolicyStatus } from '../src/answers/types.js';
import type { Section, Trust, TrustId } from '../src/knowledge/types.js';

/** The trust registry, the answerer and section look-ups, as the bot uses them. */
export interface PolicyKnowledge {
  /** Every trust in the registry. */
  readonly trusts: readonly Trust[];
  /** The trust with this id, if it is in the registry. */
  trust(id: TrustId): Trust | undefined;
  /** The trusts whose staff sign in with this Microsoft 365 tenant (none when it is unknown). */
  trustsForTenant(tenantId: string): readonly Trust[];
  /** Answers and searches, always within one trust's policy. */
  readonly answerer: Answerer;
  /** A section by id, for "Show the whole section". */
  section(id: string): Section | undefined;
  /** Review status of each of the trust's policies today. */
  policies(trust: TrustId): readonly PolicyStatus[];
}
