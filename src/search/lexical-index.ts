/**
 * A trust's full-text index held in flat arrays: the minisearch index the build
 * makes (`TrustIndex.build`), turned into one posting list per term and field
 * (documents and term counts in typed arrays), searched with minisearch's own
 * arithmetic. Minisearch keeps a `Map` per term and field and a radix tree of
 * `Map`s; at hundreds of trusts that is most of the memory, and its search
 * allocates an object per matching document and term. This answers the same
 * queries with the same scores in the same order (`tests/src/search/lexical-index.test.ts`
 * holds it to minisearch), for the options the product uses: OR combinations,
 * per-field boosts, term boosts, prefix and fuzzy matches with their weights.
 *
 * The order matters where scores tie and where floating-point sums are formed:
 * documents come in the order minisearch first meets them, and prefix and fuzzy
 * matches in the order its radix tree yields them. Terms are numbered in the
 * order a loaded minisearch index iterates them; a prefix query walks them
 * forwards and a fuzzy query backwards, as minisearch's tree walks do.
 */
import type MiniSearch from 'minisearch';
import type { AsPlainObject, Query, SearchOptions } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { NearWords } from './letter-sets.js';
import { packUints, unpackUints } from './packed-uints.js';

/** A search result: the document's id and its score. */
export interface LexicalResult {
  id: number;
  score: number;
}

/** The index as the artifact stores it. */
export interface StoredLexicalIndex {
  /** Field names, in field-id order. */
  fields: string[];
  /** Every indexed term, numbered in the order a loaded minisearch index iterates them. */
  terms: string[];
  documentCount: number;
  /** Each document's id (its section's position), by document number (packed). */
  documentIds: string;
  /** Distinct terms of each document's fields, document by document (packed). */
  fieldLengths: string;
  averageFieldLength: number[];
  /** Per field: where each term's postings start (terms + 1 numbers), the documents, and the term's count in each (packed). */
  postings: { offsets: string; documents: string; counts: string }[];
}

/** Search options with minisearch's defaults filled in. */
type ResolvedOptions = SearchOptions & Required<Pick<SearchOptions, 'maxFuzzy' | 'boost' | 'weights' | 'bm25'>>;

/** Minisearch's default search options. */
const DEFAULTS: ResolvedOptions = {
  combineWith: 'OR',
  prefix: false,
  fuzzy: false,
  maxFuzzy: 6,
  boost: {},
  weights: { fuzzy: 0.45, prefix: 0.375 },
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
};

/** Options passed down a query tree (minisearch leaves `queries` in them, undefined). */
type Options_ = SearchOptions & { queries?: unknown };

/** How one query's terms are weighted: field boosts (by field number), fuzzy and prefix weights, BM25+ parameters. */
interface TermWeighting {
  boosts: readonly [number, number][];
  weights: { fuzzy: number; prefix: number };
  bm25: { k: number; b: number; d: number };
}

/** One field's posting lists. */
interface Postings {
  offsets: Uint32Array;
  documents: Uint32Array;
  counts: Uint32Array;
}

/** Results of one (sub)query: per document its score and which query terms it matched, and the order documents joined. */
class ResultSet {
  scores: Float64Array;
  /** Bit per query term, `words` numbers per document. */
  masks: Uint32Array;
  joined: Uint8Array;
  order: number[] = [];
  words = 1;

  constructor(documents: number) {
    this.scores = new Float64Array(documents);
    this.masks = new Uint32Array(documents);
    this.joined = new Uint8Array(documents);
  }

  prepare(words: number): void {
    if (words !== this.words) {
      this.words = words;
      this.masks = new Uint32Array(this.scores.length * words);
    }
  }

  add(doc: number, score: number, term: number): void {
    if (this.joined[doc] === 0) {
      this.joined[doc] = 1;
      this.order.push(doc);
      this.scores[doc] = score;
    } else {
      this.scores[doc] = (this.scores[doc] ?? 0) + score;
    }
    const at = doc * this.words + (term >>> 5);
    this.masks[at] = (this.masks[at] ?? 0) | (1 << (term & 31));
  }

