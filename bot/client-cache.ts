/**
 * The Bot Framework's outbound clients, built once and reused. botbuilder's
 * `CloudAdapter` builds a new `ConnectorClient` (an HTTP pipeline of a dozen
 * policies) and a new `UserTokenClient` for every turn, even a turn whose replies
 * go back in the HTTP response and which never calls out. Both are stateless
 * besides their settings and credentials (access tokens are cached globally by
 * botframework-connector, not per client), and their settings depend only on the
 * bot's app id, the service URL and the audience, so one of each per such key
 * serves every turn.
 */
import type { Activity } from 'botbuilder';
import { AuthenticationConstants, BotFrameworkAuthentication, ConnectorFactory } from 'botframework-connector';
import type {
  AuthenticateRequestResult,
  BotFrameworkClient,
  ClaimsIdentity,
  ConnectorClient,
  UserTokenClient,
} from 'botframework-connector';

/** Most clients kept; the oldest is dropped past it (a deployment talks to a few service URLs). */
export const MAX_CACHED_CLIENTS = 64;

/** Promises of clients by key, bounded; a client that failed to build is not kept. */
class ClientCache<T> {
  readonly #clients = new Map<string, Promise<T>>();

  get(key: string, build: () => Promise<T>): Promise<T> {
    const cached = this.#clients.get(key);
    if (cached) return cached;
    const built = build();
    if (this.#clients.size >= MAX_CACHED_CLIENTS) {
      const oldest = this.#clients.keys().next();
      if (!oldest.done) this.#clients.delete(oldest.value);
    }
    this.#clients.set(key, built);
    built.catch(() => {
      if (this.#clients.get(key) === built) this.#clients.delete(key);
    });
    return built;
  }
}

/** The bot's app id a request's claims carry, as botbuilder reads it (audience, else app id claim). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/** A connector factory that hands out the cached client for its app id, service URL and audience. */
class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: ClientCache<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(`${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () => this.inner.create(serviceUrl, audience));
  }
}

/**
 * `BotFrameworkAuthentication` that authenticates exactly as the one it wraps and
 * reuses the connector and user token clients it builds.
 */
export class ClientCachingAuthentication extends BotFrameworkAuthentication {
  readonly #connectors = new ClientCache<ConnectorClient>();
  readonly #userTokens = new ClientCache<UserTokenClient>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.#cached(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.#cached(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CachingConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity), this.#connectors);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.#userTokens.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  #cached(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const { connectorFactory } = result;
    if (!connectorFactory) return result;
    return { ...result, connectorFactory: new CachingConnectorFactory(connectorFactory, appIdOf(result.claimsIdentity), this.#connectors) };
  }
}
