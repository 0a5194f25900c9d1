/**
 * Deciding whether the trust's policy covers a question at all. A score
 * threshold alone cannot do it: a SEND topic the policy never mentions
 * ("intimate care") scores like an answerable question on its other words.
 * So a question is not covered when it names a glossary topic the policy never
 * mentions, and otherwise when its best section matches too little of it —
 * measured by the rarity-weighted share of its terms in one sentence and,
 * with the semantic stage, by embedding similarity.
 */
import type { Glossary } from './glossary.js';
import type { AnalysedQuery } from './query.js';
import { coverageTerms, type RankedSection } from './ranker.js';
import type { TrustIndex } from './trust-index.js';

/** Thresholds of the coverage decision. */
export interface CoverageThresholds {
  /** Least share of the question's weighted terms found in the best section's best unit. */
  minUnitCoverage: number;
  /** With the semantic stage: least similarity of the question to the best unit... */
  minSemanticUnit: number;
  /** ...together with at least this share of the question's terms in the section. */
  minCoverageWithSemantic: number;
}

/** Thresholds chosen by measurement (see the eval command's abstention table). */
export const DEFAULT_THRESHOLDS: CoverageThresholds = { minUnitCoverage: 0.3, minSemanticUnit: 0.5, minCoverageWithSemantic: 0.3 };

/** The coverage decision and why. */
export interface CoverageVerdict {
  covered: boolean;
  /** Glossary topics the question names that the trust's policy never mentions. */
  absentTopics: string[];
  /** Why a question is not covered. */
  reason?: 'no-terms' | 'absent-topic' | 'weak-match';
}

/** Topics (glossary concepts of a topical kind) named in `query` that `index`'s policy never mentions. */
export function absentTopics(index: TrustIndex, query: AnalysedQuery, glossary: Glossary): string[] {
  return query.concepts.filter((c) => !c.broader && glossary.isTopical(c.key) && !index.has(c)).map((c) => c.key);
}

/** Decide whether `index`'s policy covers `query`, given its best-ranked section. */
export function judgeCoverage(
  index: TrustIndex,
  query: AnalysedQuery,
  glossary: Glossary,
  best: RankedSection | undefined,
  thresholds: CoverageThresholds = DEFAULT_THRESHOLDS,
): CoverageVerdict {
  if (coverageTerms(query).length === 0 || best === undefined) return { covered: false, absentTopics: [], reason: 'no-terms' };
  const absent = absentTopics(index, query, glossary);
  if (absent.length > 0) return { covered: false, absentTopics: absent, reason: 'absent-topic' };
  if (best.unitCoverage >= thresholds.minUnitCoverage) return { covered: true, absentTopics: [] };
  if (best.semanticUnit !== undefined && best.semanticUnit >= thresholds.minSemanticUnit && best.coverage >= thresholds.minCoverageWithSemantic) {
    return { covered: true, absentTopics: [] };
  }
  return { covered: false, absentTopics: [], reason: 'weak-match' };
}
