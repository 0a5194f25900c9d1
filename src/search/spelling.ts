/**
 * Typo correction for questions: a word that is neither in the policies nor a
 * common English word is replaced by the closest policy word (one edit for
 * words of five to seven letters, two for longer), so "acessibility" finds
 * "accessibility" while "wedding" stays "wedding".
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

/** Damerau–Levenshtein (optimal string alignment) distance, stopping early above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] ?? [];
      const prev = d[i - 1] ?? [];
      let v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (d[i - 2]?.[j - 2] ?? 0) + 1);
      row[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length]?.[b.length] ?? max + 1;
}

/** Corrects question words against a vocabulary of policy words. */
export class SpellingCorrector {
  private readonly vocabulary: Map<string, number>;
  private readonly english: ReadonlySet<string>;
  private readonly byLength = new Map<number, string[]>();

  /**
   * @param vocabulary policy words (lower case) with how often they occur
   * @param englishWords English words (lower case) that are never "corrected"
   */
  constructor(vocabulary: ReadonlyMap<string, number>, englishWords: ReadonlySet<string>) {
    this.vocabulary = new Map(vocabulary);
    this.english = englishWords;
    for (const word of vocabulary.keys()) {
      if (!/^[a-z]+$/.test(word)) continue;
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
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
    if (word.length < 4 || !/^[a-z]+$/.test(word) || this.isKnown(word)) return undefined;
    const max = word.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = max + 1;
    let bestCount = 0;
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const candidate of this.byLength.get(len) ?? []) {
        if (candidate.length < 4 || (word.length === 4 && candidate[0] !== word[0])) continue;
        const distance = editDistance(word, candidate, max);
        if (distance > max) continue;
        const count = this.vocabulary.get(candidate) ?? 0;
        if (distance < bestDistance || (distance === bestDistance && count > bestCount)) {
          best = candidate;
          bestDistance = distance;
          bestCount = count;
        }
      }
    }
    return best;
  }
}

let english: ReadonlySet<string> | undefined;

/**
 * About 275,000 English words (the `an-array-of-english-words` list), loaded
 * once. Used only to tell real words from typos.
 */
export function englishWords(): ReadonlySet<string> {
  if (english) return english;
  const require = createRequire(import.meta.url);
  const data: unknown = JSON.parse(readFileSync(require.resolve('an-array-of-english-words'), 'utf8'));
  const out = new Set<string>();
  if (Array.isArray(data)) for (const w of data) if (typeof w === 'string') out.add(w.toLowerCase());
  english = out;
  return out;
}
