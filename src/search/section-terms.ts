/**
 * The terms of each of a trust's sections (content stems, glossary concepts,
 * stems of the last heading), held compactly: one dictionary of terms per
 * trust, and per section a sorted run of term ids in one shared array, instead
 * of a `Map` of strings per section. The same layout is what the index
 * artifact stores, packed (`packed-uints.ts`).
 */
import { packUints, unpackUints } from './packed-uints.js';

/** Terms that can say whether they hold a term (a `Set<string>` is one). */
export interface TermSet extends Iterable<string> {
  has(term: string): boolean;
  keys(): Iterable<string>;
  readonly size: number;
}

/** A trust's terms of one kind, each with a number (its position, in first-seen order). */
export class TermDictionary {
  readonly terms: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(terms: readonly string[]) {
    this.terms = terms;
    this.ids = new Map(terms.map((t, i) => [t, i]));
  }

  /** The term's number, or `undefined` when no section holds it. */
  id(term: string): number | undefined {
    return this.ids.get(term);
  }

  get size(): number {
    return this.terms.length;
  }
}

/** True when the sorted run `ids[start, end)` holds `id` (binary search). */
function runHolds(ids: Uint32Array, start: number, end: number, id: number): boolean {
  let lo = start;
  let hi = end - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid] ?? 0;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** One section's terms: a sorted run `[start, end)` of ids in a trust-wide array. */
class TermRun implements TermSet {
  constructor(
    private readonly dictionary: TermDictionary,
    private readonly ids: Uint32Array,
    private readonly start: number,
    private readonly end: number,
  ) {}

  has(term: string): boolean {
    const id = this.dictionary.id(term);
    return id !== undefined && runHolds(this.ids, this.start, this.end, id);
  }

  get size(): number {
    return this.end - this.start;
  }

  *keys(): IterableIterator<string> {
    for (let i = this.start; i < this.end; i++) yield this.dictionary.terms[this.ids[i] ?? 0] ?? '';
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.keys();
  }
}

/** The three term sets of one section. */
export interface SectionTermSets {
  stems: TermSet;
  concepts: TermSet;
  headingStems: TermSet;
}

/** What the artifact stores for a trust's section terms. */
export interface StoredSectionTerms {
  /** Content stems (of text and headings), numbered in the order sections first use them. */
  stems: string[];
  /** Glossary concepts, numbered likewise. */
  concepts: string[];
  /** Per section, three sorted runs of ids: stems, concepts, last-heading stems (packed). */
  ids: string;
  /** Where each run starts, and where the last ends: 3 × sections + 1 numbers (packed). */
  offsets: string;
}

/** A trust's section terms in memory: dictionaries and one array of ids. */
export class SectionTerms {
  readonly stems: TermDictionary;
  readonly concepts: TermDictionary;
  private readonly ids: Uint32Array;
  private readonly offsets: Uint32Array;

  private constructor(stems: TermDictionary, concepts: TermDictionary, ids: Uint32Array, offsets: Uint32Array) {
    this.stems = stems;
    this.concepts = concepts;
    this.ids = ids;
    this.offsets = offsets;
  }

  /**
   * Number the terms of `sections` (in section order, each section's terms in
   * their own order) and lay them out. Stems come before heading-only stems in
   * the stem dictionary, so its order is the order sections first use a stem.
   */
  static of(sections: readonly { stems: readonly string[]; concepts: readonly string[]; headingStems: readonly string[] }[]): SectionTerms {
    const stems = new Map<string, number>();
    const concepts = new Map<string, number>();
    const number = (terms: Map<string, number>, term: string): number => {
      let id = terms.get(term);
      if (id === undefined) {
        id = terms.size;
        terms.set(term, id);
      }
      return id;
    };
    for (const s of sections) {
      for (const t of s.stems) number(stems, t);
      for (const c of s.concepts) number(concepts, c);
    }
    for (const s of sections) for (const t of s.headingStems) number(stems, t);
    const ids: number[] = [];
    const offsets: number[] = [];
    const run = (terms: Map<string, number>, of: readonly string[]) => {
      offsets.push(ids.length);
      const sorted = [...new Set(of.map((t) => terms.get(t) ?? 0))].sort((a, b) => a - b);
      for (const id of sorted) ids.push(id);
    };
    for (const s of sections) {
      run(stems, s.stems);
      run(concepts, s.concepts);
      run(stems, s.headingStems);
    }
    offsets.push(ids.length);
    return new SectionTerms(new TermDictionary([...stems.keys()]), new TermDictionary([...concepts.keys()]), Uint32Array.from(ids), Uint32Array.from(offsets));
  }

