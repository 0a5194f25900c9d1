/**
 * A trust's full-text index held in flat arrays: the minisearch index the build
 * makes (`TrustIndex.build`), turned into one posting list per term and field
 * (documents and term counts in typed arrays), searched with minisearch's own
 * arithmetic. Minisearch keeps a `Map` per term and field and a radix tree of
 * `Map`s; at hundreds of trusts that is most of the memory, and its search
 * allocates an object per matching document and term. This answers the same
 * queries with the same scores in the same order (`tests/src/search/lexical-index.test.ts`
 * holds it to minisearch), for the query the product asks: an OR of groups of
 * terms, each group searching its fields with their boosts, each term with its
 * boost and its prefix and fuzzy matches, weighted as the group says.
 *
 * The order matters where scores tie and where floating-point sums are formed:
 * documents come in the order minisearch first meets them, and prefix and fuzzy
 * matches in the order its radix tree yields them. Terms are numbered in the
 * order a loaded minisearch index iterates them; a prefix query walks them
 * forwards and a fuzzy query backwards, as minisearch's tree walks do.
 */
import type MiniSearch from 'minisearch';
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

/** One term of a query, and how it may match. */
export interface SearchTerm {
  term: string;
  /** Multiplies the term's scores (minisearch's `boostTerm`). */
  boost: number;
  /** Most edits by which an indexed term may differ from it and still match (minisearch's `fuzzy` as a distance); 0 for none. */
  fuzzy: number;
  /** Indexed terms that start with it match too (minisearch's `prefix`). */
  prefix: boolean;
}

/** What a fuzzy and a prefix match weigh against an exact one (minisearch's `weights`). */
export interface MatchWeights {
  fuzzy: number;
  prefix: number;
}

/** Terms searched in the same fields alike: one OR subquery of minisearch. */
export interface TermGroup {
  /** The fields searched, each named once with its boost, in the order their scores are added. */
  fields: readonly (readonly [name: string, boost: number])[];
  terms: readonly SearchTerm[];
  /** Minisearch's defaults when absent. */
  weights?: MatchWeights;
}

/** Minisearch's default weights of fuzzy and prefix matches. */
const DEFAULT_WEIGHTS: MatchWeights = { fuzzy: 0.45, prefix: 0.375 };

/** Minisearch's default BM25+ parameters. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

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
   * Search as `MiniSearch#search` does for the OR of one subquery per group
   * (its fields and their boosts, term boosts, fuzzy and prefix matches and
   * their weights): results best first, documents with equal scores in the
   * order they were first matched.
   */
  search(groups: readonly TermGroup[]): LexicalResult[] {
    const queryTerms = numberTerms(groups);
    const words = Math.max(1, Math.ceil(queryTerms.size / 32));
    const top = this.set(0, words);
    const group = this.set(1, words);
    const single = this.set(2, words);
    for (const g of groups) {
      const boosts = this.fieldBoosts(g.fields);
      const weights = g.weights ?? DEFAULT_WEIGHTS;
      for (const t of g.terms) {
        this.executeTerm(t, weights, boosts, queryTerms.get(t.term) ?? 0, single);
        group.absorb(single);
      }
      top.absorb(group);
    }
    const order = top.order;
    const scores: number[] = [];
    const ranked: number[] = [];
    for (let i = 0; i < order.length; i++) {
      const doc = order[i] ?? 0;
      scores.push((top.scores[doc] ?? 0) * (top.termCount(doc) || 1));
      ranked.push(i);
    }
    ranked.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
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

  /** A group's fields as field numbers with their boosts; fields the index lacks are left out. */
  private fieldBoosts(fields: TermGroup['fields']): [number, number][] {
    const out: [number, number][] = [];
    for (const [name, boost] of fields) {
      const field = this.fields.indexOf(name);
      if (field >= 0) out.push([field, boost]);
    }
    return out;
  }

  /** One term of a query, as minisearch's `executeQuerySpec`. */
  private executeTerm(query: SearchTerm, weights: MatchWeights, boosts: readonly [number, number][], termNumber: number, into: ResultSet): void {
    const { term, boost } = query;
    const exact = this.termIds.get(term);
    if (exact !== undefined) this.termResults(exact, 1, boost, boosts, termNumber, into);
    const fuzzyMatches = query.fuzzy > 0 ? this.within(term, query.fuzzy) : undefined;
    if (query.prefix) {
      for (const id of this.withPrefix(term)) {
        const derived = this.terms[id] ?? '';
        const distance = derived.length - term.length;
        if (!distance) continue;
        fuzzyMatches?.delete(id);
        const weight = (weights.prefix * derived.length) / (derived.length + 0.3 * distance);
        this.termResults(id, weight, boost, boosts, termNumber, into);
      }
    }
    if (fuzzyMatches) {
      for (const [id, distance] of fuzzyMatches) {
        if (!distance) continue;
        const derived = this.terms[id] ?? '';
        const weight = (weights.fuzzy * derived.length) / (derived.length + distance);
        this.termResults(id, weight, boost, boosts, termNumber, into);
      }
    }
  }

  /** BM25+ scores of one term's postings, as minisearch's `termResults`. */
  private termResults(termId: number, termWeight: number, termBoost: number, boosts: readonly [number, number][], termNumber: number, into: ResultSet): void {
    const { k, b, d } = BM25;
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

/** Number every distinct term the query searches for (what minisearch counts for a result's quality). */
function numberTerms(groups: readonly TermGroup[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of groups) for (const { term } of g.terms) if (!out.has(term)) out.set(term, out.size);
  return out;
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