  /** Merge `other` in as minisearch's OR does: new documents appended, shared ones summed; `other` is left empty. */
  absorb(other: ResultSet): void {
    for (const doc of other.order) {
      if (this.joined[doc] === 0) {
        this.joined[doc] = 1;
        this.order.push(doc);
        this.scores[doc] = other.scores[doc] ?? 0;
      } else {
        this.scores[doc] = (this.scores[doc] ?? 0) + (other.scores[doc] ?? 0);
      }
      other.joined[doc] = 0;
      for (let w = 0; w < this.words; w++) {
        const at = doc * this.words + w;
        this.masks[at] = (this.masks[at] ?? 0) | (other.masks[at] ?? 0);
        other.masks[at] = 0;
      }
    }
    other.order = [];
  }

  clear(): void {
    for (const doc of this.order) {
      this.joined[doc] = 0;
      for (let w = 0; w < this.words; w++) this.masks[doc * this.words + w] = 0;
    }
    this.order = [];
  }

  /** Number of distinct query terms document `doc` matched. */
  termCount(doc: number): number {
    let n = 0;
    for (let w = 0; w < this.words; w++) {
      let v = this.masks[doc * this.words + w] ?? 0;
      while (v !== 0) {
        v &= v - 1;
        n++;
      }
    }
    return n;
  }
}

/** A trust's full-text index. Make one with {@link LexicalIndex.fromMiniSearch} or {@link LexicalIndex.restore}. */
export class LexicalIndex {
  private readonly fields: readonly string[];
  private readonly terms: readonly string[];
  private readonly termIds: Map<string, number>;
  private readonly documentCount: number;
  private readonly documentIds: Uint32Array;
  private readonly fieldLengths: Uint32Array;
  private readonly averageFieldLength: readonly number[];
  private readonly postings: readonly Postings[];
  private readonly sets: ResultSet[] = [];
  /** Term ids by length, with the letters each term uses (built on the first fuzzy query). */
  private nearTerms: NearWords<number> | undefined;
  private sorted: Uint32Array | undefined;

  private constructor(stored: Omit<StoredLexicalIndex, 'documentIds' | 'fieldLengths' | 'postings'> & { documentIds: Uint32Array; fieldLengths: Uint32Array; postings: Postings[] }) {
    this.fields = stored.fields;
    this.terms = stored.terms;
    this.termIds = new Map(stored.terms.map((t, i) => [t, i]));
    this.documentCount = stored.documentCount;
    this.documentIds = stored.documentIds;
    this.fieldLengths = stored.fieldLengths;
    this.averageFieldLength = stored.averageFieldLength;
    this.postings = stored.postings;
  }

  /** The index of a minisearch instance, as it searches once saved and loaded. */
  static fromMiniSearch<T>(mini: MiniSearch<T>): LexicalIndex {
    const js = mini.toJSON();
    // A loaded index is what searches, and its radix tree, filled in the order the built one iterates, can iterate
    // terms in another order: number them in the loaded order.
    const loaded = new SearchableMap<number>();
    js.index.forEach(([term], i) => loaded.set(term, i));
    const index = [...loaded.values()].map((i) => js.index[i]).filter((entry) => entry !== undefined);
    const fields = Object.entries(js.fieldIds)
      .sort((a, b) => a[1] - b[1])
      .map(([name]) => name);
    const documentCount = js.documentCount;
    const shortIds = Object.keys(js.documentIds).map(Number);
    if (shortIds.some((id, i) => id !== i) || shortIds.length !== documentCount) throw new RangeError('LexicalIndex: documents are not numbered 0 to n − 1 (was a document removed?)');
    const documentIds = shortIds.map((i) => js.documentIds[i] as number);
    const fieldLengths = shortIds.flatMap((i) => fields.map((_, f) => js.fieldLength[i]?.[f] ?? 0));
    const terms = index.map(([term]) => term);
    const postings = fields.map((_, f) => {
      const offsets = [0];
      const documents: number[] = [];
      const counts: number[] = [];
      for (const [, data] of index) {
        const entry = data[String(f)] ?? {};
        for (const doc of Object.keys(entry).map(Number)) {
          documents.push(doc);
          counts.push(entry[doc] ?? 0);
        }
        offsets.push(documents.length);
      }
      return { offsets: Uint32Array.from(offsets), documents: Uint32Array.from(documents), counts: Uint32Array.from(counts) };
    });
    return new LexicalIndex({ fields, terms, documentCount, documentIds: Uint32Array.from(documentIds), fieldLengths: Uint32Array.from(fieldLengths), averageFieldLength: js.averageFieldLength, postings });
  }

