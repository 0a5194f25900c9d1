import { describe, expect, it } from 'vitest';
import { asWritten } from '../../../bot/cards/card-parts.js';
import { MAX_QUOTE_CHARS, quoteBlocks, quoteCard, quoteParagraphs } from '../../../bot/cards/quote-card.js';

const trust = { displayName: 'Leading Learners Trust', sendcoRole: 'SENCO' };

describe('the quote card', () => {
  it('keeps a numbered heading from turning into a Markdown list in Teams', () => {
    expect(asWritten('8. Factors that Impact Progress but are Not SEND')).toBe('8.\u00a0Factors that Impact Progress but are Not SEND');
    expect(asWritten('- Roles')).toBe('-\u00a0Roles');
    expect(asWritten('1) Scope')).toBe('1)\u00a0Scope');
    expect(asWritten('## Aims')).toBe('##\u00a0Aims');
    expect(asWritten('> Note')).toBe('>\u00a0Note');
    expect(asWritten('6.1 Early identification')).toBe('6.1 Early identification');
    expect(asWritten('Identification of SEN › 6.1 Early identification')).toBe('Identification of SEN › 6.1 Early identification');
  });

  it('quotes whole paragraphs up to the limit, always at least the first, and says when it stops early', () => {
    const long = 'a'.repeat(MAX_QUOTE_CHARS - 10);
    expect(quoteParagraphs(`${long}\n\nsecond paragraph`)).toEqual({ paragraphs: [long], cut: true });
    expect(quoteParagraphs('one\n\n  \n\ntwo')).toEqual({ paragraphs: ['one', 'two'], cut: false });
    const huge = 'b'.repeat(MAX_QUOTE_CHARS * 2);
    expect(quoteParagraphs(huge)).toEqual({ paragraphs: [huge], cut: false });
  });

  it('tells the reader when the section continues beyond the card', () => {
    const card = quoteCard({
      trust,
      section: { document: 'SEND Policy', headingPath: ['5.0 Provision'], text: `${'Provision. '.repeat(230)}\n\nMore provision.` },
      policy: undefined,
    });
    expect(JSON.stringify(card)).toContain('The section continues in the policy.');
    expect(JSON.stringify(card)).not.toContain('More provision.');
  });

  it('uses the full width of the chat and reads as text without a renderer', () => {
    const card = quoteCard({
      trust,
      section: { document: 'SEND Policy', headingPath: ['5.0 Provision', '5.1 Quality first teaching'], text: 'High quality teaching is the first step.' },
      policy: { document: 'SEND Policy', reviewDate: '2025-07-01', pastReview: true },
    });
    expect(card.msteams).toEqual({ width: 'full' });
    expect(card.fallbackText).toBe('5.0 Provision › 5.1 Quality first teaching (Leading Learners Trust SEND policy): High quality teaching is the first step.');
    expect(JSON.stringify(card)).toContain("Check with your school's SENCO that it is still current.");
  });
});

describe('the quoted text', () => {
  it('gives each list item its own line with a hanging bullet, words unchanged', () => {
    const blocks: unknown = JSON.parse(
      JSON.stringify(quoteBlocks(['We are committed to:\n- Academic Excellence\n  - Every school will use data intelligently.', 'Second paragraph *not emphasis*'])),
    );
    expect(blocks).toEqual([
      { type: 'RichTextBlock', spacing: 'None', inlines: [{ type: 'TextRun', text: 'We are committed to:' }] },
      expect.objectContaining({
        type: 'ColumnSet',
        spacing: 'Small',
        columns: [
          expect.objectContaining({ width: 'auto', items: [expect.objectContaining({ text: '•' })] }),
          expect.objectContaining({ width: 'stretch', items: [expect.objectContaining({ inlines: [{ type: 'TextRun', text: 'Academic Excellence' }] })] }),
        ],
      }),
      expect.objectContaining({
        type: 'ColumnSet',
        columns: [
          expect.objectContaining({ items: [expect.objectContaining({ text: '◦' })] }),
          expect.objectContaining({ items: [expect.objectContaining({ inlines: [{ type: 'TextRun', text: 'Every school will use data intelligently.' }] })] }),
        ],
      }),
      { type: 'RichTextBlock', spacing: 'Default', inlines: [{ type: 'TextRun', text: 'Second paragraph *not emphasis*' }] },
    ]);
  });
});
