import { describe, expect, it } from 'vitest';
import { answerCard } from '../../bot/cards/answer-card.js';
import { cardToText } from '../../bot/cards/card-to-text.js';
import { headingLine, lastHeading, readableDate } from '../../bot/cards/card-parts.js';
import { dialogsCard } from '../../bot/cards/dialogs-card.js';
import { helpCard } from '../../bot/cards/help-card.js';
import { notCoveredCard } from '../../bot/cards/not-covered-card.js';
import { quoteCard } from '../../bot/cards/quote-card.js';
import { sectionCard } from '../../bot/cards/section-card.js';
import { trustChoiceCard } from '../../bot/cards/trust-choice-card.js';
import { welcomeCard } from '../../bot/cards/welcome-card.js';
import type { Citation, PolicyStatus } from '../../src/answers/types.js';
import { markdownBlockLines, textBlockTexts } from './helpers/card-markdown.js';
import { cardProblems } from './helpers/validate-card.js';

const trust = { id: 'southport', displayName: 'Southport Learning Trust', sendcoRole: 'SENDCo' };
const dialogs = [
  { id: 'send-or-not', title: 'SEND or another factor?', description: 'Decide whether a concern is SEND.' },
  { id: 'next-step', title: 'Next step in the graduated approach', description: 'Assess, plan, do, review.' },
];
const citation = (n: number): Citation => ({
  sectionId: `southport/send-policy/${n}`,
  trust: 'southport',
  document: 'SEND Policy',
  headingPath: ['3. Roles and Responsibilities', `Heading ${n} with *stars* and a very long title that goes on and on past the button width`],
  text: `First paragraph of section ${n}.\n\n1. A numbered line that is not a list\n\n# not a heading`,
  quote: `Quote ${n} with **asterisks** kept as written.`,
  score: 10 - n,
});
const status: PolicyStatus = { document: 'SEND Policy', policyDate: '2025-12-01', reviewDate: '2024-09-01', pastReview: true };
const sixTrusts = Array.from({ length: 6 }, (_, i) => ({ id: `trust-${i}`, displayName: `Trust number ${i}` }));

/** Every card the bot builds, in each of its variants. */
const cards = {
  'answer with follow-ups and a review warning': answerCard({ trust, citations: [1, 2, 3, 4, 5, 6].map(citation), policies: [status] }),
  'answer with one citation and unknown dates': answerCard({ trust, citations: [citation(1)], policies: [] }),
  'answer offering a guided dialog': answerCard({ trust, citations: [citation(1)], policies: [], dialog: dialogs[1] }),
  section: sectionCard({ trust, section: citation(2), policy: status }),
  'not covered with dialogs': notCoveredCard({ trust, dialogs }),
  'not covered without dialogs': notCoveredCard({ trust, dialogs: [] }),
  'trust choice with a question': trustChoiceCard({ trusts: sixTrusts, question: 'What is an EHCP?' }),
  'trust change': trustChoiceCard({ trusts: sixTrusts, current: trust }),
  'help in a channel': helpCard({ trust, canChangeTrust: true, dialogs, scope: 'channel', botName: 'SEND Policy Assistant' }),
  'help without a trust': helpCard({ canChangeTrust: false, dialogs: [], scope: 'personal', botName: 'SEND Policy Assistant' }),
  'welcome personal': welcomeCard({ botName: 'SEND Policy Assistant', trust, dialogs, scope: 'personal' }),
  'welcome group without a trust': welcomeCard({ botName: 'SEND Policy Assistant', dialogs: [], scope: 'groupChat' }),
  dialogs: dialogsCard({ trust, dialogs }),
  'no dialogs': dialogsCard({ trust, dialogs: [] }),
};