  /**
   * Restore a stored index.
   * @throws RangeError naming the field that does not fit
   */
  static restore(stored: StoredLexicalIndex): LexicalIndex {
    const unpack = (field: string, packed: string) => {
      try {
        return unpackUints(packed);
      } catch (error) {
        throw new RangeError(`${field}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    };
    const { fields, terms, documentCount } = stored;
    if (!Number.isInteger(documentCount) || documentCount < 0) throw new RangeError(`documentCount: ${documentCount} is not a number of documents`);
    const documentIds = unpack('documentIds', stored.documentIds);
    if (documentIds.length !== documentCount) throw new RangeError(`documentIds: ${documentIds.length} ids for ${documentCount} documents`);
    const fieldLengths = unpack('fieldLengths', stored.fieldLengths);
    if (fieldLengths.length !== documentCount * fields.length) throw new RangeError(`fieldLengths: ${fieldLengths.length} numbers for ${documentCount} documents of ${fields.length} fields`);
    if (stored.averageFieldLength.length !== fields.length || stored.averageFieldLength.some((n) => typeof n !== 'number' || !Number.isFinite(n))) {
      throw new RangeError(`averageFieldLength: expected ${fields.length} numbers`);
    }
    if (stored.postings.length !== fields.length) throw new RangeError(`postings: ${stored.postings.length} lists for ${fields.length} fields`);
    const postings = stored.postings.map((p, f) => {
      const at = `postings[${f}]`;
      const offsets = unpack(`${at}.offsets`, p.offsets);
      const documents = unpack(`${at}.documents`, p.documents);
      const counts = unpack(`${at}.counts`, p.counts);
      if (offsets.length !== terms.length + 1 || offsets[0] !== 0 || offsets[terms.length] !== documents.length) throw new RangeError(`${at}.offsets: do not span the postings of ${terms.length} terms`);
      if (counts.length !== documents.length) throw new RangeError(`${at}.counts: ${counts.length} counts for ${documents.length} postings`);
      for (let t = 0; t < terms.length; t++) if ((offsets[t + 1] ?? 0) < (offsets[t] ?? 0)) throw new RangeError(`${at}.offsets: term ${t} ends before it starts`);
      for (const doc of documents) if (doc >= documentCount) throw new RangeError(`${at}.documents: document ${doc} of ${documentCount}`);
      return { offsets, documents, counts };
    });
    return new LexicalIndex({ fields, terms, documentCount, documentIds, fieldLengths, averageFieldLength: stored.averageFieldLength, postings });
  }

  /** For the artifact. */
  store(): StoredLexicalIndex {
    return {
      fields: [...this.fields],
      terms: [...this.terms],
      documentCount: this.documentCount,
      documentIds: packUints(this.documentIds),
      fieldLengths: packUints(this.fieldLengths),
      averageFieldLength: [...this.averageFieldLength],
      postings: this.postings.map((p) => ({ offsets: packUints(p.offsets), documents: packUints(p.documents), counts: packUints(p.counts) })),
    };
  }

  /**
   * Search as `MiniSearch#search` does: results best first, documents with equal
   * scores in the order they were first matched.
   * @throws RangeError for what minisearch supports and this does not (AND, wildcards, document boosts, filters)
   */
  search(query: Query, options: SearchOptions = {}): LexicalResult[] {
    const queryTerms = new Map<string, number>();
    this.collectTerms(query, queryTerms);
    const words = Math.max(1, Math.ceil(queryTerms.size / 32));
    const top = this.set(0, words);
    this.execute(query, options, 0, queryTerms, words, top);
    const order = top.order;
    const scores = new Float64Array(order.length);
    order.forEach((doc, i) => {
      scores[i] = (top.scores[doc] ?? 0) * (top.termCount(doc) || 1);
    });
    const ranked = order.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
    const results = ranked.map((i) => ({ id: this.documentIds[order[i] ?? 0] ?? 0, score: scores[i] ?? 0 }));
    top.clear();
    return results;
  }

  /** The result set for nesting `depth`, empty. */
  private set(depth: number, words: number): ResultSet {
    let set = this.sets[depth];
    if (!set) {
      set = new ResultSet(this.documentCount);
      this.sets[depth] = set;
    }
    set.prepare(words);
    return set;
  }

  /** Number every distinct term the query searches for (what minisearch counts for a result's quality). */
  private collectTerms(query: Query, out: Map<string, number>): void {
    if (typeof query === 'symbol') throw new RangeError('LexicalIndex: wildcard queries are not supported');
    if (typeof query !== 'string') {
      for (const q of query.queries) this.collectTerms(q, out);
      return;
    }
    for (const term of tokens(query)) if (!out.has(term)) out.set(term, out.size);
  }

  private execute(query: Query, options: Options_, depth: number, queryTerms: Map<string, number>, words: number, into: ResultSet): void {
    if (typeof query === 'symbol') throw new RangeError('LexicalIndex: wildcard queries are not supported');
    if (typeof query !== 'string') {
      const merged: Options_ = { ...options, ...query, queries: undefined };
      checkCombination(merged.combineWith);
      const child = this.set(depth + 1, words);
      for (const q of query.queries) {
        this.execute(q, merged, depth + 1, queryTerms, words, child);
        into.absorb(child);
      }
      return;
    }
    const opts: ResolvedOptions = { ...DEFAULTS, ...options };
    checkCombination(opts.combineWith);
    if (opts.boostDocument !== undefined || opts.filter !== undefined) throw new RangeError('LexicalIndex: document boosts and filters are not supported');
    const terms = tokens(query);
    const child = this.set(depth + 1, words);
    // Minisearch keys the field boosts by name: a field named twice counts once.
    const byName = new Map<string, number>();
    for (const field of opts.fields ?? this.fields) byName.set(field, (Object.hasOwn(opts.boost, field) ? opts.boost[field] : undefined) || 1);
    const weighting: TermWeighting = {
      boosts: [...byName].map(([field, boost]): [number, number] => [this.fields.indexOf(field), boost]),
      weights: { ...DEFAULTS.weights, ...opts.weights },
      bm25: { ...DEFAULTS.bm25, ...opts.bm25 },
    };
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i] ?? '';
      this.executeTerm(term, i, terms, opts, weighting, queryTerms.get(term) ?? 0, child);
      into.absorb(child);
    }
  }

  /** One term of a query, as minisearch's `executeQuerySpec`. */
  private executeTerm(term: string, i: number, terms: string[], options: ResolvedOptions, weighting: TermWeighting, termNumber: number, into: ResultSet): void {
    const fuzzyOption = typeof options.fuzzy === 'function' ? options.fuzzy(term, i, terms) : options.fuzzy || false;
    const prefix = typeof options.prefix === 'function' ? options.prefix(term, i, terms) : options.prefix === true;
    const termBoost = typeof options.boostTerm === 'function' ? options.boostTerm(term, i, terms) : 1;
    const { boosts, bm25 } = weighting;
    const { fuzzy: fuzzyWeight, prefix: prefixWeight } = weighting.weights;

    const exact = this.termIds.get(term);
    if (exact !== undefined) this.termResults(exact, 1, termBoost, boosts, bm25, termNumber, into);
    let fuzzyMatches: Map<number, number> | undefined;
    if (fuzzyOption) {
      const fuzzy = fuzzyOption === true ? 0.2 : fuzzyOption;
      const maxDistance = fuzzy < 1 ? Math.min(options.maxFuzzy, Math.round(term.length * fuzzy)) : fuzzy;
      if (maxDistance) fuzzyMatches = this.within(term, maxDistance);
    }
    if (prefix) {
      for (const id of this.withPrefix(term)) {
        const derived = this.terms[id] ?? '';
        const distance = derived.length - term.length;
        if (!distance) continue;
        fuzzyMatches?.delete(id);
        const weight = (prefixWeight * derived.length) / (derived.length + 0.3 * distance);
        this.termResults(id, weight, termBoost, boosts, bm25, termNumber, into);
      }
    }
    if (fuzzyMatches) {
      for (const [id, distance] of fuzzyMatches) {
        if (!distance) continue;
        const derived = this.terms[id] ?? '';
        const weight = (fuzzyWeight * derived.length) / (derived.length + distance);
        this.termResults(id, weight, termBoost, boosts, bm25, termNumber, into);
      }
    }
  }

  /** BM25+ scores of one term's postings, as minisearch's `termResults`. */
  private termResults(termId: number, termWeight: number, termBoost: number, boosts: readonly [number, number][], bm25: { k: number; b: number; d: number }, termNumber: number, into: ResultSet): void {
    const { k, b, d } = bm25;
    for (const [field, fieldBoost] of boosts) {
      const p = this.postings[field];
      if (!p) continue;
      const start = p.offsets[termId] ?? 0;
      const end = p.offsets[termId + 1] ?? 0;
      if (start === end) continue;
      const matchingCount = end - start;
      const avgFieldLength = this.averageFieldLength[field] ?? 0;
      const invDocFreq = Math.log(1 + (this.documentCount - matchingCount + 0.5) / (matchingCount + 0.5));
      for (let at = start; at < end; at++) {
        const doc = p.documents[at] ?? 0;
        const termFreq = p.counts[at] ?? 0;
        const fieldLength = this.fieldLengths[doc * this.fields.length + field] ?? 0;
        const rawScore = invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
        into.add(doc, termWeight * termBoost * fieldBoost * rawScore, termNumber);
      }
    }
  }

  /** Terms starting with `prefix` (itself included), in the order minisearch's prefix walk yields them. */
  private withPrefix(prefix: string): number[] {
    this.sorted ??= Uint32Array.from(this.terms.map((_, i) => i).sort((a, b) => ((this.terms[a] ?? '') < (this.terms[b] ?? '') ? -1 : 1)));
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.terms[sorted[mid] ?? 0] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < sorted.length && (this.terms[sorted[i] ?? 0] ?? '').startsWith(prefix); i++) out.push(sorted[i] ?? 0);
    return out.sort((a, b) => a - b);
  }

  /** Terms within `maxDistance` edits of `term`, with their distance, in the order minisearch's fuzzy walk yields them. */
  private within(term: string, maxDistance: number): Map<number, number> {
    let near = this.nearTerms;
    if (!near) {
      near = new NearWords<number>();
      for (let id = 0; id < this.terms.length; id++) near.add(this.terms[id] ?? '', id);
      this.nearTerms = near;
    }
    const found: { id: number; distance: number }[] = [];
    near.forEachCandidate(term, maxDistance, (text, id) => {
      const distance = boundedDistance(term, text, maxDistance);
      if (distance <= maxDistance) found.push({ id, distance });
    });
    // Highest id first: the fuzzy walk visits the radix tree in the opposite order to the one terms are numbered in.
    found.sort((a, b) => b.id - a.id);
    return new Map(found.map((f) => [f.id, f.distance]));
  }
}

function tokens(text: string): string[] {
  return text.split(' ').filter((t) => t.length > 0);
}

function checkCombination(combineWith: string | undefined): void {
  if (combineWith !== undefined && combineWith.toLowerCase() !== 'or') throw new RangeError(`LexicalIndex: only OR combinations are supported, not ${combineWith}`);
}

/** Two rows of {@link boundedDistance}'s table, reused across calls. */
let distanceRows: [Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64)];

/**
 * Levenshtein distance of `a` and `b`, or `max + 1` when it is more than `max`.
 * Only the band of cells within `max` of the diagonal is filled: any path
 * through a cell outside it costs more than `max`.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  if (distanceRows[0].length < cols + 1) distanceRows = [new Int32Array(cols * 2), new Int32Array(cols * 2)];
  let [previous, current] = distanceRows;
  const over = max + 1;
  for (let j = 0; j < cols; j++) previous[j] = j <= max ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    current[from - 1] = from === 1 ? i : over;
    let best = current[from - 1] ?? over;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const substitute = (previous[j - 1] ?? over) + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const remove = (previous[j] ?? over) + 1;
      const insert = (current[j - 1] ?? over) + 1;
      const value = substitute < remove ? (substitute < insert ? substitute : insert) : remove < insert ? remove : insert;
      current[j] = value;
      if (value < best) best = value;
    }
    if (to < b.length) current[to + 1] = over;
    if (best > max) return over;
    const spare = previous;
    previous = current;
    current = spare;
  }
  const distance = previous[b.length] ?? over;
  return distance > max ? over : distance;
}

/** Re-exported for the types of queries this index answers. */
export type { AsPlainObject, Query, SearchOptions };
