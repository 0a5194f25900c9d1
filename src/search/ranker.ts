/**
 * Ranking a trust's sections for a question: the lexical score (BM25+ over stems
 * and glossary concepts), how much of the question the section covers (terms
 * weighted by rarity), and, when the semantic stage ran, the embedding similarity
 * of the question to the section and to its best sentence — fused into one score.
 */
import type { AnalysedQuery, QueryTerm } from './query.js';
import { cosine } from './semantic.js';
import { isSearchable, longestCommonRun, type TrustIndex, type IndexedSection, type UnitTerms } from './trust-index.js';

/** Embeddings for the semantic stage of one question. */
export interface SemanticInput {
  question: Float32Array;
  /** One vector per section of the trust, in index order. */
  sections: readonly Float32Array[];
  /** Per section, one vector per unit. */
  units: readonly (readonly Float32Array[])[];
}

/** Bonus per word, beyond two, of the longest run of words a unit shares with the question ("every teacher is a teacher of SEND"). */
const PHRASE_WEIGHT = 0.08;
/** Most a shared phrase adds to a unit's coverage. */
const PHRASE_CAP = 0.5;

/** Weights of the fused score. */
export interface RankingWeights {
  lexical: number;
  coverage: number;
  unitCoverage: number;
  /** Share of the question's topics named in the section's own heading (see {@link headingTopicShare}). */
  headingTopic: number;
  semanticSection: number;
  semanticUnit: number;
}

/** Weights chosen by measurement on staff-style questions (see the eval command). */
export const DEFAULT_WEIGHTS: RankingWeights = { lexical: 0.2, coverage: 0, unitCoverage: 0.5, headingTopic: 0.1, semanticSection: 0.6, semanticUnit: 0 };

/**
 * Share of the topics a question names (glossary concepts of a topical kind:
 * the local offer, complaints, transition…) that the section's own heading
 * names: a section headed "Local offer" is about the local offer, where
 * another that mentions it in passing is not.
 */
export function headingTopicShare(index: TrustIndex, query: AnalysedQuery, sectionIndex: number): number {
  const topics = query.concepts.filter((c) => !c.broader && index.isTopical(c.key));
  if (topics.length === 0) return 0;
  const inHeading = index.glossaryConceptsOfHeading(sectionIndex);
  return topics.filter((c) => inHeading.includes(c.key)).length / topics.length;
}

/** A section's scores for one question. */
export interface RankedSection {
  /** Position of the section in the trust index. */
  index: number;
  /** Fused score, higher is better. */
  score: number;
  /** Lexical score divided by the best lexical score of this question (0–1). */
  lexical: number;
  /** Rarity-weighted share of the question's terms the section contains (0–1). */
  coverage: number;
  /**
   * The same share for the section's best single unit (with its heading),
   * scaled down for bare list entries, over the terms the policy contains at all
   * (a word the policy never uses cannot tell its sections apart).
   */
  unitCoverage: number;
  /** The best unit's share over all of the question's terms, including those the policy never uses: the evidence for answering at all. */
  evidence: number;
  /** Position of that unit in the section. */
  bestUnit: number;
  /** Cosine similarity of question and section, when the semantic stage ran. */
  semanticSection?: number;
  /** Best cosine similarity of the question to one unit of the section. */
  semanticUnit?: number;
}

/** The terms coverage is measured on: concepts the question names and its other content stems. */
export function coverageTerms(query: AnalysedQuery): QueryTerm[] {
  return [...query.concepts.filter((c) => !c.broader), ...query.freeStems];
}

/** Rarity weight of a term for coverage: its IDF in the trust's policy. */
export function termWeight(index: TrustIndex, term: QueryTerm): number {
  const concept = term.kind === 'concept' ? CONCEPT_WEIGHT : 1;
  return index.idf(term) * concept * (term.corrected ? 0.8 : 1);
}

/** Glossary concepts are SEND vocabulary, so they count for more than the question's other words. */
const CONCEPT_WEIGHT = 1.5;

/** True when `section` contains `term` (a broader concept of a named one counts half; see {@link sectionCoverage}). */
export function sectionHas(section: IndexedSection, term: Pick<QueryTerm, 'kind' | 'key'>): boolean {
  return term.kind === 'concept' ? section.concepts.has(term.key) : section.stems.has(term.key);
}

/**
 * Rarity-weighted share of the question's terms that `section` contains. A
 * named concept the section lacks earns half credit when the section has a
 * concept the question reaches through it (a question about dyspraxia, a
 * section about specific learning difficulties).
 */
export function sectionCoverage(index: TrustIndex, query: AnalysedQuery, section: IndexedSection): number {
  const terms = coverageTerms(query).filter((t) => index.has(t));
  let total = 0;
  let matched = 0;
  const broaderHit = query.concepts.some((c) => c.broader && section.concepts.has(c.key));
  for (const term of terms) {
    const w = termWeight(index, term);
    total += w;
    if (sectionHas(section, term)) matched += w;
    else if (term.kind === 'concept' && broaderHit) matched += w / 2;
    else if (term.kind === 'stem' && index.variants(term.key).some((v) => section.stems.has(v))) matched += w * 0.7;
  }
  return total > 0 ? matched / total : 0;
}

