import { MemoryStorage, TestAdapter, TurnContext, UserState } from 'botbuilder';
import type { Activity, MessagingExtensionResponse } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import {
  MAX_RESULT_COUNT,
  MessageExtension,
  parseSearchQuery,
  parseSelectItem,
  quoteSelectedSection,
  searchPolicy,
} from '../../bot/message-extension.js';
import type { PolicyKnowledge } from '../../bot/policy-knowledge.js';
import { TrustResolver } from '../../bot/trust-resolver.js';
import type { Citation, PolicyStatus } from '../../src/answers/types.js';
import type { Section, Trust } from '../../src/knowledge/types.js';

const southport: Trust = {
  id: 'southport',
  displayName: 'Southport Learning Trust',
  tenantIds: ['5b0f3a52-6c1e-4d8a-9f27-0c4e8b1d2a61'],
  policies: [{ file: 'policies/southport.md' }],
  sendcoRole: 'SENDCo',
};
const mosaic: Trust = {
  id: 'mosaic',
  displayName: 'Mosaic Schools Learning Trust',
  tenantIds: ['f7b2c9e4-3d81-4a65-b0c3-5e9d1a7f2b48'],
  policies: [{ file: 'policies/mosaic.md' }],
  sendcoRole: 'SENCO',
};
/** A tenant shared by both trusts, to exercise the choice between them. */
const sharedTenant = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const trusts = [
  { ...southport, tenantIds: [...southport.tenantIds, sharedTenant] },
  { ...mosaic, tenantIds: [...mosaic.tenantIds, sharedTenant] },
];

// Passages quoted from the two trusts' policies (knowledge/policies/).
const sections: Section[] = [
  {
    id: 'southport/send-policy/40',
    trust: 'southport',
    document: 'SEND POLICY',
    headingPath: ['14. Assessment and Progress Monitoring'],
    ownsHeading: true,
    text: "EHCP Reviews: The SENDCo will organise Annual Reviews of all EHCPs, drawing on Parents/Carers/Advocates, pupils, and all appropriate agencies for their contributions about the pupil's progress, ensuring the plan remains current and effective.",
    order: 40,
  },
  {
    id: 'southport/send-policy/12',
    trust: 'southport',
    document: 'SEND POLICY',
    headingPath: ['3. Roles and Responsibilities', 'The SENDCo'],
    ownsHeading: true,
    text: 'Organise and lead the Annual Review of all Education Health Care Plans (EHCPs).',
    order: 12,
  },
  {
    id: 'mosaic/send-policy/30',
    trust: 'mosaic',
    document: 'Special Educational Needs and Disabilities (SEND) Policy',
    headingPath: ['9. Annual Reviews'],
    ownsHeading: true,
    text: 'Each school within our MAT is committed to carrying out its duties for Education, Health and Care (EHC) plan pupils who are subject to the annual review procedures set out in the SEND Code of Practice.',
    order: 30,
  },
];

const statuses: Record<string, PolicyStatus[]> = {
  southport: [{ document: 'SEND POLICY', policyDate: '2025-12-01', reviewDate: '2026-12-01', pastReview: false }],
  mosaic: [{ document: 'Special Educational Needs and Disabilities (SEND) Policy', reviewDate: '2025-09-01', pastReview: true }],
};

const citation = (s: Section): Citation => ({
  sectionId: s.id,
  trust: s.trust,
  document: s.document,
  headingPath: s.headingPath,
  text: s.text,
  quote: s.text,
  score: 1,
});

/** Every search word must appear in the section; no words lists the trust's sections in order. */
const knowledge: PolicyKnowledge = {
  trusts,
  trust: (id) => trusts.find((t) => t.id === id),
  trustsForTenant: (tenantId) => trusts.filter((t) => t.tenantIds.includes(tenantId)),
  answerer: {
    answer: () => {
      throw new Error('the message extension never answers questions');
    },
    search: (trust, query, limit) => {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      return sections
        .filter((s) => s.trust === trust && words.every((w) => `${s.headingPath.join(' ')} ${s.text}`.toLowerCase().includes(w)))
        .slice(0, limit)
        .map(citation);
    },
  },
  section: (id) => sections.find((s) => s.id === id),
  policies: (trust) => statuses[trust] ?? [],
};

