/**
 * The set of characters a word uses, as bits, for ruling out words too far
 * apart to be within a few edits before any edit distance is computed. Each
 * edit adds at most one character to the set and removes at most one, so two
 * words within `edits` edits differ in at most twice that many; characters that
 * share a bit only make the sets look closer, never further apart.
 */

/** The characters `word` uses, one bit per character code modulo 32 ("a" to "z" each have their own). */
export function letterSet(word: string): number {
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
export function mayBeWithin(a: number, b: number, edits: number): boolean {
  return bitCount(a ^ b) <= 2 * edits;
}