describe('cards', () => {
  it.each(Object.entries(cards))('%s is a clean Adaptive Card 1.5', (_name, card) => {
    expect(JSON.parse(JSON.stringify(card))).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardProblems(card)).toEqual([]);
  });

  it('the parser check catches what Teams would reject', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Badge', text: 'new' }] })).not.toEqual([]);
  });

  it('keeps policy text verbatim: quotes and sections are not read as Markdown', () => {
    const json = JSON.stringify(cards['answer with follow-ups and a review warning']);
    expect(json).toContain('"type":"RichTextBlock"');
    expect(json).toContain('Quote 1 with **asterisks** kept as written.');
    expect(cardToText(cards.section).text).toContain('1. A numbered line that is not a list\n# not a heading');
  });

  it('shows a list item after the lead-in that introduces it, with the gap marked', () => {
    const card = answerCard({ trust, citations: [{ ...citation(1), quoteLeadIn: 'The SENDCo will:', quote: 'Liaise with external agencies' }], policies: [] });
    expect(cardProblems(card)).toEqual([]);
    expect(cardToText(card).text).toContain('  │ The SENDCo will:\n  │ …\n  │ Liaise with external agencies');
    expect(card.fallbackText).toContain('The SENDCo will: … Liaise with external agencies');
  });

  it('offers at most four related sections, each titled by its heading and shortened to fit a button', () => {
    const { actions } = cardToText(cards['answer with follow-ups and a review warning']);
    const related = actions.filter((a) => a.title.startsWith('Heading'));
    expect(related.map((a) => a.data)).toEqual([2, 3, 4, 5].map((n) => ({ action: 'showSection', sectionId: `southport/send-policy/${n}`, v: 1 })));
    expect(related.every((a) => a.title.length <= 60 && a.title.endsWith('…'))).toBe(true);
  });

  it('offers the guided dialog a question points to before the feedback buttons, and none otherwise', () => {
    const { text, actions } = cardToText(cards['answer offering a guided dialog']);
    expect(actions.map((a) => a.title)).toEqual(['Show the whole section', 'Next step in the graduated approach', '👍 Helpful', '👎 Not helpful']);
    expect(actions[1]?.data).toEqual({ action: 'startDialog', dialog: 'next-step', v: 1 });
    expect(text).toContain('Or work it through step by step\n  2. Next step in the graduated approach\nAssess, plan, do, review.');
    expect(cardToText(cards['answer with one citation and unknown dates']).actions.some((a) => a.title === 'Next step in the graduated approach')).toBe(false);
  });

  it('shows the review warning only when the policy is past its review date', () => {
    expect(cardToText(cards['answer with follow-ups and a review warning']).text).toContain('⚠ This policy was due for review on 1 September 2024');
    expect(cardToText(cards['answer with one citation and unknown dates']).text).not.toContain('due for review');
  });
});

describe('policy dates on cards', () => {
  it('read as staff say them, the same every time a date comes up; text that is not an ISO date is shown as it is', () => {
    for (let round = 0; round < 2; round++) {
      expect(readableDate('2025-12-01')).toBe('1 December 2025');
      expect(readableDate('2024-09-01')).toBe('1 September 2024');
      expect(readableDate('Autumn 2025')).toBe('Autumn 2025');
      expect(readableDate('2025-13-45')).toBe('2025-13-45');
    }
    // Many different dates in a row are all still formatted correctly.
    for (let day = 1; day <= 28; day++) {
      for (let month = 1; month <= 12; month++) {
        for (const year of [2020, 2021, 2022, 2023]) {
          const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(readableDate(iso)).toBe(new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
        }
      }
    }
    expect(readableDate('2025-12-01')).toBe('1 December 2025');
  });
});

describe('card to text', () => {
  it('renders text, facts, containers, columns and numbered buttons across the card', () => {
    const rendered = cardToText({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Title with **bold**' },
        { type: 'TextBlock', text: 'hidden', isVisible: false },
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Rich ' }, 'plain'] },
        { type: 'FactSet', facts: [{ title: 'Policy', value: 'SEND Policy' }] },
        { type: 'Container', style: 'emphasis', items: [{ type: 'TextBlock', text: 'quoted' }] },
        { type: 'ColumnSet', columns: [{ items: [{ type: 'TextBlock', text: 'left' }] }, { items: [{ type: 'TextBlock', text: 'right' }] }] },
        { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Inline', data: { a: 1 } }] },
        { type: 'Unknown', fallback: { type: 'TextBlock', text: 'fallback text' } },
      ],
      actions: [
        { type: 'Action.OpenUrl', title: 'Open', url: 'https://example.org' },
        { type: 'Action.Execute', title: 'Run', verb: 'run', data: { b: 2 } },
        { type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [] } },
      ],
    });
    expect(rendered.text).toBe(
      [
        'Title with bold',
        'Rich plain',
        'Policy: SEND Policy',
        '  │ quoted',
        'left',
        'right',
        '  1. Inline',
        'fallback text',
        '',
        '  2. Open (https://example.org)',
        '  3. Run',
        '  4. More',
      ].join('\n'),
    );
    expect(rendered.actions.map((a) => [a.number, a.title, a.data ?? a.url ?? a.card])).toEqual([
      [1, 'Inline', { a: 1 }],
      [2, 'Open', 'https://example.org'],
      [3, 'Run', { b: 2 }],
      [4, 'More', { type: 'AdaptiveCard', body: [] }],
    ]);
  });

  it('numbers from a given start so several cards in one reply share a numbering', () => {
    const card = { type: 'AdaptiveCard', body: [], actions: [{ type: 'Action.Submit', title: 'Go', data: {} }] };
    expect(cardToText(card, 5).actions[0]?.number).toBe(5);
  });

  it('says so instead of failing on something that is not a card', () => {
    expect(cardToText({ type: 'HeroCard' }).text).toBe('[a card this chat cannot show]');
  });
});

