import { describe, expect, it } from 'vitest';
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
});
