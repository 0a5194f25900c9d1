import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage } from 'botbuilder';
import { SendPolicyAdapter } from '../../bot/adapter.js';
import { createBotAuthentication } from '../../bot/auth.js';
import { createBot } from '../../bot/create-bot.js';
import { createLogger } from '../../bot/logger.js';
import { startServer } from '../../bot/server.js';
import type { RunningServer, TurnHandler } from '../../bot/server.js';
import { createTurnErrorHandler } from '../../bot/turn-errors.js';
import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/config.js';
import { activitiesIn, cardsOf, message } from './helpers/conversation.js';
import { fakeKnowledge, policyText } from './helpers/fake-knowledge.js';
import { startTokenIssuer } from './helpers/token-issuer.js';

const APP_ID = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

async function start(config: Config, bot?: Promise<TurnHandler>) {
  const logLines: string[] = [];
  const logger = createLogger(config.log, { write: (line: string) => void logLines.push(line) });
  const adapter = new SendPolicyAdapter(createBotAuthentication(config.bot));
  adapter.onTurnError = createTurnErrorHandler(logger);
  const handler = bot ?? createBot({ config, knowledge: fakeKnowledge(), storage: new MemoryStorage(), logger, withDialogs: false }).then((p) => p.bot);
  const running = await startServer(config, { adapter, logger, bot: handler });
  return { running, logLines };
}

function post(running: RunningServer, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${running.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('the HTTP server in dev mode', () => {
  let running: RunningServer;
  beforeAll(async () => {
    ({ running } = await start(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' })));
  });
  afterAll(() => running.close());

  it('returns the answer card in the HTTP reply for deliveryMode expectReplies', async () => {
    const response = await post(running, { ...message('What is the graduated approach?'), deliveryMode: 'expectReplies' });
    expect(response.status).toBe(200);
    const replies = activitiesIn(await response.json());
    // Every reply arrives at once, so no typing indicator comes before the card.
    expect(replies.map((r) => r.type)).toEqual(['message']);
    const [card] = cardsOf(replies);
    const quote = card?.text.split('\n').find((l) => l.startsWith('  │ '))?.slice(4) ?? '';
    expect(quote.length).toBeGreaterThan(20);
    expect(policyText('policies/southport.md')).toContain(quote);
    expect(card?.buttons.has('Show the whole section')).toBe(true);
  });

  it('listens on loopback only without credentials', () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('reports health and readiness', async () => {
    expect(await (await fetch(`${running.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${running.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });

  it('answers bad requests with 4xx, never 500', async () => {
    expect((await post(running, '{not json')).status).toBe(400);
    expect((await post(running, [1, 2])).status).toBe(400);
    expect((await post(running, { type: 'message' })).status).toBe(400);
    const missing = await post(running, { ...message('hi'), conversation: undefined });
    expect([missing.status, await missing.json()]).toEqual([400, { error: 'activity conversation: Invalid input: expected object, received undefined' }]);
    expect((await post(running, { ...message('x'), text: 'x'.repeat(300 * 1024) })).status).toBe(413);
  });
});

describe('readiness while the knowledge loads', () => {
  let running: RunningServer;
  let release: (bot: TurnHandler) => void = () => undefined;
  beforeAll(async () => {
    const pending = new Promise<TurnHandler>((resolve) => {
      release = resolve;
    });
    ({ running } = await start(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), pending));
  });
  afterAll(() => running.close());

  it('is healthy but not ready, and asks callers to retry, until the knowledge is loaded', async () => {
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(503);
    const early = await post(running, message('hello'));
    expect([early.status, early.headers.get('retry-after')]).toEqual([503, '5']);
    release({ run: () => Promise.resolve() });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
  });
});

describe('the HTTP server with credentials', () => {
  let issuer: Awaited<ReturnType<typeof startTokenIssuer>>;
  let running: RunningServer;
  let logLines: string[];
  beforeAll(async () => {
    issuer = await startTokenIssuer();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'test-secret',
      BotOpenIdMetadataUrl: issuer.openIdMetadataUrl,
      BotTokenIssuer: issuer.issuer,
    });
    ({ running, logLines } = await start(config));
  });
  afterAll(async () => {
    await running.close();
    await issuer.close();
  });
  afterEach(() => logLines.splice(0));

  const activity = () => ({ ...message('What is the graduated approach?'), deliveryMode: 'expectReplies' });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('runs the turn for a valid channel token', async () => {
    const token = issuer.sign({ aud: APP_ID, serviceurl: activity().serviceUrl });
    const response = await post(running, activity(), bearer(token));
    expect(response.status).toBe(200);
    expect(cardsOf(activitiesIn(await response.json()))).toHaveLength(1);
  });

  it.each([
    ['no token', () => ({})],
    ['a token signed by another key', () => bearer(issuer.sign({ aud: APP_ID, serviceurl: activity().serviceUrl }, { key: 'other' }))],
    ['an unsigned token', () => bearer(issuer.sign({ aud: APP_ID, serviceurl: activity().serviceUrl }, { key: 'none' }))],
    ['a token for another bot', () => bearer(issuer.sign({ aud: 'another-app', serviceurl: activity().serviceUrl }))],
    ['a token from another issuer', () => bearer(issuer.sign({ aud: APP_ID, iss: 'https://evil.example', serviceurl: activity().serviceUrl }))],
    ['an expired token', () => bearer(issuer.sign({ aud: APP_ID, serviceurl: activity().serviceUrl, expiresIn: -600 }))],
    ['a token for another service URL', () => bearer(issuer.sign({ aud: APP_ID, serviceurl: 'https://evil.example/' }))],
    ['a token that is not a JWT', () => bearer('garbage')],
  ])('rejects %s with 401 and runs no turn', async (_name, headers) => {
    const response = await post(running, activity(), headers());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'Unauthorized' });
    expect(logLines.some((l) => l.includes('"event":"unauthorized"'))).toBe(true);
    expect(logLines.some((l) => l.includes('answered from policy'))).toBe(false);
  });
});
