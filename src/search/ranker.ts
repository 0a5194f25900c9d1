/**
 * Ranking a trust's sections for a question: the lexical score (BM25+ over stems
 * and glossary concepts), how much of the question the section covers (terms
 * weighted by rarity), and, when the semantic stage ran, the embedding similarity
 * of the question to the section and to its best sentence — fused into one score.
 */
import type { AnalysedQuery, QueryTerm } from './query.js';
import { cosine } from './semantic.js';
import { isSearchable, longestCommonRun, type TrustIndex, type IndexedSection } from './trust-index.js';

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
  semanticSection: number;
  semanticUnit: number;
}

/** Weights chosen by measurement on staff-style questions (see the eval command). */
export const DEFAULT_WEIGHTS: RankingWeights = { lexical: 0.2, coverage: 0.2, unitCoverage: 1, semanticSection: 0.6, semanticUnit: 0 };

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
  /** The same share for the section's best single unit (with its heading), scaled down for bare list entries. */
  unitCoverage: number;
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
  return index.idf(term) * (term.corrected ? 0.8 : 1);
}

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
  const terms = coverageTerms(query);
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
 * share of the question's terms found in the unit or the section's last heading,
 * scaled down for units of fewer than four content words (a bare list entry
 * naming a topic is a mention, not an answer), plus a bonus for a run of
 * words shared with the question.
 */
export function unitCoverages(index: TrustIndex, query: AnalysedQuery, sectionIndex: number): number[] {
  const section = index.sections[sectionIndex];
  if (section === undefined) return [];
  const terms = coverageTerms(query);
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
    const run = longestCommonRun(query.tokens, unit.tokens);
    const phrase = run.content >= 2 ? Math.min(PHRASE_CAP, PHRASE_WEIGHT * (run.length - 2)) : 0;
    return (matched / total) * Math.min(1, unit.contentWords / 4) + phrase;
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
    let unitCoverage = 0;
    let bestUnit = 0;
    units.forEach((u, k) => {
      if (u > unitCoverage) {
        unitCoverage = u;
        bestUnit = k;
      }
    });
    let score = weights.lexical * lex + weights.coverage * coverage + weights.unitCoverage * unitCoverage;
    const entry: RankedSection = { index: i, score, lexical: lex, coverage, unitCoverage, bestUnit };
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
