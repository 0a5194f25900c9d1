/**
 * Deciding whether the trust's policy covers a question at all. A score
 * threshold alone cannot do it: a SEND topic the policy never mentions
 * ("intimate care") scores like an answerable question on its other words,
 * and an out-of-scope question ("when do we get paid this month?") can share a
 * rare word with one sentence. So the decision has three parts:
 *
 * 1. A question naming a glossary topic the trust's policy never mentions is
 *    not covered, however well its other words match.
 * 2. How strongly the question is tied to SEND sets the bar: a specific SEND
 *    concept (EHCP, SENCO, dyslexia, annual review) needs only some match in
 *    the best section; a general one (SEND, disability) needs a fair share, and
 *    a share that is only fair needs the best sentence's meaning to agree; a
 *    question with no SEND concept at all needs most of its words in one sentence.
 * 3. The match is the rarity-weighted share of the question's terms in the best
 *    section's best sentence; with the semantic stage, the embedding similarity
 *    of question and best sentence is a second signal.
 *
 * A question quoting a phrase the best section uses ("what does 'best
 * endeavours' mean?") is covered whatever its other words.
 */
import type { Glossary } from './glossary.js';
import { asksForTimeCount, ROLE_CONCEPT, type AnalysedQuery, type QueryTerm } from './query.js';
import { coverageTerms, holdsQuotedPhrase, statesTime, type RankedSection } from './ranker.js';
import type { TrustIndex } from './trust-index.js';

/** Least best-sentence coverage, by how strongly the question is tied to SEND. */
export interface CoverageThresholds {
  /** The question names a specific SEND concept. */
  strongAnchor: number;
  /** The question names only general SEND terms... */
  weakAnchor: number;
  /** ...and, with the semantic stage, the best sentence is at least this similar unless the match reaches {@link CoverageThresholds.weakAnchorClear}... */
  weakAnchorSemanticFloor: number;
  /** ...a match at which the general terms need no second signal... */
  weakAnchorClear: number;
  /** ...or, with the semantic stage, the best sentence is at least this similar. */
  weakAnchorSemantic: number;
  /** The question names no SEND concept... */
  noAnchor: number;
  /** ...and, with the semantic stage, the best sentence is also at least this similar. */
  noAnchorSemantic: number;
}

/** Thresholds chosen by measurement on the development and held-out questions (see `npm run eval -- --thresholds`). */
export const DEFAULT_THRESHOLDS: CoverageThresholds = {
  strongAnchor: 0.05,
  weakAnchor: 0.2,
  weakAnchorSemanticFloor: 0.3,
  weakAnchorClear: 0.4,
  weakAnchorSemantic: 0.45,
  noAnchor: 0.45,
  noAnchorSemantic: 0.35,
};

/** How strongly a question is tied to SEND by the concepts it names. */
export type Anchor = 'none' | 'weak' | 'strong';

/** The coverage decision and why. */
export interface CoverageVerdict {
  covered: boolean;
  /** Glossary topics the question names that the trust's policy never mentions. */
  absentTopics: string[];
  anchor: Anchor;
  /** Why a question is not covered. */
  reason?: 'no-terms' | 'absent-topic' | 'weak-match';
}

/**
 * Topics (glossary concepts of a topical kind) named in `query` that `index`'s
 * policy never mentions, neither by name nor by a broader concept (a policy
 * that says when an EHCP is applied for covers the EHC needs assessment). A
 * topic named only in the scene a question sets ("refusing to get changed for
 * PE") is not what it asks about, and does not count. A question about what a
 * role does ("who is the designated teacher?") is about that role, and counts
 * it as a topic when the policy names none of the roles it asks about.
 */
export function absentTopics(index: TrustIndex, query: AnalysedQuery, glossary: Glossary): string[] {
  const named = query.concepts.filter((c) => !c.broader && c.scene !== true);
  const topics = named.filter((c) => glossary.isTopical(c.key) && absentFrom(index, glossary, c)).map((c) => c.key);
  // A question about what someone does is about that role: when the policy names none of the roles asked about, it does not cover it.
  const roles = named.filter((c) => glossary.isRole(c.key));
  if (named.some((c) => c.key === ROLE_CONCEPT) && roles.length > 0 && roles.every((c) => absentFrom(index, glossary, c))) topics.push(...roles.map((c) => c.key));
  return topics;
}

