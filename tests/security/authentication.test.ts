/**
 * End-to-end authentication: the real server, adapter and botbuilder token
 * verifier against a local OpenID metadata + JWKS endpoint. Only a Bot Framework
 * channel token for this app, signed by a published key, for this service URL, for
 * the Teams channel, runs a turn; everything else is 401 and the handler never runs.
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import { cardsOf, message } from '../bot/helpers/conversation.js';
import { EMULATOR_ISSUER, startBotTokenService } from '../helpers/bot-token-service.js';
import type { BotTokenService, TestClaims } from '../helpers/bot-token-service.js';
import { TEST_APP_ID, leaksInternals, repliesOf, startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

const SERVICE_URL = 'https://smba.trafficmanager.net/uk/';
const question = () => ({ ...message('What is the graduated approach?'), deliveryMode: 'expectReplies' });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const credentials = (tokens: BotTokenService, metadataUrl = tokens.channelMetadataUrl) => ({
  NODE_ENV: 'production',
  MicrosoftAppId: TEST_APP_ID,
  MicrosoftAppPassword: 'test-secret',
  BotOpenIdMetadataUrl: metadataUrl,
  BotTokenIssuer: tokens.issuer,
});

describe('a server holding credentials', () => {
  let tokens: BotTokenService;
  let server: TestServer;
  beforeAll(async () => {
    tokens = await startBotTokenService();
    server = await startTestServer({ env: credentials(tokens) });
  });
  afterAll(async () => {
    await server.close();
    await tokens.close();
  });

  const valid = (claims: TestClaims = {}) => tokens.sign({ aud: TEST_APP_ID, serviceurl: SERVICE_URL, ...claims });

  it('runs the turn and answers for a valid Teams channel token', async () => {
    const before = server.turns();
    const response = await server.post(question(), bearer(valid()));
    expect(response.status).toBe(200);
    expect(cardsOf(repliesOf(await response.json()))).toHaveLength(1);
    expect(server.turns()).toBe(before + 1);
  });

  it('accepts a token that expired less than the 5-minute clock tolerance ago', async () => {
    const response = await server.post(question(), bearer(valid({ expiresIn: -60 })));
    expect(response.status).toBe(200);
  });

  const refused: [string, () => Record<string, string>, (() => Record<string, unknown>)?][] = [
    ['no Authorization header', () => ({})],
    ['an empty bearer token', () => ({ authorization: 'Bearer ' })],
    ['a token that is not a JWT', () => bearer('not.a.jwt')],
    ['another scheme', () => ({ authorization: `Basic ${Buffer.from('bot:secret').toString('base64')}` })],
    ['an unsigned token (alg none)', () => bearer(tokens.sign({ aud: TEST_APP_ID, serviceurl: SERVICE_URL }, { key: 'none' }))],
    ['an HS256 token keyed with the public key', () => bearer(tokens.sign({ aud: TEST_APP_ID, serviceurl: SERVICE_URL }, { key: 'hmac' }))],
    ['a token signed by an unpublished key', () => bearer(tokens.sign({ aud: TEST_APP_ID, serviceurl: SERVICE_URL }, { key: 'other' }))],
    ['a token naming an unknown key id', () => bearer(tokens.sign({ aud: TEST_APP_ID, serviceurl: SERVICE_URL }, { kid: 'nobody' }))],
    ['a token that expired beyond the clock tolerance', () => bearer(valid({ expiresIn: -400 }))],
    ['a token not valid until later', () => bearer(valid({ notBefore: 600, expiresIn: 1200 }))],
    ['a token for another app', () => bearer(valid({ aud: '11111111-2222-4333-8444-555555555555' }))],
    ['a token without an audience', () => bearer(valid({ aud: null }))],
    ['a token from another issuer', () => bearer(valid({ iss: 'https://evil.example' }))],
    ['a token for another service URL', () => bearer(valid({ serviceurl: 'https://evil.example/' }))],
    ['a token without a service URL claim', () => bearer(valid({ serviceurl: null }))],
    ['a valid token on an activity from another channel', () => bearer(valid()), () => ({ channelId: 'webchat' })],
    ['a valid token on an activity claiming the ASE channel', () => bearer(valid()), () => ({ channelId: 'directlinease' })],
    ['an emulator-issuer token', () => bearer(valid({ iss: EMULATOR_ISSUER, ver: '1.0', appid: TEST_APP_ID }))],
    ['a bot-to-bot (skill) token', () => bearer(valid({ iss: EMULATOR_ISSUER, ver: '1.0', appid: 'another-bot' }))],
  ];

  it.each(refused)('refuses %s with 401 and never runs the turn', async (_name, headers, change) => {
    const before = server.turns();
    const response = await server.post({ ...question(), ...change?.() }, headers());
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(JSON.parse(text)).toEqual({ error: 'Unauthorized' });
    expect(leaksInternals(text)).toBe(false);
    expect(server.turns()).toBe(before);
  });

  it('logs each refusal without the token', async () => {
    const token = tokens.sign({ aud: TEST_APP_ID, serviceurl: SERVICE_URL }, { key: 'other' });
    server.logLines.splice(0);
    await server.post(question(), bearer(token));
    const refusal = server.logLines.find((l) => l.includes('"event":"unauthorized"'));
    expect(refusal).toBeDefined();
    expect(server.logLines.join('\n')).not.toContain(token.split('.')[2]);
  });
});

describe('a token that claims the emulator path', () => {
  let tokens: BotTokenService;
  let server: TestServer;
  let authentication: ConfigurationBotFrameworkAuthentication;
  beforeAll(async () => {
    tokens = await startBotTokenService();
    // The emulator endpoint publishes the same key, so botbuilder itself accepts an emulator token.
    authentication = new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: TEST_APP_ID,
      MicrosoftAppPassword: 'test-secret',
      MicrosoftAppType: 'MultiTenant',
      ValidateAuthority: true,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: tokens.channelMetadataUrl,
      ToBotFromChannelTokenIssuer: tokens.issuer,
      ToBotFromEmulatorOpenIdMetadataUrl: tokens.emulatorMetadataUrl,
    });
    server = await startTestServer({ env: credentials(tokens), authentication });
  });
  afterAll(async () => {
    await server.close();
    await tokens.close();
  });

  it('is verified by botbuilder, yet refused with 401 before any turn runs', async () => {
    const token = tokens.sign({ iss: EMULATOR_ISSUER, aud: TEST_APP_ID, ver: '1.0', appid: TEST_APP_ID, serviceurl: SERVICE_URL });
    const activity = z.custom<Activity>((v) => typeof v === 'object').parse({ ...question(), channelId: 'msteams' });
    const verified = await authentication.authenticateRequest(activity, `Bearer ${token}`);
    expect(verified.claimsIdentity.isAuthenticated).toBe(true);

    const response = await server.post(activity, bearer(token));
    expect([response.status, await response.json()]).toEqual([401, { error: 'Unauthorized' }]);
    expect(server.turns()).toBe(0);
  });
});

describe('a signing key endorsed for another channel', () => {
  let tokens: BotTokenService;
  let server: TestServer;
  beforeAll(async () => {
    tokens = await startBotTokenService({ endorsements: ['webchat'] });
    server = await startTestServer({ env: credentials(tokens) });
  });
  afterAll(async () => {
    await server.close();
    await tokens.close();
  });

  it('cannot sign for Teams: a correctly signed token is refused with 401 for a Teams activity', async () => {
    const response = await server.post(question(), bearer(tokens.sign({ aud: TEST_APP_ID, serviceurl: SERVICE_URL })));
    expect(response.status).toBe(401);
    expect(server.turns()).toBe(0);
  });
});

describe('when the signing keys cannot be fetched', () => {
  let tokens: BotTokenService;
  let server: TestServer;
  beforeAll(async () => {
    tokens = await startBotTokenService();
    tokens.setDown(true);
    server = await startTestServer({ env: credentials(tokens) });
  });
  afterAll(async () => {
    await server.close();
    await tokens.close();
  });

  it('fails closed with 401, says nothing of why, and runs no turn', async () => {
    const token = tokens.sign({ aud: TEST_APP_ID, serviceurl: SERVICE_URL });
    const response = await server.post(question(), bearer(token));
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(leaksInternals(text)).toBe(false);
    expect(tokens.requests()).toBeGreaterThan(0);
    expect(server.turns()).toBe(0);
  });

  it('also fails closed when the metadata endpoint is not listening at all', async () => {
    const closed = await startTestServer({ env: credentials(tokens, 'http://127.0.0.1:9/openid') });
    try {
      const response = await closed.post(question(), bearer(tokens.sign({ aud: TEST_APP_ID, serviceurl: SERVICE_URL })));
      expect(response.status).toBe(401);
      expect(leaksInternals(await response.text())).toBe(false);
      expect(closed.turns()).toBe(0);
    } finally {
      await closed.close();
    }
  });
});

describe('configuration', () => {
  it('refuses to start in production without app credentials, so requests are never unauthenticated there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CONFIG_INVALID: MicrosoftAppId is required/);
  });

  it('listens on loopback only when it runs without credentials', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).server.host).toBe('127.0.0.1');
  });
});
