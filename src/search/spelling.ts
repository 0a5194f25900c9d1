/**
 * Typo correction for questions: a word that is neither in the policies nor a
 * common English word is replaced by the closest policy word (one edit for
 * words of five to seven letters, two for longer), so "acessibility" finds
 * "accessibility" while "wedding" stays "wedding".
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { NearWords } from './letter-sets.js';

/** Rows of the distance table, reused by every call (the correction loop calls it thousands of times per word). */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Damerau–Levenshtein (optimal string alignment) distance, stopping early above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  if (rows[0].length < cols) rows = [new Int32Array(cols * 2), new Int32Array(cols * 2), new Int32Array(cols * 2)];
  // Three rolling rows of the table: two rows back (for transpositions), the previous one and the current one.
  let [before, prev, row] = rows;
  for (let j = 0; j < cols; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    const caBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    row[0] = i;
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j < cols; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (ca === cb ? 0 : 1));
      if (j > 1 && ca === b.charCodeAt(j - 2) && caBefore === cb) v = Math.min(v, (before[j - 2] ?? 0) + 1);
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const spare = before;
    before = prev;
    prev = row;
    row = spare;
  }
  return prev[b.length] ?? max + 1;
}

/** Most words {@link SpellingCorrector} remembers its judgement of, so odd input cannot grow it without bound. */
const CORRECTION_CACHE_LIMIT = 10_000;

/** Corrects question words against a vocabulary of policy words. */
export class SpellingCorrector {
  private readonly vocabulary: Map<string, number>;
  private readonly english: WordList;
  private readonly nearWords = new NearWords<string>();
  /** Words outside the vocabulary already judged, with their correction (null for none); emptied at {@link CORRECTION_CACHE_LIMIT} words. */
  private readonly judged = new Map<string, string | null>();

  /**
   * @param vocabulary policy words (lower case) with how often they occur
   * @param englishWords English words (lower case) that are never "corrected"
   */
  constructor(vocabulary: ReadonlyMap<string, number>, englishWords: WordList) {
    this.vocabulary = new Map(vocabulary);
    this.english = englishWords;
    for (const word of vocabulary.keys()) {
      if (/^[a-z]+$/.test(word)) this.nearWords.add(word, word);
    }
  }

  /** True when `word` is a policy word or an English word. */
  isKnown(word: string): boolean {
    return this.vocabulary.has(word) || this.english.has(word);
  }

  /**
   * The policy word `word` was probably meant to be, or `undefined` when `word`
   * is known, too short to judge (under four letters), or has no close match.
   * Four-letter words only match words with the same first letter. Ties go to
   * the word used more often in the policies.
   */
  correct(word: string): string | undefined {
    if (word.length < 4 || !/^[a-z]+$/.test(word) || this.vocabulary.has(word)) return undefined;
    const judged = this.judged.get(word);
    if (judged !== undefined) return judged ?? undefined;
    const correction = this.english.has(word) ? this.doubledConsonant(word) : this.closest(word);
    if (this.judged.size >= CORRECTION_CACHE_LIMIT) this.judged.clear();
    this.judged.set(word, correction ?? null);
    return correction;
  }

  /** The policy word closest to `word` within its edits, the one used most on a tie; undefined when none is that close. */
  private closest(word: string): string | undefined {
    const max = word.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = max + 1;
    let bestCount = 0;
    this.nearWords.forEachCandidate(word, max, (candidate) => {
      if (candidate.length < 4 || (word.length === 4 && candidate[0] !== word[0])) return;
      const distance = editDistance(word, candidate, max);
      if (distance > max) return;
      const count = this.vocabulary.get(candidate) ?? 0;
      if (distance < bestDistance || (distance === bestDistance && count > bestCount)) {
        best = candidate;
        bestDistance = distance;
        bestCount = count;
      }
    });
    return best;
  }

  /**
   * The policy word a real English word was probably meant to be when the only
   * difference is a single consonant before -ing or -ed, the commonest slip that
   * lands on another word ("planing" for "planning", "refered" is no word
   * at all and is corrected the usual way). Undefined unless the policy uses
   * the doubled form.
   */
  private doubledConsonant(word: string): string | undefined {
    const m = /^(.*[aeiou])([bcdfgklmnprstvz])(ing|ed)$/.exec(word);
    if (m === null) return undefined;
    const doubled = `${m[1]}${m[2]}${m[2]}${m[3]}`;
    return this.vocabulary.has(doubled) ? doubled : undefined;
  }
}

/** Words that can say whether they hold a word (a `Set` is one). */
export interface WordList {
  has(word: string): boolean;
  readonly size: number;
}

/** Words in ascending order, looked up by binary search: no hashing of every word at start-up. */
class SortedWordList implements WordList {
  constructor(private readonly words: readonly string[]) {}

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    let low = 0;
    let high = this.words.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = this.words[mid] ?? '';
      if (at === word) return true;
      if (at < word) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }
}

const UPPER_CASE = /[A-Z]/;

/** True when `data` holds only lower-case strings in strictly ascending order. */
function isSortedLowerCase(data: readonly unknown[]): data is string[] {
  let previous = '';
  for (const w of data) {
    if (typeof w !== 'string' || UPPER_CASE.test(w) || (previous !== '' && !(previous < w))) return false;
    previous = w;
  }
  return true;
}

let english: WordList | undefined;

/**
 * About 275,000 English words (the `an-array-of-english-words` list), loaded
 * once. Used only to tell real words from typos. The list ships sorted and in
 * lower case, so it is searched as it is; were it not, it is put in order first.
 */
export function englishWords(): WordList {
  if (english) return english;
  const require = createRequire(import.meta.url);
  const data: unknown = JSON.parse(readFileSync(require.resolve('an-array-of-english-words'), 'utf8'));
  const list = Array.isArray(data) ? data : [];
  english = new SortedWordList(
    isSortedLowerCase(list) ? list : [...new Set(list.filter((w): w is string => typeof w === 'string').map((w) => w.toLowerCase()))].sort(),
  );
  return english;
}