/**
 * Per-unit coverage of `query` in section `sectionIndex`: the rarity-weighted
 * share of the question's terms (those the policy uses, or with `allTerms`
 * every one) found in the unit or the section's last heading,
 * scaled down for units of fewer than four content words (a bare list entry
 * naming a topic is a mention, not an answer), plus a bonus for a run of
 * words shared with the question.
 */
export function unitCoverages(index: TrustIndex, query: AnalysedQuery, sectionIndex: number, options: { allTerms?: boolean } = {}): number[] {
  const section = index.sections[sectionIndex];
  if (section === undefined) return [];
  const terms = coverageTerms(query).filter((t) => options.allTerms === true || index.has(t));
  const weights = terms.map((t) => termWeight(index, t));
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return index.unitTerms(sectionIndex).map(() => 0);
  const headingConcepts = new Set(index.glossaryConceptsOfHeading(sectionIndex));
  return index.unitTerms(sectionIndex).map((unit) => {
    let matched = 0;
    terms.forEach((term, k) => {
      const w = weights[k] ?? 0;
      if (term.kind === 'concept') {
        if (unit.concepts.has(term.key) || headingConcepts.has(term.key)) matched += w;
      } else if (unit.stems.has(term.key) || section.headingStems.has(term.key)) matched += w;
      else if (index.variants(term.key).some((v) => unit.stems.has(v))) matched += w * 0.7;
    });
    const phrase = phraseBonus(query, unit);
    return (matched / total) * Math.min(1, unit.contentWords / 4) + phrase;
  });
}

/** Content stems of each question, worked out once per question. */
const contentStemCache = new WeakMap<AnalysedQuery, ReadonlySet<string>>();

function contentStemsOf(query: AnalysedQuery): ReadonlySet<string> {
  let stems = contentStemCache.get(query);
  if (!stems) {
    stems = new Set(query.tokens.filter((t) => !t.stop).map((t) => t.stem));
    contentStemCache.set(query, stems);
  }
  return stems;
}

/** Phrase bonuses already worked out for a question, per unit (a unit is scored several times per question). */
const phraseCache = new WeakMap<AnalysedQuery, Map<UnitTerms, number>>();

/** The bonus for a run of the question's own words in a unit: none unless the run holds two content words. */
function phraseBonus(query: AnalysedQuery, unit: UnitTerms): number {
  let cache = phraseCache.get(query);
  if (!cache) {
    cache = new Map();
    phraseCache.set(query, cache);
  }
  const cached = cache.get(unit);
  if (cached !== undefined) return cached;
  // Such a run needs two of the unit's words sharing a stem with a content word of the question;
  // most units have fewer, and need no run table at all.
  const stems = contentStemsOf(query);
  let shared = 0;
  for (const t of unit.tokens) if (stems.has(t.stem) && ++shared >= 2) break;
  let bonus = 0;
  if (shared >= 2) {
    const run = longestCommonRun(query.tokens, unit.tokens);
    bonus = run.content >= 2 ? Math.min(PHRASE_CAP, PHRASE_WEIGHT * (run.length - 2)) : 0;
  }
  cache.set(unit, bonus);
  return bonus;
}

/** A duration, frequency or date: what a question asking when, how long or how often is answered with. */
const TIME_ANSWER =
  /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s+(?:(?:working|school|calendar|term)\s+)?(?:days?|weeks?|months?|terms?|years?|hours?)\b|\b(?:termly|annually|annual|yearly|weekly|daily|monthly|fortnightly|half-termly|biannually)\b|\b(?:every|each|once\s+a|twice\s+a|three\s+times\s+a)\s+(?:day|week|fortnight|month|term|half[- ]term|year)\b|\b(?:january|february|march|april|june|july|august|september|october|november|december|autumn\s+term|spring\s+term|summer\s+term)\b|\bby the end of\b|\bin advance\b|\bas soon as\b|\bat least\b/i;

/** What a time-stating sentence adds to its coverage for a question asking when, how long or how often. */
const TIME_ANSWER_BONUS = 0.15;

const timeCache = new WeakMap<Pick<UnitTerms, 'tokens'>, boolean>();

/** True when a unit states a duration, frequency or date ("within 20 weeks", "termly", "by the end of September"). */
export function statesTime(unit: Pick<UnitTerms, 'tokens'>): boolean {
  let states = timeCache.get(unit);
  if (states === undefined) {
    states = TIME_ANSWER.test(unit.tokens.map((t) => t.word).join(' '));
    timeCache.set(unit, states);
  }
  return states;
}

const TIME_EXPRESSION = /\b(?:\d+|one|two|three|four|five|six|twelve|twenty|weeks?|months?|terms?|termly|half-termly|annual|annually|years?|days?|daily|weekly|monthly|(?:jan|febr)uary|march|april|may|june|july|august|september|october|november|december|autumn|spring|summer)\b/i;

