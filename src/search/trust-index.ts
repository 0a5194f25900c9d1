/**
 * One trust's searchable policy: a full-text index of its sections (content
 * stems of heading and text, and glossary concepts; built with minisearch and
 * searched from flat arrays, `lexical-index.ts`), term statistics for
 * weighting, the sections' quotable units, and (when the semantic stage is on)
 * their embeddings. Nothing here ever sees another trust's sections.
 */
import MiniSearch, { type Options } from 'minisearch';
import type { Section, TrustId } from '../knowledge/types.js';
import type { Glossary } from './glossary.js';
import { LexicalIndex, type MatchWeights, type SearchTerm, type StoredLexicalIndex, type TermGroup } from './lexical-index.js';
import type { AnalysedQuery, QueryTerm } from './query.js';
import { packUints, unpackUints } from './packed-uints.js';
import { SectionTerms, type StoredSectionTerms, type TermSet } from './section-terms.js';
import { leadIns, splitUnits, type Unit } from './sentences.js';
import { analyse, STOP_WORD_STEMS, type Token } from './tokenizer.js';

/** A section with what search needs to know about it. */
export interface IndexedSection {
  section: Section;
  /** Quotable units (sentences, list items) of `section.text`. */
  readonly units: readonly Unit[];
  /** Content stems of the heading path and text. */
  stems: TermSet;
  /** Glossary concepts of the heading path and text. */
  concepts: TermSet;
  /** Content stems of the last heading. */
  headingStems: TermSet;
}

/** The terms of one unit of a section, for proximity scoring and quote selection. */
export interface UnitTerms {
  /** Content stems of the unit and of the lead-in it belongs to ("The SENCO will:"). */
  stems: ReadonlySet<string>;
  /** Concepts of the unit and of its lead-in. */
  concepts: ReadonlySet<string>;
  /** Those of `concepts` that are topics (see {@link Glossary.isTopical}). */
  topics: readonly string[];
  /** Number of content words in the unit itself. */
  contentWords: number;
  /** The unit's own tokens (stop words included), for phrase matches. */
  tokens: readonly Token[];
}

/**
 * Which units of one section hold each term, so a question's few terms are
 * looked up once per section instead of once per unit.
 */
export interface UnitPostings {
  /** Per content stem of a unit or of its lead-in: the positions of the units holding it, ascending. */
  stems: ReadonlyMap<string, readonly number[]>;
  /** Per concept of a unit or of its lead-in, likewise. */
  concepts: ReadonlyMap<string, readonly number[]>;
  /** Per pair of neighbouring words' stems ({@link stemPair}): the unit's position once for each place it holds the pair. */
  pairs: ReadonlyMap<string, readonly number[]>;
}

/** The key of two neighbouring words by their stems, for {@link UnitPostings.pairs}. */
export function stemPair(first: Token, second: Token): string {
  return `${first.stem} ${second.stem}`;
}

/** Where each stem occurs in a run of tokens, worked out once per run (a question is compared with many sentences). */
const positionCache = new WeakMap<readonly Token[], ReadonlyMap<string, readonly number[]>>();

function positionsOf(tokens: readonly Token[]): ReadonlyMap<string, readonly number[]> {
  let positions = positionCache.get(tokens);
  if (!positions) {
    const map = new Map<string, number[]>();
    tokens.forEach((t, i) => {
      const list = map.get(t.stem);
      if (list) list.push(i);
      else map.set(t.stem, [i]);
    });
    positions = map;
    positionCache.set(tokens, positions);
  }
  return positions;
}

/** Run lengths and content-word counts ending at each position of `a`, for the previous and the current word of `b`; reused across calls. */
const runs = { previous: new Int32Array(64), previousContent: new Int32Array(64), current: new Int32Array(64), currentContent: new Int32Array(64) };

/** No positions: what a word the other run of tokens lacks has. */
const NOWHERE: readonly number[] = [];

/**
 * The longest run of consecutive words shared by `a` and `b` (compared by
 * stem), as its length and the number of content words in it (most content
 * words first, then the longer run). Only the positions of `a` holding each
 * word of `b` are visited, so a sentence sharing few words with a question
 * costs little.
 */