const search = (words: string) => ({ commandId: 'searchPolicy', parameters: [{ name: 'query', value: words }], queryOptions: { skip: 0, count: 25 } });
const resolved = (trust: Trust) => ({ kind: 'resolved' as const, trust, choices: [trust] });

function results(response: MessagingExtensionResponse) {
  expect(response.composeExtension?.type).toBe('result');
  return response.composeExtension?.attachments ?? [];
}

/** The section a result quotes, found by the text on its card. */
function quotedSection(attachment: { content?: unknown }): string | undefined {
  const card = JSON.stringify(attachment.content);
  return sections.find((s) => card.includes(JSON.stringify(s.text).slice(1, -1)))?.id;
}

describe('policy search queries', () => {
  it('reads the typed words from the query parameter', () => {
    expect(parseSearchQuery(search('  annual   review '))).toEqual({ text: 'annual review', skip: 0, count: MAX_RESULT_COUNT });
  });

  it("treats Teams' initial run as an empty search", () => {
    expect(parseSearchQuery({ commandId: 'searchPolicy', parameters: [{ name: 'initialRun', value: 'true' }] })).toEqual({ text: '', skip: 0, count: 10 });
  });

  it('accepts a query without a command id or parameter name, as the Agents Playground sends', () => {
    expect(parseSearchQuery({ parameters: [{ value: 'EHCP' }], queryOptions: { skip: 0, count: 25 } })?.text).toBe('EHCP');
  });

  it("ignores another command's query and a malformed one", () => {
    expect(parseSearchQuery({ commandId: 'somethingElse', parameters: [] })).toBeUndefined();
    expect(parseSearchQuery({ parameters: 'EHCP' })).toBeUndefined();
  });

  it('never returns more results than the cap, whatever Teams asks', () => {
    expect(parseSearchQuery({ parameters: [], queryOptions: { skip: 0, count: 500 } })?.count).toBe(MAX_RESULT_COUNT);
  });
});

describe('searching the policy from the compose box', () => {
  it("lists the matching sections of the person's own trust, each previewed by heading and opening words", async () => {
    const list = results(await searchPolicy(knowledge, resolved(southport), search('annual review')));
    expect(list.map(quotedSection)).toEqual(['southport/send-policy/40', 'southport/send-policy/12']);
    expect(list[0]?.preview).toEqual({
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: {
        title: '14. Assessment and Progress Monitoring',
        text: expect.stringMatching(/^EHCP Reviews: The SENDCo will organise Annual Reviews of all EHCPs, drawing on .*…$/) as unknown,
      },
    });
    // A nested section is titled by its own heading; the inserted card shows the whole path.
    expect(list[1]?.preview?.content).toEqual({ title: 'The SENDCo', text: 'Organise and lead the Annual Review of all Education Health Care Plans (EHCPs).' });
  });

  it('inserts the quote card straight from the result, without a round trip the Agents Playground refuses', async () => {
    const [first] = results(await searchPolicy(knowledge, resolved(southport), search('EHCP reviews')));
    expect(first?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(first)).not.toContain('"tap"');
    expect(JSON.stringify(first?.content)).toContain("Quoted from Southport Learning Trust's SEND policy");
  });

  it("shows the same words from another trust's tenant only that trust's sections", async () => {
    const list = results(await searchPolicy(knowledge, resolved(mosaic), search('annual review')));
    expect(list.map(quotedSection)).toEqual(['mosaic/send-policy/30']);
  });

  it("lists the trust's first sections for an empty search", async () => {
    const list = results(await searchPolicy(knowledge, resolved(southport), { parameters: [{ name: 'initialRun', value: 'true' }] }));
    expect(list).toHaveLength(2);
  });

  it('says so in words when nothing matches', async () => {
    const response = await searchPolicy(knowledge, resolved(mosaic), search('minibus insurance'));
    expect(response.composeExtension).toEqual({
      type: 'message',
      text: expect.stringContaining('Nothing in Mosaic Schools Learning Trust\'s SEND policy matches "minibus insurance"') as unknown,
    });
  });

  it('refuses a tenant that is not set up, without showing any sections', async () => {
    const response = await searchPolicy(knowledge, { kind: 'refused', tenantId: 'unknown' }, search('annual review'));
    expect(response.composeExtension).toEqual({ type: 'message', text: expect.stringContaining("isn't set up") as unknown });
  });

  it('asks a person whose tenant uses several trusts to choose theirs first', async () => {
    const response = await searchPolicy(knowledge, { kind: 'choose', choices: trusts }, search('annual review'));
    expect(response.composeExtension).toEqual({ type: 'message', text: expect.stringContaining('change trust') as unknown });
  });
});

