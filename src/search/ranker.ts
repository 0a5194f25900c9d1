/**
 * Ranking a trust's sections for a question: the lexical score (BM25+ over stems
 * and glossary concepts), how much of the question the section covers (terms
 * weighted by rarity), and, when the semantic stage ran, the embedding similarity
 * of the question to the section and to its best sentence — fused into one score.
 */
import { ROLE_CONCEPT, type AnalysedQuery, type QueryTerm } from './query.js';
import { byteCosine, type ByteVector } from './semantic.js';
import { STOP_WORD_STEMS, type Token } from './tokenizer.js';
import { isSearchable, longestCommonRun, stemPair, type TrustIndex, type UnitTerms } from './trust-index.js';

/** Embeddings for the semantic stage of one question. */
export interface SemanticInput {
  question: Float32Array;
  /** One vector per section of the trust, in index order. */
  sections: readonly ByteVector[];
  /** Per section, one vector per unit. */
  units: readonly (readonly ByteVector[])[];
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
  /** Share of the question's topics named in the section's headings (see {@link headingTopicShare}). */
  headingTopic: number;
  semanticSection: number;
  semanticUnit: number;
}

/** Weights chosen by measurement on staff-style questions (see the eval command). */
export const DEFAULT_WEIGHTS: RankingWeights = { lexical: 0.2, coverage: 0, unitCoverage: 0.5, headingTopic: 0.1, semanticSection: 0.6, semanticUnit: 0 };

/**
 * Share of the topics a question names (glossary concepts of a topical kind:
 * the local offer, complaints, transition…) that the section's headings
 * name (its own and those above it): a section headed "Local offer" is about
 * the local offer, where another that mentions it in passing is not. A
 * question about what someone does counts the roles it names as its topics: a
 * section headed "Teaching Assistants" is where their duties are, more than
 * one headed "Teachers and Teaching Assistants", whose own heading names a
 * role not asked about.
 */
export function headingTopicShare(index: TrustIndex, query: AnalysedQuery, sectionIndex: number): number {
  let named = namedTopicCache.get(query);
  if (!named) {
    const asksDuties = query.concepts.some((c) => c.key === ROLE_CONCEPT);
    const topics = query.concepts.filter((c) => !c.broader && (index.isTopical(c.key) || (asksDuties && index.isRole(c.key)))).map((c) => c.key);
    named = { topics, asksDuties };
    namedTopicCache.set(query, named);
  }
  const { topics, asksDuties } = named;
  if (topics.length === 0) return 0;
  const inHeading = index.glossaryConceptsOfHeadings(sectionIndex);
  let inBoth = 0;
  for (const t of topics) if (inHeading.includes(t)) inBoth++;
  let otherRoles = 0;
  if (asksDuties) for (const r of index.rolesOfOwnHeading(sectionIndex)) if (!topics.includes(r)) otherRoles++;
  return inBoth / (topics.length + otherRoles);
}

/** The topics each question names itself (not through a broader concept), and whether it asks what someone does, worked out once per question. */
const namedTopicCache = new WeakMap<AnalysedQuery, { topics: readonly string[]; asksDuties: boolean }>();

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

/** The question's coverage terms with their weights in one trust's policy, worked out once per question and trust. */
interface WeightedTerms {
  terms: readonly QueryTerm[];
  weights: readonly number[];
  /** Per term: the policy uses it. */
  inPolicy: readonly boolean[];
  /** Sum of the weights of the terms the policy uses. */
  totalPolicy: number;
  /** Sum of the weights of every term. */
  totalAll: number;
  /** Per stem term: other stems of the policy that are probably the same word. */
  variants: readonly (readonly string[])[];
  /** Per term: its number in the trust's dictionaries ({@link TrustIndex.termNumber}); -1 when the policy lacks it. */
  numbers: Int32Array;
  /** Per term: the numbers of its variants. */
  variantNumbers: readonly Int32Array[];
  /** Numbers of the broader concepts the question reaches that the policy holds. */
  broaderNumbers: Int32Array;
  /**
   * Per question token, for phrase bounds: its stem's number, or, for a stop
   * word's stem (which the section's content stems do not list), `-2 - n` for
   * its number `n` in {@link STOP_WORD_STEMS}.
   */
  tokenNumbers: Int32Array;
}

