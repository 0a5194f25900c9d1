/**
 * The Bot Framework adapter: authenticates each request before its turn runs, so a
 * rejected token becomes HTTP 401 (not 500), whatever the reason it was rejected;
 * the outbound clients each turn gets are built once and reused ({@link ClientCachingAuthentication}).
 */
import { CloudAdapter } from 'botbuilder';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
import { ClientCachingAuthentication } from './client-cache.js';

/** A request whose token was missing, invalid, expired or could not be checked. */
export class UnauthorizedRequestError extends Error {
  override readonly name = 'UnauthorizedRequestError';
}

/** `CloudAdapter` that fails closed on authentication. */
export class SendPolicyAdapter extends CloudAdapter {
  constructor(authentication: BotFrameworkAuthentication) {
    super(new ClientCachingAuthentication(authentication));
  }

  /**
   * Authenticate the request, then run `logic` for the activity. Throws
   * {@link UnauthorizedRequestError} when authentication fails; returns the invoke
   * or expect-replies response, if the turn produced one. `admit` runs after
   * authentication and before the turn, and refuses by throwing.
   */
  async handleRequest(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
    admit?: (activity: Activity, authenticated: AuthenticateRequestResult) => void,
  ): Promise<InvokeResponse | undefined> {
    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (cause) {
      throw new UnauthorizedRequestError(cause instanceof Error ? cause.message : 'authentication failed', { cause });
    }
    admit?.(activity, authenticated);
    return this.processActivity(authenticated, activity, logic);
  }
}
