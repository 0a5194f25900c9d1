import { describe, expect, it } from 'vitest';
import { chooseQuote } from '../../../src/search/quote.js';
import { leadIns, splitUnits, unitText } from '../../../src/search/sentences.js';

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

describe('lead-ins', () => {
  const list = [
    'The following may affect progress but are not, in themselves, SEND:',
    '- Attendance and punctuality',
    '- Health and welfare',
    '- Being a young carer',
    '',
    'Staff should talk to the SENDCo about any of these.',
  ].join('\n');
  const units = splitUnits(list);

  it('belong to every item of the list they introduce, and end at the next paragraph', () => {
    expect(leadIns(list, units)).toEqual([undefined, 0, 0, 0, undefined]);
    expect(leadIns(text, splitUnits(text))).toEqual([undefined, 0, 0, 0, undefined, undefined]);
  });

  it('come with a quote from further down their list, verbatim and apart from it', () => {
    const quote = chooseQuote(list, units, [0, 0, 0, 1, 0]);
    expect(quote.text).toBe('Being a young carer');
    expect(quote.leadIn).toBe('The following may affect progress but are not, in themselves, SEND:');
    expect(list).toContain(quote.leadIn);
  });

  it('join the quote when they are the sentence just before it', () => {
    const quote = chooseQuote(list, units, [0, 1, 0, 0, 0]);
    expect(quote.text).toBe('The following may affect progress but are not, in themselves, SEND:\n- Attendance and punctuality');
    expect(quote.leadIn).toBeUndefined();
  });

  it('are not added to a quote outside a list', () => {
    expect(chooseQuote(list, units, [0, 0, 0, 0, 1]).leadIn).toBeUndefined();
    expect(chooseQuote(text, splitUnits(text), [0, 0, 0, 0, 0.2, 0.9]).leadIn).toBeUndefined();
  });
});
