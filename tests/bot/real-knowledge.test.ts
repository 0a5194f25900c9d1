import { beforeAll, describe, expect, it } from 'vitest';
import { parseCardAction } from '../../bot/cards/card-actions.js';
import { answerCard } from '../../bot/cards/answer-card.js';
import { headingTrail } from '../../bot/cards/card-parts.js';
import { quoteCard } from '../../bot/cards/quote-card.js';
import { sectionCard } from '../../bot/cards/section-card.js';
import type { OpenedKnowledgeBase } from '../../src/answers/knowledge-base.js';
import { markdownBlockLines } from './helpers/card-markdown.js';
import { cardsOf, harness, message, submit } from './helpers/conversation.js';
import { openRealKnowledge, tempIndexPath } from './helpers/real-knowledge.js';

/** Section ids of every showSection button on a card. */
function shownSections(buttons: Map<string, unknown>): string[] {
  return [...buttons.values()].flatMap((value) => {
    const parsed = parseCardAction(value);
    return parsed.ok && parsed.action.action === 'showSection' ? [parsed.action.sectionId] : [];
  });
}

describe('conversations over the bundled policies', () => {
  let knowledge: OpenedKnowledgeBase;
  const indexPath = tempIndexPath();
  beforeAll(async () => {
    knowledge = await openRealKnowledge(indexPath);
  });

  it("answers with the policy's own words: the quote is the answerer's, verbatim from the section", async () => {
    const { send } = harness({ knowledge });
    const question = 'What does the SENDCo do?';
    const [card] = cardsOf(await send(message(question)));
    const answer = await knowledge.answerer.answer('southport', question);
    if (!answer.answered) throw new Error('the bundled Southport policy should answer this');
    const best = answer.citations[0];
    const quoted = card?.text
      .split('\n')
      .filter((l) => l.startsWith('  │ '))
      .map((l) => l.slice(4))
      .join('\n');
    expect(quoted).toBe(best?.quote);
    expect(knowledge.section(best?.sectionId ?? '')?.text).toContain(best?.quote);
    expect(card?.text).toContain(headingTrail(best?.headingPath ?? []));
    expect(card?.text).toContain(`Policy: ${best?.document ?? ''}`);
  });

  it('shows every heading of every bundled policy as written: none becomes a Markdown list or heading in Teams', () => {
    const sections = knowledge.documents.flatMap((d) => d.sections);
    expect(sections.filter((s) => /^\d+[.)] /.test(s.headingPath[0] ?? '')).length).toBeGreaterThan(10);
    for (const section of sections) {
      const trust = knowledge.trust(section.trust);
      if (!trust) throw new Error(`no trust ${section.trust}`);
      const { id: sectionId, document, headingPath, text } = section;
      const citation = { sectionId, trust: section.trust, document, headingPath, text, quote: text, score: 1 };
      for (const card of [answerCard({ trust, citations: [citation], policies: [] }), sectionCard({ trust, section, policy: undefined }), quoteCard({ trust, section, policy: undefined })]) {
        expect(markdownBlockLines(card), section.id).toEqual([]);
      }
    }
  });

  it('shows the whole section exactly as the knowledge base holds it', async () => {
    const { send } = harness({ knowledge });
    const [card] = cardsOf(await send(message('How are pupils with SEN identified?')));
    const [sectionCard] = cardsOf(await send(submit(card?.buttons.get('Show the whole section'))));
    const [sectionId] = shownSections(card?.buttons ?? new Map<string, unknown>());
    const section = knowledge.section(sectionId ?? '');
    expect(section).toBeDefined();
    for (const paragraph of section?.text.split(/\n\s*\n/) ?? []) expect(sectionCard?.text).toContain(paragraph.trim());
  });

  it.each([
    ['southport', '5b0f3a52-6c1e-4d8a-9f27-0c4e8b1d2a61'],
    ['drb-ignite', '8d3c6e19-2f4b-4a7d-b1e5-93a0c7f4d812'],
    ['aspire', 'c41e7b08-9a5d-4f3e-8c62-1b7d0e9a4f35'],
    ['leading-learners', '2a9f5d73-e0b6-4c18-a4d9-6f3b8e2c7a90'],
    ['mosaic', 'f7b2c9e4-3d81-4a65-b0c3-5e9d1a7f2b48'],
  ])("staff of %s only ever see their own trust's sections", async (trust, tenant) => {
    const { send } = harness({ knowledge });
    const [card] = cardsOf(await send(message('What is the role of the SENCO?', { tenant })));
    const ids = shownSections(card?.buttons ?? new Map<string, unknown>());
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => knowledge.section(id)?.trust === trust)).toBe(true);
  });

  it('says plainly when the policy does not cover a question', async () => {
    const question = 'How do I reset my email password?';
    const answer = await knowledge.answerer.answer('southport', question);
    expect(answer.answered).toBe(false);
    const { send } = harness({ knowledge });
    const [card] = cardsOf(await send(message(question)));
    expect(card?.text).toContain("Your trust's SEND policy doesn't cover that");
    expect(card?.text).toContain("your school's SENDCo");
  });

  it('warns on answers from a policy past its review date', async () => {
    const later = await openRealKnowledge(indexPath, '2030-01-01');
    const { send } = harness({ knowledge: later });
    const [card] = cardsOf(await send(message('What does the SENDCo do?')));
    expect(card?.text).toMatch(/⚠ This policy was due for review on \d+ \w+ \d{4}\. Check with your school's SENDCo/);
  });
});
