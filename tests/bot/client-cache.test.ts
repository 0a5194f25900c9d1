import { describe, expect, it } from 'vitest';
import type { Activity, TurnContext } from 'botbuilder';
import { AuthenticationConstants, BotFrameworkAuthentication, ClaimsIdentity, ConnectorFactory } from 'botframework-connector';
import type { AuthenticateRequestResult, ConnectorClient, UserTokenClient } from 'botframework-connector';
import { SendPolicyAdapter } from '../../bot/adapter.js';
import { createBotAuthentication } from '../../bot/auth.js';
import { ClientCachingAuthentication, MAX_CACHED_CLIENTS } from '../../bot/client-cache.js';
import { loadConfig } from '../../src/config.js';
import { message } from './helpers/conversation.js';

/** An authentication that builds a distinct fake client on every call and counts them. */
class CountingAuthentication extends BotFrameworkAuthentication {
  connectors: string[] = [];
  userTokens = 0;
  failNext = false;

  constructor(private readonly appId = 'app-1') {
    super();
  }

  authenticateRequest(): Promise<AuthenticateRequestResult> {
    return Promise.resolve(this.authenticateStreamingRequest());
  }

  authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    const claimsIdentity = new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: this.appId }], true);
    return Promise.resolve({ claimsIdentity, audience: 'scope', callerId: 'caller', connectorFactory: this.createConnectorFactory() });
  }

  createConnectorFactory(): ConnectorFactory {
    const build = (serviceUrl: string, audience?: string) => this.buildConnector(serviceUrl, audience);
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        return build(serviceUrl, audience);
      }
    })();
  }

  buildConnector(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('Invalid appId.'));
    }
    this.connectors.push(`${serviceUrl} ${audience ?? ''}`);
    return Promise.resolve({ serviceUrl, audience, n: this.connectors.length } as unknown as ConnectorClient);
  }

  createUserTokenClient(): Promise<UserTokenClient> {
    this.userTokens += 1;
    return Promise.resolve({ n: this.userTokens } as unknown as UserTokenClient);
  }
}

const activity = (serviceUrl = 'https://smba.trafficmanager.net/uk/') => ({ ...message('hello'), serviceUrl }) as Activity;

describe('the outbound clients of a turn', () => {
  it('are built once and handed to every later turn for the same service URL', async () => {
    const counting = new CountingAuthentication();
    const adapter = new SendPolicyAdapter(counting);
    const seen: unknown[][] = [];
    const logic = (context: TurnContext) => {
      seen.push([context.turnState.get(adapter.ConnectorClientKey), context.turnState.get(adapter.UserTokenClientKey)]);
      return Promise.resolve();
    };
    await adapter.handleRequest('', activity(), logic);
    await adapter.handleRequest('', activity(), logic);
    await adapter.handleRequest('', activity(), logic);
    expect(counting.connectors).toEqual(['https://smba.trafficmanager.net/uk/ scope']);
    expect(counting.userTokens).toBe(1);
    expect(seen).toHaveLength(3);
    expect(seen[1]?.[0]).toBe(seen[0]?.[0]);
    expect(seen[2]?.[1]).toBe(seen[0]?.[1]);
  });

  it('are separate for each service URL, audience and app id', async () => {
    const counting = new CountingAuthentication();
    const caching = new ClientCachingAuthentication(counting);
    const result = await caching.authenticateRequest(activity(), '');
    const uk = await result.connectorFactory?.create('https://smba.trafficmanager.net/uk/');
    const emea = await result.connectorFactory?.create('https://smba.trafficmanager.net/emea/');
    const skill = await result.connectorFactory?.create('https://smba.trafficmanager.net/uk/', 'another-audience');
    expect(new Set([uk, emea, skill]).size).toBe(3);
    expect(await caching.createConnectorFactory(result.claimsIdentity).create('https://smba.trafficmanager.net/emea/')).toBe(emea);

    const other = new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: 'app-2' }], true);
    expect(await caching.createConnectorFactory(other).create('https://smba.trafficmanager.net/uk/')).not.toBe(uk);
    expect(await caching.createUserTokenClient(other)).not.toBe(await caching.createUserTokenClient(result.claimsIdentity));
    expect(counting.userTokens).toBe(2);
  });

  it('are built again after a build failed, and the failure reaches the turn', async () => {
    const counting = new CountingAuthentication();
    const caching = new ClientCachingAuthentication(counting);
    const { connectorFactory } = await caching.authenticateRequest(activity(), '');
    counting.failNext = true;
    await expect(connectorFactory?.create('https://smba.trafficmanager.net/uk/')).rejects.toThrow('Invalid appId.');
    const client = await connectorFactory?.create('https://smba.trafficmanager.net/uk/');
    expect(client).toBeDefined();
    expect(counting.connectors).toHaveLength(1);
  });

  it(`keep at most ${MAX_CACHED_CLIENTS}, so made-up service URLs cannot grow memory`, async () => {
    const counting = new CountingAuthentication();
    const caching = new ClientCachingAuthentication(counting);
    const { connectorFactory } = await caching.authenticateRequest(activity(), '');
    const first = await connectorFactory?.create('https://service-0.example/');
    for (let i = 1; i <= MAX_CACHED_CLIENTS; i++) await connectorFactory?.create(`https://service-${i}.example/`);
    expect(await connectorFactory?.create(`https://service-${MAX_CACHED_CLIENTS}.example/`)).toBeDefined();
    expect(counting.connectors).toHaveLength(MAX_CACHED_CLIENTS + 1);
    expect(await connectorFactory?.create('https://service-0.example/')).not.toBe(first);
  });

  it('come from the configured authentication in dev mode', async () => {
    const adapter = new SendPolicyAdapter(createBotAuthentication(loadConfig({ LOG_LEVEL: 'silent' }).bot));
    const clients: unknown[] = [];
    const logic = (context: TurnContext) => {
      clients.push(context.turnState.get(adapter.ConnectorClientKey));
      return Promise.resolve();
    };
    await adapter.handleRequest('', activity(), logic);
    await adapter.handleRequest('', activity(), logic);
    expect(clients[0]).toBeDefined();
    expect(clients[1]).toBe(clients[0]);
  });
});