describe('picking a search result', () => {
  it('inserts a quote card of the section with its heading, policy and dates', () => {
    const response = quoteSelectedSection(knowledge, resolved(southport), { sectionId: 'southport/send-policy/40' });
    const [attachment] = results(response);
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    // The heading keeps its number with a no-break space, so Teams does not turn it into a list item.
    expect(attachment?.content).toMatchObject({
      body: expect.arrayContaining([expect.objectContaining({ style: 'heading', text: '14.\u00a0Assessment and Progress Monitoring' })]) as unknown,
    });
    const card = JSON.stringify(attachment?.content);
    expect(card).toContain('EHCP Reviews: The SENDCo will organise Annual Reviews of all EHCPs');
    expect(card).toContain('1 December 2025');
    expect(card).not.toContain('due for review');
  });

  it('warns on the quote card when the policy is past its review date', () => {
    const [attachment] = results(quoteSelectedSection(knowledge, resolved(mosaic), { sectionId: 'mosaic/send-policy/30' }));
    expect(JSON.stringify(attachment?.content)).toContain('This policy was due for review on 1 September 2025');
  });

  it('accepts the picked value as a JSON string too', () => {
    expect(parseSelectItem('{"sectionId":"mosaic/send-policy/30"}')).toEqual({ sectionId: 'mosaic/send-policy/30' });
    expect(parseSelectItem('not json')).toBeUndefined();
    expect(parseSelectItem({ section: 'x' })).toBeUndefined();
  });

  it("refuses a section of another trust, even when the value names one", () => {
    const response = quoteSelectedSection(knowledge, resolved(mosaic), { sectionId: 'southport/send-policy/40' });
    expect(response.composeExtension).toEqual({ type: 'message', text: expect.stringContaining("isn't in Mosaic Schools Learning Trust's SEND policy") as unknown });
  });
});

describe('the message extension behind the bot', () => {
  const adapter = new TestAdapter();
  const userState = new UserState(new MemoryStorage());
  const extension = new MessageExtension(knowledge, new TrustResolver(knowledge, userState, { devMode: false }));
  const turn = (tenantId: string, userId = 'user-1') =>
    new TurnContext(adapter, {
      type: 'invoke',
      name: 'composeExtension/query',
      channelId: 'msteams',
      from: { id: userId, name: 'Teacher' },
      recipient: { id: 'bot', name: 'SEND Policy Assistant' },
      conversation: { id: `conversation-${userId}`, tenantId, isGroup: false, conversationType: 'personal', name: '' },
      channelData: { tenant: { id: tenantId } },
      serviceUrl: 'https://smba.trafficmanager.net/uk/',
    } satisfies Partial<Activity>);

  it('answers the same words from two tenants with each one\'s own trust only', async () => {
    for (const trust of [southport, mosaic]) {
      const list = results(await extension.query(turn(trust.tenantIds[0] ?? ''), search('annual review')));
      expect(list.length).toBeGreaterThan(0);
      for (const id of list.map(quotedSection)) expect(id?.startsWith(`${trust.id}/`)).toBe(true);
    }
  });

  it('uses the trust a person chose when their tenant uses several', async () => {
    const resolver = new TrustResolver(knowledge, userState, { devMode: false });
    const context = turn(sharedTenant, 'user-shared');
    expect((await extension.query(context, search('annual review'))).composeExtension?.type).toBe('message');
    await resolver.choose(context, 'mosaic');
    const list = results(await extension.query(context, search('annual review')));
    expect(list.map(quotedSection)).toEqual(['mosaic/send-policy/30']);
  });

  it('never quotes sections to a tenant outside the registry', async () => {
    const response = await extension.selectItem(turn('9f8e7d6c-5b4a-4392-8176-5a4b3c2d1e0f'), { sectionId: 'southport/send-policy/40' });
    expect(response.composeExtension?.type).toBe('message');
    expect(JSON.stringify(response)).not.toContain('EHCP Reviews');
  });
});