export function longestCommonRun(a: readonly Token[], b: readonly Token[]): { length: number; content: number } {
  if (runs.previous.length < a.length) {
    const size = a.length * 2;
    runs.previous = new Int32Array(size);
    runs.previousContent = new Int32Array(size);
    runs.current = new Int32Array(size);
    runs.currentContent = new Int32Array(size);
  }
  const positions = positionsOf(a);
  let { previous, previousContent, current, currentContent } = runs;
  let touchedBefore = NOWHERE;
  let bestLength = 0;
  let bestContent = 0;
  for (const y of b) {
    const at = positions.get(y.stem) ?? NOWHERE;
    for (const i of at) {
      const length = (i > 0 ? (previous[i - 1] ?? 0) : 0) + 1;
      const content = (i > 0 ? (previousContent[i - 1] ?? 0) : 0) + (a[i]?.stop === true ? 0 : 1);
      current[i] = length;
      currentContent[i] = content;
      if (content > bestContent || (content === bestContent && length > bestLength)) {
        bestLength = length;
        bestContent = content;
      }
    }
    // The runs ending at the previous word are spent; the current word's become the previous.
    for (const i of touchedBefore) {
      previous[i] = 0;
      previousContent[i] = 0;
    }
    const spare = previous;
    previous = current;
    current = spare;
    const spareContent = previousContent;
    previousContent = currentContent;
    currentContent = spareContent;
    touchedBefore = at;
  }
  for (const i of touchedBefore) {
    previous[i] = 0;
    previousContent[i] = 0;
  }
  // The rows swapped roles along the way: keep them as they are now, all zero again.
  runs.previous = previous;
  runs.previousContent = previousContent;
  runs.current = current;
  runs.currentContent = currentContent;
  return { length: bestLength, content: bestContent };
}

/** A sentence that only points to another document or part: "(see appendix 1)", "Please see the Trust's Medical Conditions Policy". */
const CROSS_REFERENCE = /^\W*(?:please\s+)?(?:see|refer\s+to)\b[^.;:]*[.)]?\W*$/i;

/** 32-bit words per section for a bit per stop-word stem. */
const STOP_STEM_WORDS = Math.ceil(STOP_WORD_STEMS.size / 32);

/** A trust's index as the artifact stores it, so loading needs no re-analysis. */
export interface StoredTrustIndex {
  /** Each section's terms. */
  terms: StoredSectionTerms;
  /** Each section's quotable units: start and end offsets in its text, and where each section's pairs begin (both packed). */
  units: { bounds: string; offsets: string };
  /** The full-text index. */
  lexical: StoredLexicalIndex;
}

interface IndexDocument {
  id: number;
  heading: string;
  text: string;
  concepts: string;
}

/**
 * How many of the best sections by words alone go on to the sentence-level
 * ranking, which reorders them: at least {@link MIN_LEXICAL_CANDIDATES}, half
 * the trust's sections in a bigger trust (where copies of one school's section
 * in other schools' policies crowd the top), and never more than
 * {@link MAX_LEXICAL_CANDIDATES}. An OR query matches nearly every section;
 * ranking them all makes a question's cost grow with the trust's size. On the
 * development and held-out questions the sections finally cited were all among
 * the best 18 by words alone.
 */
export function lexicalCandidates(sections: number): number {
  return Math.min(MAX_LEXICAL_CANDIDATES, Math.max(MIN_LEXICAL_CANDIDATES, Math.ceil(sections / 2)));
}

/** Fewest sections handed on to the sentence-level ranking (see {@link lexicalCandidates}). */
export const MIN_LEXICAL_CANDIDATES = 24;

/** Most sections handed on to the sentence-level ranking (see {@link lexicalCandidates}). */
export const MAX_LEXICAL_CANDIDATES = 100;

/** The fields stems are searched in, with their boosts: a heading naming the topic is strong evidence. */
const STEM_FIELDS: TermGroup['fields'] = [
  ['heading', 2],
  ['text', 1],
];

/** The field concepts are searched in, with its boost: concepts join spellings. */
const CONCEPT_FIELDS: TermGroup['fields'] = [['concepts', 1.2]];

