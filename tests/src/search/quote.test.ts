import { describe, expect, it } from 'vitest';
import { chooseQuote } from '../../../src/search/quote.js';
import { splitUnits, unitText } from '../../../src/search/sentences.js';

const text = [
  'The SENCO will be responsible for: ',
  '· Liaising with parents, e.g. at review meetings, and other agencies.',
  '· Advising on the graduated approach. Keeping records up to date.',
  '',
  'Teachers will plan lessons (see para. 6.2) for all pupils. They will review progress termly!',
].join('\n');

describe('splitUnits', () => {
  it('splits lines into sentences but not at abbreviations or clause numbers', () => {
    const units = splitUnits(text).map((u) => text.slice(u.start, u.end));
    expect(units).toEqual([
      'The SENCO will be responsible for:',
      'Liaising with parents, e.g. at review meetings, and other agencies.',
      'Advising on the graduated approach.',
      'Keeping records up to date.',
      'Teachers will plan lessons (see para. 6.2) for all pupils.',
      'They will review progress termly!',
    ]);
  });
});

describe('chooseQuote', () => {
  const units = splitUnits(text);

  it('quotes the best unit verbatim from the section text', () => {
    const quote = chooseQuote(text, units, [0, 0, 0, 0, 0.2, 0.9]);
    expect(quote.text).toBe('They will review progress termly!');
    expect(text).toContain(quote.text);
  });

  it('takes a relevant neighbour, up to three consecutive units, and never more', () => {
    const quote = chooseQuote(text, units, [0.1, 0.8, 0.9, 0.85, 0.7, 0.1]);
    expect(quote.to - quote.from + 1).toBeLessThanOrEqual(3);
    expect(quote.text).toBe(unitText(text, units, quote.from, quote.to));
    expect(quote.text).toContain('Advising on the graduated approach.');
    expect(text).toContain(quote.text);
  });

  it('extends a short lead-in to the item it introduces', () => {
    const quote = chooseQuote(text, units, [1, 0, 0, 0, 0, 0]);
    expect(quote.from).toBe(0);
    expect(quote.to).toBe(1);
    expect(quote.text).toMatch(/^The SENCO will be responsible for:\s*\n· Liaising/);
  });

  it('quotes the opening line of a section without sentences', () => {
    expect(chooseQuote('Policy Renewal: December 2026', [], []).text).toBe('Policy Renewal: December 2026');
  });
});