const weightedCache = new WeakMap<AnalysedQuery, Map<TrustIndex, WeightedTerms>>();

function weightedTerms(index: TrustIndex, query: AnalysedQuery): WeightedTerms {
  let byIndex = weightedCache.get(query);
  if (!byIndex) {
    byIndex = new Map();
    weightedCache.set(query, byIndex);
  }
  let weighted = byIndex.get(index);
  if (!weighted) {
    const terms = coverageTerms(query);
    const weights = terms.map((t) => termWeight(index, t));
    const inPolicy = terms.map((t) => index.has(t));
    let totalPolicy = 0;
    let totalAll = 0;
    weights.forEach((w, k) => {
      totalAll += w;
      if (inPolicy[k] === true) totalPolicy += w;
    });
    const variants = terms.map((t) => (t.kind === 'stem' ? index.variants(t.key) : []));
    weighted = {
      terms,
      weights,
      inPolicy,
      totalPolicy,
      totalAll,
      variants,
      numbers: termNumbers(index, terms),
      variantNumbers: variants.map((vs) => (vs.length === 0 ? NONE : stemNumbers(index, vs))),
      broaderNumbers: termNumbers(index, query.concepts.filter((c) => c.broader && index.has(c))),
      tokenNumbers: tokenNumbers(index, query.tokens),
    };
    byIndex.set(index, weighted);
  }
  return weighted;
}

const NONE = new Int32Array(0);

function termNumbers(index: TrustIndex, terms: readonly Pick<QueryTerm, 'kind' | 'key'>[]): Int32Array {
  const out = new Int32Array(terms.length);
  for (let k = 0; k < terms.length; k++) {
    const term = terms[k];
    out[k] = term === undefined ? -1 : index.termNumber(term);
  }
  return out;
}

function stemNumbers(index: TrustIndex, stems: readonly string[]): Int32Array {
  const out = new Int32Array(stems.length);
  for (let k = 0; k < stems.length; k++) out[k] = index.termNumber({ kind: 'stem', key: stems[k] ?? '' });
  return out;
}

function tokenNumbers(index: TrustIndex, tokens: readonly Token[]): Int32Array {
  const out = new Int32Array(tokens.length);
  for (let k = 0; k < tokens.length; k++) {
    const stem = tokens[k]?.stem ?? '';
    const stop = STOP_WORD_STEMS.get(stem);
    out[k] = stop === undefined ? index.termNumber({ kind: 'stem', key: stem }) : -2 - stop;
  }
  return out;
}

function holdsAny(index: TrustIndex, sectionIndex: number, numbers: Int32Array | undefined): boolean {
  if (numbers === undefined) return false;
  for (const n of numbers) if (index.holds(sectionIndex, 'stems', n)) return true;
  return false;
}

/**
 * Rarity-weighted share of the question's terms that section `sectionIndex`
 * contains. A named concept the section lacks earns half credit when the
 * section has a concept the question reaches through it (a question about
 * dyspraxia, a section about specific learning difficulties).
 */
export function sectionCoverage(index: TrustIndex, query: AnalysedQuery, sectionIndex: number): number {
  const { terms, weights, inPolicy, totalPolicy, numbers, variantNumbers, broaderNumbers } = weightedTerms(index, query);
  if (totalPolicy === 0) return 0;
  let broaderHit = false;
  for (const n of broaderNumbers) if (index.holds(sectionIndex, 'concepts', n)) broaderHit = true;
  let matched = 0;
  for (let k = 0; k < terms.length; k++) {
    const term = terms[k];
    if (term === undefined || inPolicy[k] !== true) continue;
    const w = weights[k] ?? 0;
    const n = numbers[k] ?? -1;
    if (term.kind === 'concept') {
      if (index.holds(sectionIndex, 'concepts', n)) matched += w;
      else if (broaderHit) matched += w / 2;
    } else if (index.holds(sectionIndex, 'stems', n)) matched += w;
    else if (holdsAny(index, sectionIndex, variantNumbers[k])) matched += w * 0.7;
  }
  return matched / totalPolicy;
}

/** Per unit of a section: its coverage over the terms the policy uses, and over all of the question's terms. */
export interface UnitScores {
  coverage: number[];
  evidence: number[];
}

/** No units: what a term no unit holds has. */
const NO_UNITS: readonly number[] = [];
const NO_STEMS: readonly string[] = [];

