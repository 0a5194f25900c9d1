import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenedKnowledgeBase } from '../../../src/answers/knowledge-base.js';
import { isAssistantError } from '../../../src/errors.js';
import { sharedKnowledgeBase } from './shared-knowledge-base.js';

let kb: OpenedKnowledgeBase;
beforeAll(async () => {
  kb = await sharedKnowledgeBase();
});

describe('openKnowledgeBase', () => {
  it('lists the registry\'s trusts and finds them by id and by tenant', () => {
    expect(kb.trusts.map((t) => t.id)).toEqual(['southport', 'drb-ignite', 'aspire', 'leading-learners', 'mosaic']);
    expect(kb.trust('aspire')?.displayName).toBe('The Aspire Educational Trust');
    expect(kb.trust('atlantis')).toBeUndefined();
    const tenant = kb.trust('mosaic')?.tenantIds[0] ?? '';
    expect(kb.trustsForTenant(tenant.toUpperCase()).map((t) => t.id)).toEqual(['mosaic']);
  });

  it('finds any section by id', async () => {
    const answer = await kb.answerer.answer('southport', 'who holds the ultimate legal accountability for SEND?');
    const cited = answer.citations[0];
    expect(cited).toBeDefined();
    expect(kb.section(cited?.sectionId ?? '')?.text).toBe(cited?.text);
    expect(kb.section('nowhere/none/0')).toBeUndefined();
  });

  it('says which policies are past their review date on the clock\'s day', () => {
    expect(kb.policies('drb-ignite')).toEqual([expect.objectContaining({ reviewDate: '2024-10-01', pastReview: true })]);
    expect(kb.policies('southport')).toEqual([expect.objectContaining({ reviewDate: '2026-12-01', pastReview: false })]);
  });
});

