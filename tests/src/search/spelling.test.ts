import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/synthetic-corpus.js';
import { editDistance, englishWords, SpellingCorrector } from '../../../src/search/spelling.js';

const vocabulary = new Map([
  ['accessibility', 3],
  ['policy', 20],
  ['reviewed', 4],
  ['guidance', 5],
  ['every', 9],
  ['police', 1],
]);
const corrector = new SpellingCorrector(vocabulary, englishWords());

describe('editDistance', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('reveiw', 'review', 2)).toBe(1);
    expect(editDistance('polcy', 'policy', 2)).toBe(1);
    expect(editDistance('cat', 'dog', 1)).toBe(2);
  });
});

describe('SpellingCorrector', () => {
  it('corrects staff typos to the policy word meant', () => {
    expect(corrector.correct('acessibility')).toBe('accessibility');
    expect(corrector.correct('reveiwed')).toBe('reviewed');
    expect(corrector.correct('guidence')).toBe('guidance');
    expect(corrector.correct('evry')).toBe('every');
  });

  it('prefers the more frequent policy word when two are equally close', () => {
    expect(corrector.correct('polcy')).toBe('policy');
  });

  it('never corrects a real English word, even one close to a policy word', () => {
    expect(corrector.correct('wedding')).toBeUndefined();
    expect(corrector.correct('snows')).toBeUndefined();
    expect(corrector.correct('directory')).toBeUndefined();
  });

  it('restores a doubled consonant the policy uses, even where the slip is a word ("planing")', () => {
    const planning = new SpellingCorrector(new Map([['planning', 5], ['referred', 2]]), englishWords());
    expect(planning.correct('planing')).toBe('planning');
    expect(planning.correct('refered')).toBe('referred');
    expect(planning.correct('hoping')).toBeUndefined();
    expect(planning.correct('planning')).toBeUndefined();
  });

  it('leaves words of three letters or fewer alone', () => {
    expect(corrector.correct('evy')).toBeUndefined();
  });

  it('judges a word asked again as it did the first time, corrected or not', () => {
    const fresh = new SpellingCorrector(vocabulary, englishWords());
    for (const word of ['polcy', 'wedding', 'reveiwed', 'zzqxv', 'polcy', 'wedding', 'reveiwed', 'zzqxv']) expect(fresh.correct(word)).toBe(corrector.correct(word));
    expect(fresh.correct('polcy')).toBe('policy');
    expect(fresh.correct('zzqxv')).toBeUndefined();
  });
});

describe('SpellingCorrector candidate filter', () => {
  it('finds the same word as trying every policy word of a near length', () => {
    const random = mulberry32(11);
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const word = (length: number) => Array.from({ length }, () => letters[Math.floor(random() * 26)] ?? 'a').join('');
    const policyWords = new Map<string, number>();
    while (policyWords.size < 3000) policyWords.set(word(4 + Math.floor(random() * 9)), 1 + Math.floor(random() * 20));
    const noEnglish = { has: () => false, size: 0 };
    const filtered = new SpellingCorrector(policyWords, noEnglish);
    const all = [...policyWords.keys()];
    /** Every policy word within reach, best by distance then frequency, first seen on a tie, as the corrector promises. */
    const bruteForce = (typo: string): string | undefined => {
      const max = typo.length >= 8 ? 2 : 1;
      let best: string | undefined;
      let bestDistance = max + 1;
      let bestCount = 0;
      for (let len = typo.length - max; len <= typo.length + max; len++) {
        for (const candidate of all.filter((w) => w.length === len)) {
          if (typo.length === 4 && candidate[0] !== typo[0]) continue;
          const distance = editDistance(typo, candidate, max);
          const count = policyWords.get(candidate) ?? 0;
          if (distance <= max && (distance < bestDistance || (distance === bestDistance && count > bestCount))) {
            best = candidate;
            bestDistance = distance;
            bestCount = count;
          }
        }
      }
      return best;
    };
    let corrected = 0;
    for (let i = 0; i < 1500; i++) {
      // A policy word with one or two random edits: a swap, a dropped, added or changed letter.
      let typo = all[Math.floor(random() * all.length)] ?? '';
      for (let e = 0; e < 1 + Math.floor(random() * 2); e++) {
        const at = Math.floor(random() * typo.length);
        const kind = Math.floor(random() * 4);
        if (kind === 0 && at + 1 < typo.length) typo = typo.slice(0, at) + typo[at + 1] + typo[at] + typo.slice(at + 2);
        else if (kind === 1) typo = typo.slice(0, at) + typo.slice(at + 1);
        else if (kind === 2) typo = typo.slice(0, at) + word(1) + typo.slice(at);
        else typo = typo.slice(0, at) + word(1) + typo.slice(at + 1);
      }
      if (policyWords.has(typo)) continue;
      const expected = typo.length >= 4 ? bruteForce(typo) : undefined;
      expect(filtered.correct(typo), typo).toBe(expected);
      if (expected !== undefined) corrected++;
    }
    expect(corrected).toBeGreaterThan(500);
  });
});