/** True when `index`'s policy mentions concept `c` neither by name nor by a broader concept. */
function absentFrom(index: TrustIndex, glossary: Glossary, c: QueryTerm): boolean {
  return !index.has(c) && !glossary.broader(c.key).some((b) => index.has({ kind: 'concept', key: b }));
}

/**
 * The strongest SEND tie among the concepts `query` names, or reaches through
 * a broader one, that the trust's policy mentions (a SEND word the policy never
 * uses ties the question to nothing in it; ADHD reaches social, emotional and
 * mental health needs, which it may well cover).
 */
export function questionAnchor(query: AnalysedQuery, glossary: Glossary, index?: TrustIndex): Anchor {
  let anchor: Anchor = 'none';
  for (const c of query.concepts) {
    if (index !== undefined && !index.has(c)) continue;
    const strength = glossary.anchorStrength(c.key);
    if (strength === 'strong') return 'strong';
    if (strength === 'weak') anchor = 'weak';
  }
  return anchor;
}

/**
 * True when the best section uses, word for word, a phrase the question puts in
 * quotation marks ("what does 'less than expected progress' mean?", see
 * {@link holdsQuotedPhrase}). A question about what the policy means by its own
 * words is about the policy, however few SEND words it uses.
 */
export function quotesPolicyPhrase(index: TrustIndex, query: AnalysedQuery, best: RankedSection): boolean {
  return query.quoted.length > 0 && index.unitTerms(best.index).some((u) => holdsQuotedPhrase(query, u));
}

/**
 * The coverage decision when it does not depend on the ranking: a question
 * with no terms to match, or naming a topic the policy never mentions, is not
 * covered whatever its best section. Undefined when the ranking decides.
 */
export function coverageBeforeRanking(index: TrustIndex, query: AnalysedQuery, glossary: Glossary): CoverageVerdict | undefined {
  if (coverageTerms(query).length === 0) return { covered: false, absentTopics: [], anchor: questionAnchor(query, glossary, index), reason: 'no-terms' };
  const absent = absentTopics(index, query, glossary);
  if (absent.length > 0) return { covered: false, absentTopics: absent, anchor: questionAnchor(query, glossary, index), reason: 'absent-topic' };
  return undefined;
}

/** Decide whether `index`'s policy covers `query`, given its best-ranked section. */
export function judgeCoverage(
  index: TrustIndex,
  query: AnalysedQuery,
  glossary: Glossary,
  best: RankedSection | undefined,
  thresholds: CoverageThresholds = DEFAULT_THRESHOLDS,
): CoverageVerdict {
  return coverageBeforeRanking(index, query, glossary) ?? coverageAfterRanking(index, query, glossary, best, thresholds);
}

/** The coverage decision for a question {@link coverageBeforeRanking} left to the ranking, given its best-ranked section. */
export function coverageAfterRanking(
  index: TrustIndex,
  query: AnalysedQuery,
  glossary: Glossary,
  best: RankedSection | undefined,
  thresholds: CoverageThresholds = DEFAULT_THRESHOLDS,
): CoverageVerdict {
  const anchor = questionAnchor(query, glossary, index);
  if (best === undefined) return { covered: false, absentTopics: [], anchor, reason: 'no-terms' };
  if (quotesPolicyPhrase(index, query, best)) return { covered: true, absentTopics: [], anchor };
  // "How many weeks…?" is not answered by a passage that states no time at all, however close its topic.
  if (asksForTimeCount(query) && !index.unitTerms(best.index).some((u) => statesTime(u))) return { covered: false, absentTopics: [], anchor, reason: 'weak-match' };
  const lexical = best.evidence;
  const semantic = best.semanticUnit;
  let covered: boolean;
  if (anchor === 'strong') covered = lexical >= thresholds.strongAnchor;
  else if (anchor === 'weak') {
    // "SEND" is in nearly every sentence of a SEND policy: a thin match on the rest needs the meaning to agree too.
    const lexicalHolds = lexical >= thresholds.weakAnchorClear || (lexical >= thresholds.weakAnchor && (semantic === undefined || semantic >= thresholds.weakAnchorSemanticFloor));
    covered = lexicalHolds || (semantic !== undefined && semantic >= thresholds.weakAnchorSemantic);
  }
  else covered = lexical >= thresholds.noAnchor && (semantic === undefined || semantic >= thresholds.noAnchorSemantic);
  return covered ? { covered, absentTopics: [], anchor } : { covered, absentTopics: [], anchor, reason: 'weak-match' };
}
