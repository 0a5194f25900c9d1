/**
 * The set of characters a word uses, as bits, for ruling out words too far
 * apart to be within a few edits before any edit distance is computed. Each
 * edit adds at most one character to the set and removes at most one, so two
 * words within `edits` edits differ in at most twice that many; characters that
 * share a bit only make the sets look closer, never further apart.
 */

/** The characters `word` uses, one bit per character code modulo 32 ("a" to "z" each have their own). */
function letterSet(word: string): number {
  let set = 0;
  for (let i = 0; i < word.length; i++) set |= 1 << (word.charCodeAt(i) & 31);
  return set;
}

/** Number of bits set. */
function bitCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** False when words with these {@link letterSet}s cannot be within `edits` edits of each other. */
function mayBeWithin(a: number, b: number, edits: number): boolean {
  return bitCount(a ^ b) <= 2 * edits;
}

/**
 * Words kept by length with the letters each uses, so that the words that may be
 * within a few edits of another are found without an edit distance for each.
 */
export class NearWords<T> {
  readonly #byLength = new Map<number, { words: string[]; items: T[]; letters: number[] }>();

  /** Keep `word`, to be found as `item`; words of one length are found in the order they were kept. */
  add(word: string, item: T): void {
    let bucket = this.#byLength.get(word.length);
    if (!bucket) {
      bucket = { words: [], items: [], letters: [] };
      this.#byLength.set(word.length, bucket);
    }
    bucket.words.push(word);
    bucket.items.push(item);
    bucket.letters.push(letterSet(word));
  }

  /**
   * Call `visit` for each kept word that may be within `edits` edits of `word`:
   * its length within `edits` of `word`'s, shortest first, and its letters too
   * ({@link mayBeWithin}).
   */
  forEachCandidate(word: string, edits: number, visit: (candidate: string, item: T) => void): void {
    const letters = letterSet(word);
    for (let length = word.length - edits; length <= word.length + edits; length++) {
      const bucket = this.#byLength.get(length);
      if (!bucket) continue;
      for (let i = 0; i < bucket.words.length; i++) {
        if (!mayBeWithin(letters, bucket.letters[i] ?? 0, edits)) continue;
        const item = bucket.items[i];
        if (item !== undefined) visit(bucket.words[i] ?? '', item);
      }
    }
  }
}