/** What a stem's fuzzy and prefix matches weigh. */
const STEM_MATCH_WEIGHTS: MatchWeights = { fuzzy: 0.35, prefix: 0.5 };

const MINISEARCH_OPTIONS: Options<IndexDocument> = {
  fields: ['heading', 'text', 'concepts'],
  idField: 'id',
  // Fields are analysed before indexing (stems joined by spaces), so the index only splits them.
  tokenize: (text) => text.split(' ').filter((t) => t.length > 0),
  processTerm: (term) => term,
};

/** The quotable units of a trust's sections: start/end pairs in one array, each section's pairs a run of it. */
class UnitBounds {
  private constructor(
    private readonly bounds: Uint32Array,
    private readonly offsets: Uint32Array,
  ) {}

  static store(sections: readonly IndexedSection[]): StoredTrustIndex['units'] {
    const bounds: number[] = [];
    const offsets = [0];
    for (const s of sections) {
      for (const u of s.units) bounds.push(u.start, u.end);
      offsets.push(bounds.length / 2);
    }
    return { bounds: packUints(bounds), offsets: packUints(offsets) };
  }

  /** @throws RangeError naming the field that does not fit `sections` */
  static restore(stored: StoredTrustIndex['units'], sections: readonly Section[]): UnitBounds {
    let bounds: Uint32Array;
    let offsets: Uint32Array;
    try {
      bounds = unpackUints(stored.bounds);
      offsets = unpackUints(stored.offsets);
    } catch (error) {
      throw new RangeError(`units: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (offsets.length !== sections.length + 1 || offsets[0] !== 0 || (offsets[sections.length] ?? 0) * 2 !== bounds.length) {
      throw new RangeError(`units.offsets: ${offsets.length} numbers do not span ${bounds.length / 2} units of ${sections.length} sections`);
    }
    sections.forEach((section, i) => {
      const from = offsets[i] ?? 0;
      const to = offsets[i + 1] ?? 0;
      if (to < from) throw new RangeError(`units.offsets: section ${i} ends before it starts`);
      for (let k = from; k < to; k++) {
        const start = bounds[k * 2] ?? 0;
        const end = bounds[k * 2 + 1] ?? 0;
        if (end < start || end > section.text.length) throw new RangeError(`units.bounds: unit ${k - from} of section ${section.id} is outside its text`);
      }
    });
    return new UnitBounds(bounds, offsets);
  }

  /** The units of section `index`. */
  of(index: number): Unit[] {
    const out: Unit[] = [];
    for (let k = this.offsets[index] ?? 0; k < (this.offsets[index + 1] ?? 0); k++) out.push({ start: this.bounds[k * 2] ?? 0, end: this.bounds[k * 2 + 1] ?? 0 });
    return out;
  }
}

/** A section of a loaded index; its units are unpacked on first use. */
class StoredSection implements IndexedSection {
  readonly section: Section;
  readonly stems: TermSet;
  readonly concepts: TermSet;
  readonly headingStems: TermSet;
  private unpacked: readonly Unit[] | undefined;

  constructor(
    section: Section,
    private readonly bounds: UnitBounds,
    private readonly index: number,
    terms: SectionTerms,
  ) {
    this.section = section;
    ({ stems: this.stems, concepts: this.concepts, headingStems: this.headingStems } = terms.of(index));
  }

  get units(): readonly Unit[] {
    this.unpacked ??= this.bounds.of(this.index);
    return this.unpacked;
  }
}

/** One trust's search index. Build with {@link TrustIndex.build} or {@link TrustIndex.load}. */
export class TrustIndex {
  readonly trust: TrustId;
  readonly sections: readonly IndexedSection[];
  private readonly terms: SectionTerms;
  private readonly fullText: LexicalIndex;
  private readonly stemDf: ReadonlyMap<string, number>;
  private readonly conceptDf: ReadonlyMap<string, number>;
  private readonly variantCache = new Map<string, string[]>();
  private readonly unitCache = new Map<number, UnitTerms[]>();
  private readonly leadInCache = new Map<number, readonly (number | undefined)[]>();
  private readonly postingCache = new Map<number, UnitPostings>();
  /** Per section whose postings were worked out: 1 when its units' terms are all among the section's own, 2 when not. */
  private readonly unitsContained: Uint8Array;
  /** Per section, a bit per stop-word stem ({@link STOP_WORD_STEMS}) its units use; set with the postings. */
  private readonly stopStems: Uint32Array;
  private readonly headingConceptCache = new Map<number, string[]>();
  private readonly ownHeadingRoleCache = new Map<number, string[]>();
  private readonly glossary: Glossary;

  private constructor(trust: TrustId, sections: IndexedSection[], terms: SectionTerms, fullText: LexicalIndex, glossary: Glossary) {
    this.trust = trust;
    this.sections = sections;
    this.terms = terms;
    this.fullText = fullText;
    this.glossary = glossary;
    this.stemDf = terms.documentFrequencies('stems');
    this.conceptDf = terms.documentFrequencies('concepts');
    this.unitsContained = new Uint8Array(sections.length);
    this.stopStems = new Uint32Array(sections.length * STOP_STEM_WORDS);
  }

  /** Analyse `sections` (all of `trust`) and index them. */
  static build(trust: TrustId, sections: readonly Section[], glossary: Glossary): TrustIndex {
    const documents: IndexDocument[] = [];
    // Each section's heading and text are analysed once, for its statistics and its index document alike.
    const analysed = sections.map((section, id) => {
      const tokens = sectionTokens(section);
      const s = analyseSection(section, glossary, tokens);
      if (isSearchable(section)) documents.push(toDocument(s, id, tokens));
      return s;
    });
    const mini = new MiniSearch<IndexDocument>(MINISEARCH_OPTIONS);
    mini.addAll(documents);
    const fullText = LexicalIndex.fromMiniSearch(mini);
    const terms = SectionTerms.of(analysed.map((s) => ({ stems: [...s.stems.keys()], concepts: [...s.concepts.keys()], headingStems: [...s.headingStems] })));
    const indexed = analysed.map((s, i): IndexedSection => ({ section: s.section, units: s.units, ...terms.of(i) }));
    return new TrustIndex(trust, indexed, terms, fullText, glossary);
  }

  /**
   * Restore an index saved with {@link TrustIndex.store} for the same `sections`.
   * @throws RangeError naming the part of `stored` that does not fit the sections
   */
  static load(trust: TrustId, sections: readonly Section[], stored: StoredTrustIndex, glossary: Glossary): TrustIndex {
    let terms: SectionTerms;
    try {
      terms = SectionTerms.restore(stored.terms, sections.length);
    } catch (error) {
      throw new RangeError(`terms.${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const units = UnitBounds.restore(stored.units, sections);
    const indexed = sections.map((section, i) => new StoredSection(section, units, i, terms));
    let fullText: LexicalIndex;
    try {
      fullText = LexicalIndex.restore(stored.lexical);
    } catch (error) {
      throw new RangeError(`lexical.${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return new TrustIndex(trust, indexed, terms, fullText, glossary);
  }

  /** The index as the artifact stores it. */
  store(): StoredTrustIndex {
    return { terms: this.terms.store(), units: UnitBounds.store(this.sections), lexical: this.fullText.store() };
  }

  /**
   * Glossary concepts of the headings of section `index`: its own and those
   * above it, not the document's title (a subsection is about what its parents
   * name: "Definitions > Disability" defines disability). Analysed on first use.
   */
  glossaryConceptsOfHeadings(index: number): readonly string[] {
    const cached = this.headingConceptCache.get(index);
    if (cached) return cached;
    const section = this.sections[index]?.section;
    const heading = section ? informativeHeadings(section).join('\n') : '';
    const concepts = this.glossary.conceptsOf(heading, this.trust);
    this.headingConceptCache.set(index, concepts);
    return concepts;
  }

  /** The roles (see {@link Glossary.isRole}) that section `index`'s own heading names, not those above it. Analysed on first use. */
  rolesOfOwnHeading(index: number): readonly string[] {
    const cached = this.ownHeadingRoleCache.get(index);
    if (cached) return cached;
    const section = this.sections[index]?.section;
    const own = section && informativeHeadings(section).length > 0 ? (section.headingPath.at(-1) ?? '') : '';
    const roles = this.glossary.conceptsOf(own, this.trust).filter((c) => this.glossary.isRole(c));
    this.ownHeadingRoleCache.set(index, roles);
    return roles;
  }

  /** True when the glossary concept `key` is a topic (see {@link Glossary.isTopical}). */
  isTopical(key: string): boolean {
    return this.glossary.isTopical(key);
  }

  /** True when the glossary concept `key` is a role or body (see {@link Glossary.isRole}). */
  isRole(key: string): boolean {
    return this.glossary.isRole(key);
  }

  /** The terms of each unit of section `index`, analysed on first use. */
  unitTerms(index: number): readonly UnitTerms[] {
    const cached = this.unitCache.get(index);
    if (cached) return cached;
    const s = this.sections[index];
    const text = s?.section.text ?? '';
    const units = s?.units ?? [];
    const own: UnitTerms[] = units.map((u) => {
      const unitText = text.slice(u.start, u.end);
      const tokens = analyse(unitText);
      const content = tokens.filter((t) => !t.stop);
      const concepts = new Set(this.glossary.match(tokens, this.trust).map((m) => m.concept));
      // A pointer elsewhere ("(see the SEND Offer for the definition)") names what it points to without saying it:
      // it counts as a short sentence, enough to answer where to look, not what is meant.
      const contentWords = CROSS_REFERENCE.test(unitText) ? Math.min(2, content.length) : content.length;
      return { stems: new Set(content.map((t) => t.stem)), concepts, topics: this.topicsOf(concepts), contentWords, tokens };
    });
    // A list item belongs to the lead-in above it ("They will:"), which says who or what it is about.
    const lead = this.leadIns(index);
    const out = own.map((unit, k): UnitTerms => {
      const l = lead[k];
      const inherited = l === undefined ? undefined : own[l];
      if (!inherited) return unit;
      const concepts = new Set([...unit.concepts, ...inherited.concepts]);
      return { ...unit, stems: new Set([...unit.stems, ...inherited.stems]), concepts, topics: this.topicsOf(concepts) };
    });
    this.unitCache.set(index, out);
    return out;
  }

  /** For each unit of section `index`, the position of the lead-in it belongs to ({@link leadIns}), worked out on first use. */
  leadIns(index: number): readonly (number | undefined)[] {
    let leads = this.leadInCache.get(index);
    if (!leads) {
      const s = this.sections[index];
      leads = s ? leadIns(s.section.text, s.units) : [];
      this.leadInCache.set(index, leads);
    }
    return leads;
  }

  private topicsOf(concepts: ReadonlySet<string>): string[] {
    return [...concepts].filter((c) => this.glossary.isTopical(c));
  }

  /** Which units of section `index` hold each term (see {@link UnitPostings}), worked out on first use. */
  unitPostings(index: number): UnitPostings {
    const cached = this.postingCache.get(index);
    if (cached) return cached;
    const stems = new Map<string, number[]>();
    const concepts = new Map<string, number[]>();
    const pairs = new Map<string, number[]>();
    const stopStems = new Set<number>();
    const post = (map: Map<string, number[]>, key: string, unit: number) => {
      const list = map.get(key);
      if (list) list.push(unit);
      else map.set(key, [unit]);
    };
    this.unitTerms(index).forEach((unit, u) => {
      for (const s of unit.stems) post(stems, s, u);
      for (const c of unit.concepts) post(concepts, c, u);
      const { tokens } = unit;
      tokens.forEach((t, k) => {
        const stop = STOP_WORD_STEMS.get(t.stem);
        if (stop !== undefined) stopStems.add(stop);
        const next = tokens[k + 1];
        if (next !== undefined) post(pairs, stemPair(t, next), u);
      });
    });
    const postings: UnitPostings = { stems, concepts, pairs };
    this.postingCache.set(index, postings);
    const section = this.sections[index];
    let contained = section !== undefined;
    for (const s of stems.keys()) if (section?.stems.has(s) !== true) contained = false;
    for (const c of concepts.keys()) if (section?.concepts.has(c) !== true) contained = false;
    this.unitsContained[index] = contained ? 1 : 2;
    for (const stop of stopStems) {
      const at = index * STOP_STEM_WORDS + (stop >>> 5);
      this.stopStems[at] = (this.stopStems[at] ?? 0) | (1 << (stop & 31));
    }
    return postings;
  }

  /** True when some unit of section `index` uses a stop word whose stem is number `stop` of {@link STOP_WORD_STEMS}. */
  unitsUseStopStem(index: number, stop: number): boolean {
    if (this.unitsContained[index] === 0) this.unitPostings(index);
    return ((this.stopStems[index * STOP_STEM_WORDS + (stop >>> 5)] ?? 0) & (1 << (stop & 31))) !== 0;
  }

  /**
   * True when every stem and concept of section `index`'s units (lead-ins
   * included) is among the section's own terms, so what the section holds
   * bounds what any one unit does. Almost always so; a glossary phrase matched
   * within a sentence but not across the whole text is the exception.
   */
  unitsWithinSection(index: number): boolean {
    if (this.unitsContained[index] === 0) this.unitPostings(index);
    return this.unitsContained[index] === 1;
  }

  /** The number of a term in this trust's dictionaries, for {@link TrustIndex.holds}; -1 when no section holds it. */
  termNumber(term: Pick<QueryTerm, 'kind' | 'key'>): number {
    return (term.kind === 'concept' ? this.terms.concepts : this.terms.stems).id(term.key) ?? -1;
  }

  /**
   * True when section `index` holds term number `id` (see {@link TrustIndex.termNumber}):
   * among its content stems, its concepts, or the stems of its last heading.
   */
  holds(index: number, part: 'stems' | 'concepts' | 'heading', id: number): boolean {
    return id >= 0 && this.terms.holds(index, part === 'stems' ? 0 : part === 'concepts' ? 1 : 2, id);
  }

  /** Number of sections. */
  get size(): number {
    return this.sections.length;
  }

  /** How many of this trust's sections contain the term. */
  documentFrequency(term: Pick<QueryTerm, 'kind' | 'key'>): number {
    return (term.kind === 'concept' ? this.conceptDf : this.stemDf).get(term.key) ?? 0;
  }

  /** True when the trust's policy contains the term anywhere. */
  has(term: Pick<QueryTerm, 'kind' | 'key'>): boolean {
    return this.documentFrequency(term) > 0;
  }

  /**
   * Other stems of this trust's policy that are probably the same word in
   * another part of speech: one is a prefix of the other, both at least five
   * letters, differing by at most three ("defin"/"definit", "identifi"/"identif").
   */
  variants(stemKey: string): readonly string[] {
    const cached = this.variantCache.get(stemKey);
    if (cached) return cached;
    const out: string[] = [];
    if (stemKey.length >= 5 && /^[a-z]+$/.test(stemKey)) {
      for (const other of this.stemDf.keys()) {
        if (other === stemKey || other.length < 5 || Math.abs(other.length - stemKey.length) > 3) continue;
        if (other.startsWith(stemKey) || stemKey.startsWith(other)) out.push(other);
      }
    }
    this.variantCache.set(stemKey, out);
    return out;
  }

  /** BM25 inverse document frequency of a term in this trust's policy (highest for absent terms). */
  idf(term: Pick<QueryTerm, 'kind' | 'key'>): number {
    const n = this.sections.length;
    const df = this.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Lexical (BM25+) scores of the best {@link lexicalCandidates} sections
   * for `query`, keyed by section position. `prefix` also matches words that
   * start with the last query term (typeahead).
   */
  lexical(query: AnalysedQuery, options: { prefix?: boolean } = {}): Map<number, number> {
    const stemBoost = new Map<string, number>();
    for (const t of query.allStems) {
      for (const v of this.variants(t.key)) if (!stemBoost.has(v)) stemBoost.set(v, 0.5);
    }
    for (const t of query.allStems) stemBoost.set(t.key, t.corrected ? 0.8 : 1);
    const groups: TermGroup[] = [];
    if (stemBoost.size > 0) {
      // Fuzzy only for words the policy does not contain, so exact matches are never drowned; prefix (typeahead) only
      // for the last stem of three letters or more.
      const last = options.prefix === true ? query.allStems.at(-1)?.key : undefined;
      const terms: SearchTerm[] = [];
      for (const [term, boost] of stemBoost) terms.push({ term, boost, fuzzy: term.length >= 6 && !this.stemDf.has(term) ? 1 : 0, prefix: term === last && term.length >= 3 });
      groups.push({ fields: STEM_FIELDS, terms, weights: STEM_MATCH_WEIGHTS });
    }
    if (query.concepts.length > 0) {
      groups.push({ fields: CONCEPT_FIELDS, terms: query.concepts.map((t) => ({ term: t.key, boost: t.broader ? 0.4 : 1, fuzzy: 0, prefix: false })) });
    }
    const scores = new Map<number, number>();
    if (groups.length === 0) return scores;
    // Results come best first; only the best go on to the (much dearer) sentence-level ranking.
    const results = this.fullText.search(groups);
    const count = Math.min(results.length, lexicalCandidates(this.sections.length));
    for (let i = 0; i < count; i++) {
      const r = results[i];
      if (r) scores.set(r.id, r.score);
    }
    return scores;
  }
}

const CONTENTS_HEADING = /^\s*(?:table of\s+)?contents\s*:?\s*$/i;

/**
 * False for sections that never answer a question: empty ones (a heading with
 * only subheadings under it) and the table of contents.
 */
export function isSearchable(section: Section): boolean {
  return /[A-Za-z]/.test(section.text) && !CONTENTS_HEADING.test(section.headingPath.at(-1) ?? '');
}

/** What the index build finds in one section: its units, and its terms with how often each occurs. */
export interface SectionAnalysis {
  section: Section;
  units: Unit[];
  /** Content stems of the heading path and text, with counts. */
  stems: Map<string, number>;
  /** Glossary concepts of the heading path and text, with counts. */
  concepts: Map<string, number>;
  /** Content stems of the last heading. */
  headingStems: Set<string>;
}

/** Analyse one section for the index. */
export function analyseSection(section: Section, glossary: Glossary, tokens: SectionTokens = sectionTokens(section)): SectionAnalysis {
  const lastHeading = informativeHeadings(section).at(-1) ?? '';
  const stems = new Map<string, number>();
  for (const part of [tokens.heading, tokens.text]) for (const t of part) if (!t.stop) stems.set(t.stem, (stems.get(t.stem) ?? 0) + 1);
  const concepts = new Map<string, number>();
  for (const part of [tokens.heading, tokens.text]) {
    for (const m of glossary.match(part, section.trust)) concepts.set(m.concept, (concepts.get(m.concept) ?? 0) + 1);
  }
  const headingStems = new Set(analyse(lastHeading).filter((t) => !t.stop).map((t) => t.stem));
  return { section, units: splitUnits(section.text), stems, concepts, headingStems };
}

/**
 * The headings of a section that say what it is about: its heading path
 * without the document's title (which heads the title page and says nothing
 * about any one passage).
 */
export function informativeHeadings(section: Section): string[] {
  return section.headingPath.filter((h) => h.trim() !== section.document.trim()).map(withoutClauseNumber);
}

/** A clause number opening a heading ("12.", "4.2") numbers it and says nothing of its topic: "room 12" is no question about section 12. */
const CLAUSE_NUMBER = /^\s*\d+(?:\.\d+)*\.?(?=\s)/;

function withoutClauseNumber(heading: string): string {
  return heading.replace(CLAUSE_NUMBER, '');
}

/** The analysed words of a section's informative headings and of its text. */
export interface SectionTokens {
  heading: Token[];
  text: Token[];
}

/** Analyse a section's informative headings (joined by line breaks) and its text. */
export function sectionTokens(section: Section): SectionTokens {
  return { heading: analyse(informativeHeadings(section).join('\n')), text: analyse(section.text) };
}

function toDocument(s: SectionAnalysis, id: number, tokens: SectionTokens): IndexDocument {
  const content = (part: readonly Token[]): string =>
    part
      .filter((t) => !t.stop)
      .map((t) => t.stem)
      .join(' ');
  const concepts: string[] = [];
  for (const [c, n] of s.concepts) for (let i = 0; i < n; i++) concepts.push(c);
  return { id, heading: content(tokens.heading), text: content(tokens.text), concepts: concepts.join(' ') };
}