describe('answer', () => {
  it('quotes the best section first, with its heading path, policy and review status', async () => {
    const answer = await kb.answerer.answer('drb-ignite', 'how long has the LA got to issue the final EHCP?');
    expect(answer.answered).toBe(true);
    const [best] = answer.citations;
    expect(best?.quote).toContain('The final plan must be issued within 20 weeks');
    expect(best?.headingPath.at(-1)).toBe('Statutory Assessment');
    expect(answer.policies).toEqual([expect.objectContaining({ document: best?.document, pastReview: true })]);
    expect(answer.citations.length).toBeLessThanOrEqual(5);
  });

  it('quotes a list item after the lead-in that introduces it, both verbatim from the section', async () => {
    const answer = await kb.answerer.answer('southport', 'does being a young carer mean a pupil has SEND?');
    const item = answer.citations.find((c) => c.quote === 'Being a young carer');
    expect(item?.quoteLeadIn).toBe("The following factors may impact on a pupil's progress and attainment but do not, in themselves, constitute SEND:");
    const text = item?.text ?? '';
    expect(text.indexOf(item?.quoteLeadIn ?? '-')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(item?.quoteLeadIn ?? '-')).toBeLessThan(text.indexOf('Being a young carer'));
  });

  it('takes falling behind, or complex needs, as a SEND question', async () => {
    const behind = await kb.answerer.answer('aspire', 'she is falling behind her classmates, what should I do?');
    expect(behind.answered).toBe(true);
    expect(behind.citations.some((c) => c.headingPath.at(-1) === 'Identifying SEND' || c.headingPath.at(-1) === 'SEND Support')).toBe(true);
    expect((await kb.answerer.answer('mosaic', 'a pupil with complex needs we cannot meet here - what now?')).citations[0]?.text).toContain('meet the most complex needs');
  });

  it("reaches the policy's words from the everyday ones staff use", async () => {
    const cases: [string, string, string][] = [
      ['southport', 'is a pupil from a forces family SEND because of that alone?', 'Being a child of a Serviceman/woman'],
      ['aspire', 'her grandma died recently - should we keep an eye on how it affects her learning?', 'such as bereavement'],
      ['mosaic', 'parents paid for an independent assessment - do we have to follow it?', 'External private diagnosis'],
      ['drb-ignite', 'what tweaks can I make in lessons for a pupil who struggles?', 'Differentiating the curriculum'],
      ['leading-learners', 'are pupils with learning needs at more risk of exploitation?', 'SEND can increase vulnerability to abuse'],
      ['leading-learners', 'does anyone help SEND pupils with going to the toilet?', 'personal or intimate care'],
      // The policy says nothing of medicine, but how pupils with medical conditions are supported answers it.
      ['leading-learners', 'a pupil with diabetes needs medicine in school, what do we need in place?', 'individual health care plan'],
      ['southport', 'how do we take a pupil off the SEND support register?', 'removal from the SEND Support Register'],
    ];
    for (const [trust, question, quoted] of cases) {
      const answer = await kb.answerer.answer(trust, question);
      expect(answer.citations[0]?.quote, question).toContain(quoted);
    }
    // A topic staff name in everyday words is still one the policy may not cover.
    expect(await kb.answerer.answer('aspire', 'who helps SEND pupils go to the toilet?')).toMatchObject({ answered: false, citations: [] });
  });

  it('says the policy does not cover a question outside SEND, with no citations', async () => {
    const answer = await kb.answerer.answer('southport', 'how do I reset my email password?');
    expect(answer).toMatchObject({ answered: false, reason: 'not-covered', citations: [] });
  });

  it('says the policy does not cover a SEND topic it never mentions', async () => {
    const answer = await kb.answerer.answer('aspire', 'who does intimate care for pupils in nappies?');
    expect(answer).toMatchObject({ answered: false, reason: 'not-covered', citations: [] });
  });

  it('answers a question about SEND whose scene names a topic the policy never mentions', async () => {
    // No policy says anything about PE kit or uniform; the question is about raising a concern and an EHCP.
    for (const trust of ['southport', 'aspire', 'mosaic']) {
      const concern = await kb.answerer.answer(trust, 'a pupil with autism keeps refusing to get changed for PE - should I raise this as a SEND concern?');
      expect(concern.answered, trust).toBe(true);
    }
    const uniform = await kb.answerer.answer('mosaic', 'a child with an EHCP is refusing to wear school uniform - do we still have to meet his EHCP provision?');
    expect(uniform.answered).toBe(true);
    // Asked about, the same topic is not covered.
    expect(await kb.answerer.answer('mosaic', 'can a pupil with autism wear trainers instead of school uniform?')).toMatchObject({ answered: false, citations: [] });
  });

  it('takes a need the policy never names as tied to SEND through the broader area of need it does name', async () => {
    // No policy says ADHD; each covers social, emotional and mental health needs and raising a concern.
    for (const trust of ['southport', 'drb-ignite', 'mosaic']) {
      const answer = await kb.answerer.answer(trust, 'kid in my class cant sit still and shouts out all the time, what do i do?');
      expect(answer.answered, trust).toBe(true);
    }
  });

  it('answers a topic the policy covers only through a broader concept it names', async () => {
    // Mosaic's policy never says "EHC needs assessment", but says when an EHCP may be applied for.
    const answer = await kb.answerer.answer('mosaic', 'what is the process for requesting an EHC needs assessment?');
    expect(answer.answered).toBe(true);
  });

  it('treats an empty question as empty, not as uncovered', async () => {
    expect(await kb.answerer.answer('mosaic', '   ')).toMatchObject({ answered: false, reason: 'empty-question', citations: [] });
  });

  it('refuses an unknown trust, naming it', async () => {
    const error: unknown = await kb.answerer.answer('atlantis', 'who is the SENCO?').catch((e: unknown) => e);
    expect(isAssistantError(error, 'TRUST_UNKNOWN')).toBe(true);
    expect(String(error)).toContain('"atlantis"');
  });
});

describe('search', () => {
  it('returns the trust\'s own best sections for a short query, without abstaining', async () => {
    const results = await kb.answerer.search('leading-learners', 'PEEP', 3);
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(3);
    expect(results[0]?.text).toContain('personal emergency evacuation plan');
    for (const r of results) expect(r.trust).toBe('leading-learners');
  });

  it('matches the word being typed as a prefix', async () => {
    const results = await kb.answerer.search('drb-ignite', 'bully', 2);
    expect(results[0]?.headingPath.at(-1)).toBe('Bullying');
  });

  it('offers the trust\'s most useful sections for an empty query', async () => {
    const results = await kb.answerer.search('aspire', '', 5);
    expect(results).toHaveLength(5);
    for (const r of results) {
      expect(r.trust).toBe('aspire');
      expect(r.text).toContain(r.quote);
    }
  });
});