describe('headings on cards', () => {
  it('drop the colon a policy ends a heading with, and nothing else', () => {
    expect(headingLine(['Appendix 1:', 'Key Responsibilities of a SENCO:', '5. Keeping Records and Reports:'])).toBe(
      'Appendix 1 › Key Responsibilities of a SENCO › 5. Keeping Records and Reports',
    );
    expect(lastHeading(['4. Roles: (see appendix 1)', 'Parents'])).toBe('Parents');
    expect(headingLine([])).toBe('Policy text');
  });

  it.each([
    ['11. Identification of SEN', '11.\u00a0Identification of SEN'],
    ['2) Definitions', '2)\u00a0Definitions'],
    ['- Roles', '-\u00a0Roles'],
    ['* Scope', '*\u00a0Scope'],
    ['# Aims', '#\u00a0Aims'],
  ])('keep a heading starting %j from turning into a Markdown list or heading on the answer, section and quote cards', (first, shown) => {
    const section = { ...citation(1), headingPath: [first, 'Early identification:'] };
    const built = {
      answer: answerCard({ trust, citations: [section], policies: [] }),
      section: sectionCard({ trust, section, policy: undefined }),
      quote: quoteCard({ trust, section, policy: undefined }),
    };
    for (const [name, card] of Object.entries(built)) {
      expect(markdownBlockLines(card), name).toEqual([]);
      expect(textBlockTexts(card), name).toContain(`${shown} › Early identification`);
      // Read as text (the terminal chat, a client without cards), the space is an ordinary one.
      expect(cardToText(card).text, name).toContain(`${first} › Early identification`);
      expect(card.fallbackText, name).toMatch(new RegExp(`^${first.replace(/[.*+)]/g, '\\$&')} › Early identification`));
    }
  });

  it('leave headings that Markdown does not read as blocks unchanged', () => {
    expect(headingLine(['6.1 Early identification'])).toBe('6.1 Early identification');
    expect(headingLine(['Identification of SEN', '6. Early identification'])).toBe('Identification of SEN › 6. Early identification');
    expect(headingLine(['2024 review'])).toBe('2024 review');
  });

  it('put each related section and each dialog on its own row, so titles are not cut short', () => {
    for (const card of [cards['answer with follow-ups and a review warning'], cards['help in a channel'], cards['trust choice with a question']]) {
      const sets = card.body.filter((e) => e.type === 'ActionSet');
      expect(sets.length).toBeGreaterThan(1);
      expect(sets.every((s) => 'actions' in s && s.actions.length === 1)).toBe(true);
    }
  });
});
