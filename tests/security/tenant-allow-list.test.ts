/**
 * The trust registry is the tenant allow-list. With credentials (production), an
 * authenticated activity from a tenant no trust lists — or with no tenant at all —
 * is refused politely, logged by tenant id, and never answered from any trust's
 * policy, whatever path it takes; a listed tenant never reaches another trust's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionData } from '../../bot/cards/card-actions.js';
import { replies } from '../../bot/send-policy-bot.js';
import { message, submit, textsOf } from '../bot/helpers/conversation.js';
import type { Where } from '../bot/helpers/conversation.js';
import { MOSAIC_TENANT, UNKNOWN_TENANT, fakeKnowledge } from '../bot/helpers/fake-knowledge.js';
import { startBotTokenService } from '../helpers/bot-token-service.js';
import type { BotTokenService } from '../helpers/bot-token-service.js';
import { TEST_APP_ID, repliesOf, startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

const SERVICE_URL = 'https://smba.trafficmanager.net/uk/';
const southportSection = fakeKnowledge().allSections.find((s) => s.trust === 'southport')?.id ?? '';

describe('the tenant allow-list in production', () => {
  let tokens: BotTokenService;
  let server: TestServer;
  beforeAll(async () => {
    tokens = await startBotTokenService();
    server = await startTestServer({
      env: { NODE_ENV: 'production', MicrosoftAppId: TEST_APP_ID, MicrosoftAppPassword: 'test-secret', BotOpenIdMetadataUrl: tokens.channelMetadataUrl, BotTokenIssuer: tokens.issuer },
    });
  });
  afterAll(async () => {
    await server.close();
    await tokens.close();
  });

  async function send(activity: object) {
    const token = tokens.sign({ aud: TEST_APP_ID, serviceurl: SERVICE_URL });
    server.logLines.splice(0);
    const response = await server.post({ ...activity, deliveryMode: 'expectReplies' }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    return repliesOf(await response.json());
  }

  const unknown: Where = { tenant: UNKNOWN_TENANT, conversationId: 'a:unknown-tenant' };
  const none: Where = { tenant: null, conversationId: 'a:no-tenant' };

  it.each([
    ['a question from an unknown tenant', () => message('What is the graduated approach?', unknown), UNKNOWN_TENANT],
    ['a question with no tenant', () => message('What is the graduated approach?', none), null],
    ['"help" from an unknown tenant', () => message('help', unknown), UNKNOWN_TENANT],
    ['a forged "show section" click from an unknown tenant', () => submit(actionData({ action: 'showSection', sectionId: southportSection }), unknown), UNKNOWN_TENANT],
    ['a forged trust choice from an unknown tenant', () => submit(actionData({ action: 'chooseTrust', trust: 'southport', question: 'What is the graduated approach?' }), unknown), UNKNOWN_TENANT],
  ])('refuses %s, logs the tenant id, and answers from no policy', async (_name, activity, tenantId) => {
    const sent = await send(activity());
    expect(textsOf(sent)).toEqual([replies.tenantRefused]);
    expect(sent.flatMap((r) => r.attachments ?? [])).toEqual([]);
    const refusal = server.logLines.find((l) => l.includes('"event":"tenant-refused"'));
    expect(refusal).toContain(`"tenantId":${JSON.stringify(tenantId)}`);
    expect(server.logLines.some((l) => l.includes('"event":"answer"'))).toBe(false);
  });

  it('shows an unknown tenant no sections in the compose-box search', async () => {
    const sent = await send({ ...message('', unknown), type: 'invoke', name: 'composeExtension/query', value: { commandId: 'searchPolicy', parameters: [{ name: 'query', value: 'graduated approach' }] } });
    const invoke = sent.find((r) => r.type === 'invokeResponse');
    expect(JSON.stringify(invoke?.value)).toContain("isn't set up for your organisation");
    expect(JSON.stringify(invoke?.value)).not.toContain('"attachments":[{');
  });

  it("never shows a listed tenant another trust's section, nor lets it choose another trust", async () => {
    const mosaic: Where = { tenant: MOSAIC_TENANT, conversationId: 'a:mosaic' };
    expect(textsOf(await send(submit(actionData({ action: 'showSection', sectionId: southportSection }), mosaic)))).toEqual([replies.sectionGone]);
    const chosen = await send(submit(actionData({ action: 'chooseTrust', trust: 'southport' }), mosaic));
    expect(textsOf(chosen)).toEqual([replies.trustNotAllowed]);
    const answer = await send(message('What is the graduated approach?', mosaic));
    expect(server.logLines.find((l) => l.includes('"event":"answer"'))).toContain('"trust":"mosaic"');
    expect(answer.flatMap((r) => r.attachments ?? [])).toHaveLength(1);
  });
});