/** Per-unit tallies of {@link unitScores}, reused across calls (one section is scored at a time); grown as needed. */
let tallies = { matchedPolicy: new Float64Array(64), matchedAll: new Float64Array(64), credited: new Uint8Array(64) };

/** {@link tallies} for `n` units, cleared. */
function scratch(n: number): typeof tallies {
  if (tallies.credited.length < n) tallies = { matchedPolicy: new Float64Array(n * 2), matchedAll: new Float64Array(n * 2), credited: new Uint8Array(n * 2) };
  tallies.matchedPolicy.fill(0, 0, n);
  tallies.matchedAll.fill(0, 0, n);
  tallies.credited.fill(0, 0, n);
  return tallies;
}

/** Add `c` to unit `u`'s match over every term and, for a term the policy uses, over those. */
function credit(all: Float64Array, policy: Float64Array, inPolicy: boolean, u: number, c: number): void {
  all[u] = (all[u] ?? 0) + c;
  if (inPolicy) policy[u] = (policy[u] ?? 0) + c;
}

/**
 * Per-unit coverage of `query` in section `sectionIndex`: the rarity-weighted
 * share of the question's terms found in the unit or the section's last
 * heading (for a concept, any of its headings), scaled down for units of
 * fewer than four content words (a bare list entry naming a topic is a
 * mention, not an answer), plus a bonus for a run of
 * words shared with the question. `coverage` counts only the terms the policy
 * uses (a word it never uses cannot tell its sections apart); `evidence`
 * counts every term, for deciding whether to answer at all.
 */
export function unitScores(index: TrustIndex, query: AnalysedQuery, sectionIndex: number): UnitScores {
  const section = index.sections[sectionIndex];
  if (section === undefined) return { coverage: [], evidence: [] };
  const { terms, weights, inPolicy, totalPolicy, totalAll, variants } = weightedTerms(index, query);
  const units = index.unitTerms(sectionIndex);
  const n = units.length;
  const coverage = new Array<number>(n).fill(0);
  const evidence = new Array<number>(n).fill(0);
  if (totalAll === 0) return { coverage, evidence };
  // Credit is added term by term to the units holding each term, found through the section's postings.
  const postings = index.unitPostings(sectionIndex);
  const headingConcepts = index.glossaryConceptsOfHeadings(sectionIndex);
  const { matchedPolicy, matchedAll, credited } = scratch(n);
  for (let k = 0; k < terms.length; k++) {
    const term = terms[k];
    if (term === undefined) continue;
    const w = weights[k] ?? 0;
    const policy = inPolicy[k] === true;
    const inHeading = term.kind === 'concept' ? headingConcepts.includes(term.key) : section.headingStems.has(term.key);
    if (inHeading) {
      for (let u = 0; u < n; u++) credit(matchedAll, matchedPolicy, policy, u, w);
      continue;
    }
    const holders = (term.kind === 'concept' ? postings.concepts : postings.stems).get(term.key) ?? NO_UNITS;
    for (const u of holders) credit(matchedAll, matchedPolicy, policy, u, w);
    const others = variants[k] ?? NO_STEMS;
    if (term.kind === 'concept' || others.length === 0) continue;
    credited.fill(0, 0, n);
    for (const u of holders) credited[u] = 1;
    for (const v of others) {
      for (const u of postings.stems.get(v) ?? NO_UNITS) {
        if (credited[u] === 1) continue;
        credited[u] = 1;
        credit(matchedAll, matchedPolicy, policy, u, w * 0.7);
      }
    }
  }
  const phrase = phraseBonuses(index, query, sectionIndex);
  units.forEach((unit, u) => {
    const size = Math.min(1, unit.contentWords / 4);
    const bonus = phrase[u] ?? 0;
    if (totalPolicy > 0) coverage[u] = ((matchedPolicy[u] ?? 0) / totalPolicy) * size + bonus;
    evidence[u] = ((matchedAll[u] ?? 0) / totalAll) * size + bonus;
  });
  return { coverage, evidence };
}

/**
 * {@link unitScores}' coverage (those the policy uses) or, with `allTerms`, its
 * evidence (every term of the question).
 */
