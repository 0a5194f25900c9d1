import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answers/types.js';
import { actionData } from '../../bot/cards/card-actions.js';
import { MAX_FOLLOW_UPS } from '../../bot/cards/answer-card.js';
import { headingLine, lastHeading } from '../../bot/cards/card-parts.js';
import { replies } from '../../bot/send-policy-bot.js';
import { cardsOf, harness, message, submit, textsOf } from './helpers/conversation.js';
import { fakeKnowledge, policyText } from './helpers/fake-knowledge.js';

const southportText = policyText('policies/southport.md');
const question = 'What is the graduated approach?';

/** The fake's own answer, to compare the card with. */
function expected(q: string): Extract<Answer, { answered: true }> {
  const answer = fakeKnowledge().answerer.answer('southport', q);
  if (answer instanceof Promise || !answer.answered) throw new Error(`the fake does not answer "${q}"`);
  return answer;
}

describe('answering in a personal chat', () => {
  it('shows typing, then an answer card quoting the policy verbatim with its heading, policy name and date', async () => {
    const { send } = harness();
    const replies = await send(message(question));
    expect(replies[0]?.type).toBe('typing');
    const [card] = cardsOf(replies);
    const best = expected(question).citations[0];
    expect(best).toBeDefined();
    expect(card?.text).toContain(best?.quote);
    expect(southportText).toContain(best?.quote.replace(/\s+/g, ' '));
    expect(card?.text).toContain(headingLine(best?.headingPath ?? []));
    expect(card?.text).toContain("From Southport Learning Trust's SEND policy");
    expect(card?.text).toContain('Policy: SEND Policy');
    expect(card?.text).toContain('Dated: 1 December 2025');
    expect(card?.text).not.toContain('due for review');
  });

  it('offers the whole section, up to four related sections by heading, and feedback', async () => {
    const { send } = harness();
    const [card] = cardsOf(await send(message(question)));
    const answer = expected(question);
    expect(card?.buttons.get('Show the whole section')).toEqual(actionData({ action: 'showSection', sectionId: answer.citations[0]?.sectionId ?? '' }));
    const related = answer.citations.slice(1, 1 + MAX_FOLLOW_UPS);
    expect(related.length).toBeGreaterThan(0);
    for (const c of related) {
      expect(card?.buttons.get(lastHeading(c.headingPath))).toEqual(actionData({ action: 'showSection', sectionId: c.sectionId }));
    }
    expect(card?.buttons.get('👍 Helpful')).toMatchObject({ action: 'feedback', helpful: true });
    expect(card?.buttons.get('👎 Not helpful')).toMatchObject({ action: 'feedback', helpful: false });
    expect(card?.buttons.size).toBeLessThanOrEqual(1 + MAX_FOLLOW_UPS + 2);
  });

  it('warns when the policy is past its review date', async () => {
    const { send } = harness({ knowledge: fakeKnowledge({ pastReview: true }) });
    const [card] = cardsOf(await send(message(question)));
    expect(card?.text).toContain("This policy was due for review on 1 December 2026. Check with your school's SENDCo");
  });

  it('shows the whole section verbatim when its button is clicked', async () => {
    const { send } = harness();
    const [answerCard] = cardsOf(await send(message(question)));
    const [sectionCard] = cardsOf(await send(submit(answerCard?.buttons.get('Show the whole section'))));
    const section = expected(question).citations[0];
    for (const paragraph of section?.text.split(/\n\s*\n/) ?? []) expect(sectionCard?.text).toContain(paragraph.trim());
  });

  it("says plainly when the trust's policy does not cover the question, and who to ask", async () => {
    const { send } = harness();
    const [card] = cardsOf(await send(message('Which football team won the league in 1998?')));
    expect(card?.text).toContain("Your trust's SEND policy doesn't cover that");
    expect(card?.text).toContain("your school's SENDCo");
  });

  it('asks for a shorter question instead of searching a very long one', async () => {
    const { send } = harness();
    const sent = await send(message('word '.repeat(400)));
    expect(textsOf(sent)).toEqual([replies.tooLong(1_000)]);
  });

  it('asks a person to slow down past the per-minute limit', async () => {
    const { send } = harness({ userPerMinute: 1 });
    expect(cardsOf(await send(message(question)))).toHaveLength(1);
    expect(textsOf(await send(message(question)))).toEqual([replies.slowDown]);
  });
});

describe('group chats and channels', () => {
  it('ignores group chat messages that do not mention the bot', async () => {
    const { send } = harness();
    expect(await send(message(question, { scope: 'groupChat' }))).toEqual([]);
  });

  it('answers when mentioned, with the mention removed from the question', async () => {
    const knowledge = fakeKnowledge();
    const asked: string[] = [];
    const answer = knowledge.answerer.answer.bind(knowledge.answerer);
    knowledge.answerer.answer = (trust, q) => {
      asked.push(q);
      return answer(trust, q);
    };
    const { send } = harness({ knowledge });
    const [card] = cardsOf(await send(message(question, { scope: 'groupChat', mention: true })));
    expect(asked).toEqual([question]);
    expect(card?.text).toContain(expected(question).citations[0]?.quote);
  });

  it('replies in the channel thread of the message it answers', async () => {
    const { send } = harness();
    const incoming = message(question, { scope: 'channel', mention: true });
    const sent = await send(incoming);
    expect(cardsOf(sent)).toHaveLength(1);
    for (const reply of sent) {
      expect(reply.conversation?.id).toBe(`19:channel-1@thread.tacv2;messageid=${incoming.id}`);
      expect(reply.replyToId).toBe(incoming.id);
    }
  });

  it('keeps a thread id that Teams already put in the conversation id', async () => {
    const { send } = harness();
    const incoming = message(question, { scope: 'channel', mention: true, conversationId: '19:channel-1@thread.tacv2;messageid=42' });
    const sent = await send(incoming);
    expect(sent.every((r) => r.conversation?.id === '19:channel-1@thread.tacv2;messageid=42')).toBe(true);
  });

  it('accepts card clicks in a channel without a mention', async () => {
    const { send } = harness();
    const [answerCard] = cardsOf(await send(message(question, { scope: 'channel', mention: true })));
    const sent = await send(submit(answerCard?.buttons.get('Show the whole section'), { scope: 'channel' }));
    expect(cardsOf(sent)).toHaveLength(1);
  });
});