  /**
   * Restore stored terms for `sections` sections.
   * @throws RangeError naming the field that does not fit
   */
  static restore(stored: StoredSectionTerms, sections: number): SectionTerms {
    const unpack = (field: string, packed: string) => {
      try {
        return unpackUints(packed);
      } catch (error) {
        throw new RangeError(`${field}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    };
    const ids = unpack('ids', stored.ids);
    const offsets = unpack('offsets', stored.offsets);
    if (offsets.length !== sections * 3 + 1) throw new RangeError(`offsets: ${offsets.length} numbers for ${sections} sections (expected ${sections * 3 + 1})`);
    if (offsets[0] !== 0 || offsets[offsets.length - 1] !== ids.length) throw new RangeError('offsets: do not span the ids');
    for (let r = 0; r < sections * 3; r++) {
      const start = offsets[r] ?? 0;
      const end = offsets[r + 1] ?? 0;
      if (end < start) throw new RangeError(`offsets: run ${r} ends before it starts`);
      const limit = r % 3 === 1 ? stored.concepts.length : stored.stems.length;
      for (let i = start; i < end; i++) {
        const id = ids[i] ?? 0;
        if (id >= limit) throw new RangeError(`ids: ${id} in run ${r} is past the end of its dictionary`);
        if (i > start && id <= (ids[i - 1] ?? 0)) throw new RangeError(`ids: run ${r} is not sorted`);
      }
    }
    return new SectionTerms(new TermDictionary(stored.stems), new TermDictionary(stored.concepts), ids, offsets);
  }

  /** For the artifact. */
  store(): StoredSectionTerms {
    return { stems: [...this.stems.terms], concepts: [...this.concepts.terms], ids: packUints(this.ids), offsets: packUints(this.offsets) };
  }

  /** Number of sections. */
  get sections(): number {
    return (this.offsets.length - 1) / 3;
  }

  /**
   * True when section `index`'s run of kind `run` (0 stems, 1 concepts, 2
   * last-heading stems) holds term number `id` of its dictionary: a binary
   * search, for a term whose number was looked up once.
   */
  holds(index: number, run: 0 | 1 | 2, id: number): boolean {
    return runHolds(this.ids, this.offsets[index * 3 + run] ?? 0, this.offsets[index * 3 + run + 1] ?? 0, id);
  }

  /** The term sets of section `index`. */
  of(index: number): SectionTermSets {
    const at = (k: number) => this.offsets[index * 3 + k] ?? 0;
    return {
      stems: new TermRun(this.stems, this.ids, at(0), at(1)),
      concepts: new TermRun(this.concepts, this.ids, at(1), at(2)),
      headingStems: new TermRun(this.stems, this.ids, at(2), at(3)),
    };
  }

  /**
   * In how many sections each term of `kind` occurs (heading-only stems not
   * counted), keyed by term in dictionary order: the order sections first use them.
   */
  documentFrequencies(kind: 'stems' | 'concepts'): Map<string, number> {
    const dictionary = kind === 'stems' ? this.stems : this.concepts;
    const counts = new Uint32Array(dictionary.size);
    const k = kind === 'stems' ? 0 : 1;
    for (let s = 0; s < this.sections; s++) {
      for (let i = this.offsets[s * 3 + k] ?? 0; i < (this.offsets[s * 3 + k + 1] ?? 0); i++) {
        const id = this.ids[i] ?? 0;
        counts[id] = (counts[id] ?? 0) + 1;
      }
    }
    const out = new Map<string, number>();
    dictionary.terms.forEach((t, id) => {
      const n = counts[id] ?? 0;
      if (n > 0) out.set(t, n);
    });
    return out;
  }
}