export function unitCoverages(index: TrustIndex, query: AnalysedQuery, sectionIndex: number, options: { allTerms?: boolean } = {}): number[] {
  const scores = unitScores(index, query, sectionIndex);
  return options.allTerms === true ? scores.evidence : scores.coverage;
}

/** The distinct pairs of neighbouring words of each question ({@link stemPair}), worked out once per question. */
const questionPairCache = new WeakMap<AnalysedQuery, readonly string[]>();

function questionPairs(query: AnalysedQuery): readonly string[] {
  let pairs = questionPairCache.get(query);
  if (!pairs) {
    const distinct = new Set<string>();
    for (let k = 0; k + 1 < query.tokens.length; k++) {
      const first = query.tokens[k];
      const second = query.tokens[k + 1];
      if (first !== undefined && second !== undefined) distinct.add(stemPair(first, second));
    }
    pairs = [...distinct];
    questionPairCache.set(query, pairs);
  }
  return pairs;
}

/** Phrase bonuses already worked out for a question, per section's units (a section is scored several times per question). */
const phraseCache = new WeakMap<AnalysedQuery, Map<readonly UnitTerms[], readonly number[]>>();

/**
 * Each unit's bonus for a run of the question's own words in it: none unless
 * the run holds two content words and three words in all.
 */
function phraseBonuses(index: TrustIndex, query: AnalysedQuery, sectionIndex: number): readonly number[] {
  const units = index.unitTerms(sectionIndex);
  let cache = phraseCache.get(query);
  if (!cache) {
    cache = new Map();
    phraseCache.set(query, cache);
  }
  const cached = cache.get(units);
  if (cached !== undefined) return cached;
  // A run of three words or more lies within a stretch of the question whose words all occur in the section, and holds
  // two pairs of neighbouring words the question holds too, one after the other: a unit with fewer such places has no
  // run that earns a bonus, and needs no run search at all. Most sections have no such stretch, most units no such pairs.
  const shared = new Array<number>(units.length).fill(0);
  if (!index.unitsWithinSection(sectionIndex) || sharedStretch(index, query, sectionIndex) >= 3) {
    const { pairs } = index.unitPostings(sectionIndex);
    for (const pair of questionPairs(query)) {
      for (const u of pairs.get(pair) ?? NO_UNITS) shared[u] = (shared[u] ?? 0) + 1;
    }
  }
  const bonuses = units.map((unit, u) => {
    if ((shared[u] ?? 0) < 2) return 0;
    const run = longestCommonRun(query.tokens, unit.tokens);
    return run.content >= 2 ? Math.min(PHRASE_CAP, PHRASE_WEIGHT * (run.length - 2)) : 0;
  });
  cache.set(units, bonuses);
  return bonuses;
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
  const postings = index.unitPostings(sectionIndex);
  const matched = new Array<number>(units.length).fill(0);
  const { terms, weights, inPolicy } = weightedTerms(index, query);
  let total = 0;
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k];
    if (t === undefined || inPolicy[k] !== true) continue;
    const holders = (t.kind === 'concept' ? postings.concepts : postings.stems).get(t.key) ?? NO_UNITS;
    if (holders.length === 0) continue;
    const weight = (weights[k] ?? 0) * (1 + Math.log(units.length / holders.length));
    total += weight;
    for (const u of holders) matched[u] = (matched[u] ?? 0) + weight;
  }
  const phrase = phraseBonuses(index, query, sectionIndex);
  return units.map((unit, k) => {
    const u = section.units[k];
    const time = query.asksWhen && u !== undefined && TIME_EXPRESSION.test(section.section.text.slice(u.start, u.end)) ? 0.2 : 0;
    return (total > 0 ? (matched[k] ?? 0) / total : 0) * Math.min(1, unit.contentWords / 4) + (phrase[k] ?? 0) + time;
  });
}

/** What a unit that holds a phrase the question quotes adds to its coverage. */
const QUOTED_PHRASE_BONUS = 0.3;

/**
 * True when `unit` holds, word for word (by stem), a phrase the question puts
 * in quotation marks: one of two words or more, not all of them stop words
 * ("'best endeavours'", "'less than expected progress'").
 */
export function holdsQuotedPhrase(query: AnalysedQuery, unit: Pick<UnitTerms, 'tokens'>): boolean {
  return query.quoted.some((phrase) => phrase.length >= 2 && phrase.some((t) => !t.stop) && longestCommonRun(phrase, unit.tokens).length === phrase.length);
}

