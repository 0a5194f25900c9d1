/**
 * Who may start a turn, decided after the token was verified and before the turn
 * runs. With credentials, only Microsoft Teams gets in: the activity's channel must
 * be `msteams` and its token must come from the Bot Framework channel issuer (not
 * the emulator's or another bot's, which botbuilder would otherwise accept). And
 * everyone, with or without credentials, is held to a flood limit per person and
 * per tenant, above the question limits the handler answers politely.
 */
import type { Activity } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Clock } from '../src/clock.js';
import { systemClock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import { UnauthorizedRequestError } from './adapter.js';
import { RateLimiter } from './rate-limiter.js';
import { tenantIdOf } from './trust-resolver.js';

/** The only channel the product serves when it holds credentials. */
export const TEAMS_CHANNEL_ID = 'msteams';

/**
 * How many activities of every kind (messages, card clicks, searches) a person or
 * a tenant may send per minute, as a multiple of their question limit: past it the
 * edge answers 429 without running a turn.
 */
export const FLOOD_FACTOR = 4;

/** A request refused because its sender sent too many in the last minute. */
export class TooManyRequestsError extends Error {
  override readonly name = 'TooManyRequestsError';
  /** Seconds the sender should wait. */
  readonly retryAfterSeconds = 60;
}

/** Decides whether an authenticated activity may run a turn; throws when it may not. */
export type Admission = (activity: Activity, authenticated: AuthenticateRequestResult) => void;

/** Build the admission check from the configuration. */
export function createAdmission(config: Pick<Config, 'devMode' | 'bot' | 'limits'>, clock: Clock = systemClock): Admission {
  const channelIssuer = config.bot.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer;
  const flood = new RateLimiter(
    { userPerMinute: config.limits.userPerMinute * FLOOD_FACTOR, tenantPerMinute: config.limits.tenantPerMinute * FLOOD_FACTOR },
    clock,
  );
  return (activity, authenticated) => {
    if (!config.devMode) {
      if (activity.channelId !== TEAMS_CHANNEL_ID) {
        throw new UnauthorizedRequestError(`channel ${JSON.stringify(activity.channelId)} is not served`);
      }
      const issuer = authenticated.claimsIdentity.getClaimValue(AuthenticationConstants.IssuerClaim);
      if (issuer !== channelIssuer) {
        throw new UnauthorizedRequestError(`token issuer ${JSON.stringify(issuer)} is not the channel issuer`);
      }
    }
    const sender = activity.from.aadObjectId ?? activity.from.id;
    if (!flood.allow(sender, tenantIdOf(activity))) {
      throw new TooManyRequestsError('flood limit reached');
    }
  };
}
