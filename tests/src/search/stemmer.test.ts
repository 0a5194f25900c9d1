import { describe, expect, it } from 'vitest';
import { britishSpelling, porter2, stem } from '../../../src/search/stemmer.js';

describe('porter2', () => {
  it('stems words as the Snowball English reference does', () => {
    const reference: [string, string][] = [
      ['caresses', 'caress'],
      ['flies', 'fli'],
      ['dies', 'die'],
      ['denied', 'deni'],
      ['agreed', 'agre'],
      ['humbled', 'humbl'],
      ['sized', 'size'],
      ['meeting', 'meet'],
      ['stating', 'state'],
      ['itemization', 'item'],
      ['sensational', 'sensat'],
      ['traditional', 'tradit'],
      ['reference', 'refer'],
      ['plotted', 'plot'],
      ['communication', 'communic'],
      ['generously', 'generous'],
      ['hopping', 'hop'],
      ['hoping', 'hope'],
      ['arguing', 'argu'],
      ['skies', 'sky'],
      ['news', 'news'],
    ];
    for (const [word, expected] of reference) expect(porter2(word), word).toBe(expected);
  });

  it('joins singular and plural and the forms of a verb', () => {
    expect(porter2('assessments')).toBe(porter2('assessment'));
    expect(porter2('disabilities')).toBe(porter2('disability'));
    expect(porter2('reviewed')).toBe(porter2('review'));
  });

  it('leaves short words and words with digits alone', () => {
    expect(porter2('ta')).toBe('ta');
    expect(porter2('y5')).toBe('y5');
  });
});

describe('stem (British English)', () => {
  it('folds American spellings into the British forms the policies use', () => {
    expect(britishSpelling('organize')).toBe('organise');
    expect(britishSpelling('behavior')).toBe('behaviour');
    expect(britishSpelling('center')).toBe('centre');
    expect(britishSpelling('size')).toBe('size');
    expect(stem('organization')).toBe(stem('organisation'));
    expect(stem('specialized')).toBe(stem('specialised'));
    expect(stem('behavioral')).toBe(stem('behavioural'));
  });

  it('joins the British noun and verb spellings practice and practise', () => {
    expect(stem('practise')).toBe(stem('practice'));
    expect(stem('practising')).toBe(stem('practice'));
  });
});