/** How much a unit's coverage drops for each topic it names that the question does not (at most two count). */
const OTHER_TOPIC_DISCOUNT = 0.1;

/** Topics the question names, directly or through a broader concept, worked out once per question. */
const askedTopicCache = new WeakMap<AnalysedQuery, ReadonlySet<string>>();

/**
 * Count of the topics (the local offer, exit from the register, the annual
 * review…) unit `unit` names that the question does not, up to two.
 */
export function otherTopics(query: AnalysedQuery, unit: Pick<UnitTerms, 'topics'>): number {
  let asked = askedTopicCache.get(query);
  if (!asked) {
    asked = new Set(query.concepts.map((c) => c.key));
    askedTopicCache.set(query, asked);
  }
  let other = 0;
  for (const c of unit.topics) if (!asked.has(c) && ++other === 2) break;
  return other;
}

/**
 * Adjust, in place, the coverage of each unit of section `sectionIndex` for what
 * the question asks beyond its words: a question asking when, how long or how
 * often is answered by a sentence that states a time; a phrase it quotes, by the
 * sentence that uses it; and a sentence naming topics the question does not is
 * scaled down (one about taking a pupil off the register answers "do we tell
 * parents when we start SEN provision?" less well than one about telling
 * parents, though both name parents and provision).
 */
function adjustUnitCoverage(index: TrustIndex, query: AnalysedQuery, sectionIndex: number, coverage: number[]): void {
  const terms = index.unitTerms(sectionIndex);
  coverage.forEach((original, k) => {
    const unit = terms[k];
    if (unit === undefined) return;
    let c = original;
    if (query.asksWhen && c > 0 && statesTime(unit)) c += TIME_ANSWER_BONUS;
    if (query.quoted.length > 0 && holdsQuotedPhrase(query, unit)) c += QUOTED_PHRASE_BONUS;
    if (c > 0) {
      const other = otherTopics(query, unit);
      if (other > 0) c *= 1 - OTHER_TOPIC_DISCOUNT * other;
    }
    coverage[k] = c;
  });
}

/**
 * The most any unit of section `sectionIndex` can score after
 * {@link adjustUnitCoverage}: as if one unit held every policy term the
 * section (or its heading) holds, with the longest phrase bonus the question's
 * words present in the section allow, and the time and quoted-phrase bonuses
 * the question can earn. Cheap: a few binary searches in the section's sorted
 * terms, nothing per unit. Where the section's own terms do not include all of
 * its units' ({@link TrustIndex.unitsWithinSection}), the most any unit can score.
 */
export function unitCoverageBound(index: TrustIndex, query: AnalysedQuery, sectionIndex: number): number {
  const { terms, weights, inPolicy, totalPolicy, numbers, variantNumbers } = weightedTerms(index, query);
  const extra = (query.asksWhen ? TIME_ANSWER_BONUS : 0) + (query.quoted.length > 0 ? QUOTED_PHRASE_BONUS : 0);
  if (totalPolicy === 0) return extra;
  if (!index.unitsWithinSection(sectionIndex)) return 1 + PHRASE_CAP + extra;
  const headingConcepts = index.glossaryConceptsOfHeadings(sectionIndex);
  let matched = 0;
  for (let k = 0; k < terms.length; k++) {
    const term = terms[k];
    if (term === undefined || inPolicy[k] !== true) continue;
    const n = numbers[k] ?? -1;
    const held =
      term.kind === 'concept'
        ? index.holds(sectionIndex, 'concepts', n) || headingConcepts.includes(term.key)
        : index.holds(sectionIndex, 'stems', n) || index.holds(sectionIndex, 'heading', n) || holdsAny(index, sectionIndex, variantNumbers[k]);
    if (held) matched += weights[k] ?? 0;
  }
  const longest = sharedStretch(index, query, sectionIndex);
  const phrase = longest >= 3 ? Math.min(PHRASE_CAP, PHRASE_WEIGHT * (longest - 2)) : 0;
  return matched / totalPolicy + phrase + extra;
}

/**
 * The longest stretch of the question's words that all occur somewhere in
 * section `sectionIndex` (stop words among its units' words) and hold two
 * content words: no run the question shares with one of its units is longer,
 * when its units' terms are among the section's own ({@link TrustIndex.unitsWithinSection}).
 */