/**
 * Scores of the units of a section as quotes for `query`: like
 * {@link unitCoverages}, but a term counts for more the fewer of the
 * section's units hold it (a term in every unit, or in the heading, is the
 * section's subject, not what picks its sentence), and a question asking when
 * or how long prefers a sentence with a time, date or number in it.
 */
export function quoteScores(index: TrustIndex, query: AnalysedQuery, sectionIndex: number): number[] {
  const section = index.sections[sectionIndex];
  if (section === undefined) return [];
  const units = index.unitTerms(sectionIndex);
  const terms = coverageTerms(query).filter((t) => index.has(t));
  const holds = (unit: (typeof units)[number], t: QueryTerm): boolean => (t.kind === 'concept' ? unit.concepts.has(t.key) : unit.stems.has(t.key));
  const weights = terms.map((t) => {
    const inUnits = units.filter((u) => holds(u, t)).length;
    return inUnits === 0 ? 0 : termWeight(index, t) * (1 + Math.log(units.length / inUnits));
  });
  const total = weights.reduce((a, b) => a + b, 0);
  return units.map((unit, k) => {
    let matched = 0;
    terms.forEach((t, j) => {
      if (holds(unit, t)) matched += weights[j] ?? 0;
    });
    const phrase = phraseBonus(query, unit);
    const u = section.units[k];
    const time = query.asksWhen && u !== undefined && TIME_EXPRESSION.test(section.section.text.slice(u.start, u.end)) ? 0.2 : 0;
    return (total > 0 ? matched / total : 0) * Math.min(1, unit.contentWords / 4) + phrase + time;
  });
}

/**
 * Rank `index`'s sections for `query`, best first. Candidates are the sections
 * the lexical index finds plus, with the semantic stage, the closest sections by
 * embedding; at most `limit` are returned.
 */
export function rankSections(
  index: TrustIndex,
  query: AnalysedQuery,
  options: { semantic?: SemanticInput; weights?: RankingWeights; prefix?: boolean; limit?: number } = {},
): RankedSection[] {
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const lexical = index.lexical(query, { prefix: options.prefix ?? false });
  let best = 0;
  for (const v of lexical.values()) best = Math.max(best, v);
  const candidates = new Set(lexical.keys());
  const semantic = options.semantic;
  const sectionSims = new Map<number, number>();
  const unitSims = new Map<number, number>();
  if (semantic) {
    index.sections.forEach((s, i) => {
      const v = semantic.sections[i];
      if (!isSearchable(s.section)) return;
      if (v === undefined) return;
      sectionSims.set(i, cosine(semantic.question, v));
      let unitBest = -1;
      for (const u of semantic.units[i] ?? []) unitBest = Math.max(unitBest, cosine(semantic.question, u));
      unitSims.set(i, unitBest);
    });
    const bySimilarity = [...index.sections.keys()].sort((a, b) => (unitSims.get(b) ?? 0) + (sectionSims.get(b) ?? 0) - ((unitSims.get(a) ?? 0) + (sectionSims.get(a) ?? 0)));
    for (const i of bySimilarity.slice(0, 20)) candidates.add(i);
  }
  const ranked: RankedSection[] = [];
  for (const i of candidates) {
    const section = index.sections[i];
    if (section === undefined) continue;
    const lex = best > 0 ? (lexical.get(i) ?? 0) / best : 0;
    const coverage = sectionCoverage(index, query, section);
    const units = unitCoverages(index, query, i);
    // A question asking when, how long or how often is answered by a sentence that states a time.
    if (query.asksWhen) {
      const terms = index.unitTerms(i);
      units.forEach((u, k) => {
        const t = terms[k];
        if (t && u > 0 && statesTime(t)) units[k] = u + TIME_ANSWER_BONUS;
      });
    }
    let unitCoverage = 0;
    let bestUnit = 0;
    units.forEach((u, k) => {
      if (u > unitCoverage) {
        unitCoverage = u;
        bestUnit = k;
      }
    });
    const evidence = Math.max(0, ...unitCoverages(index, query, i, { allTerms: true }));
    const headingTopic = headingTopicShare(index, query, i);
    let score = weights.lexical * lex + weights.coverage * coverage + weights.unitCoverage * unitCoverage + weights.headingTopic * headingTopic;
    const entry: RankedSection = { index: i, score, lexical: lex, coverage, unitCoverage, evidence, bestUnit };
    if (semantic) {
      const s = sectionSims.get(i) ?? 0;
      const u = unitSims.get(i) ?? 0;
      score += weights.semanticSection * s + weights.semanticUnit * u;
      entry.semanticSection = s;
      entry.semanticUnit = u;
      entry.score = score;
    }
    ranked.push(entry);
  }
  ranked.sort((a, b) => b.score - a.score || a.index - b.index);
  return ranked.slice(0, options.limit ?? 20);
}