function sharedStretch(index: TrustIndex, query: AnalysedQuery, sectionIndex: number): number {
  const { tokenNumbers } = weightedTerms(index, query);
  let longest = 0;
  let stretch = 0;
  let content = 0;
  for (let k = 0; k < query.tokens.length; k++) {
    const n = tokenNumbers[k] ?? -1;
    if (n <= -2 ? index.unitsUseStopStem(sectionIndex, -2 - n) : index.holds(sectionIndex, 'stems', n)) {
      stretch++;
      if (query.tokens[k]?.stop === false) content++;
      if (content >= 2 && stretch > longest) longest = stretch;
    } else {
      stretch = 0;
      content = 0;
    }
  }
  return longest;
}

/** Allowance for rounding when a section's bound is compared with an exact score. */
const BOUND_SLACK = 1e-9;

/**
 * Rank `index`'s sections for `query`, best first. Candidates are the sections
 * the lexical index finds plus, with the semantic stage, the closest sections by
 * embedding; at most `limit` are returned. Sentence-level scoring, the dear
 * part, runs on candidates in order of the most they could score
 * ({@link unitCoverageBound}) and stops once no candidate left could reach
 * the `limit`-th best score found: the result is the same as scoring them all.
 */
export function rankSections(
  index: TrustIndex,
  query: AnalysedQuery,
  options: { semantic?: SemanticInput; weights?: RankingWeights; prefix?: boolean; limit?: number } = {},
): RankedSection[] {
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const limit = options.limit ?? 20;
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
      sectionSims.set(i, byteCosine(semantic.question, v));
      let unitBest = -1;
      for (const u of semantic.units[i] ?? []) unitBest = Math.max(unitBest, byteCosine(semantic.question, u));
      unitSims.set(i, unitBest);
    });
    const bySimilarity = [...index.sections.keys()].sort((a, b) => (unitSims.get(b) ?? 0) + (sectionSims.get(b) ?? 0) - ((unitSims.get(a) ?? 0) + (sectionSims.get(a) ?? 0)));
    for (const i of bySimilarity.slice(0, 20)) candidates.add(i);
  }
  // Section-level parts first, with each candidate's bound; bounds hold only when no weight is negative.
  const pending: { i: number; lex: number; coverage: number; headingTopic: number; bound: number }[] = [];
  for (const i of candidates) {
    const section = index.sections[i];
    if (section === undefined) continue;
    const lex = best > 0 ? (lexical.get(i) ?? 0) / best : 0;
    const coverage = sectionCoverage(index, query, i);
    const headingTopic = headingTopicShare(index, query, i);
    const known = weights.lexical * lex + weights.coverage * coverage + weights.headingTopic * headingTopic + weights.semanticSection * (sectionSims.get(i) ?? 0) + weights.semanticUnit * (unitSims.get(i) ?? 0);
    pending.push({ i, lex, coverage, headingTopic, bound: known + weights.unitCoverage * unitCoverageBound(index, query, i) });
  }
  const bounded = Object.values(weights).every((w) => w >= 0);
  pending.sort((a, b) => b.bound - a.bound || a.i - b.i);
  const ranked: RankedSection[] = [];
  for (const { i, lex, coverage, headingTopic, bound } of pending) {
    const kth = ranked[limit - 1];
    if (bounded && kth !== undefined && bound + BOUND_SLACK < kth.score) break;
    const scores = unitScores(index, query, i);
    const units = scores.coverage;
    adjustUnitCoverage(index, query, i, units);
    let unitCoverage = 0;
    let bestUnit = 0;
    units.forEach((u, k) => {
      if (u > unitCoverage) {
        unitCoverage = u;
        bestUnit = k;
      }
    });
    let evidence = 0;
    for (const e of scores.evidence) if (e > evidence) evidence = e;
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
    // Kept best first, as the final order.
    let at = ranked.length;
    for (let previous = ranked[at - 1]; previous !== undefined && byRank(entry, previous) < 0; previous = ranked[at - 1]) at--;
    ranked.splice(at, 0, entry);
  }
  return ranked.slice(0, limit);
}

/** Best first: higher score, then earlier section. */
function byRank(a: RankedSection, b: RankedSection): number {
  return b.score - a.score || a.index - b.index;
}
