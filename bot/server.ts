/**
 * The HTTP server: `POST /api/messages` for the Bot Framework, `GET /healthz`
 * (the process is up) and `GET /readyz` (the knowledge is loaded).
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Next, Request, Response, Server } from 'restify';
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Config } from '../src/config.js';
import { UnauthorizedRequestError } from './adapter.js';
import type { SendPolicyAdapter } from './adapter.js';
import { TooManyRequestsError, createAdmission } from './admission.js';
import type { Admission } from './admission.js';
import { TurnTimeoutError, applyHttpLimits, edgeErrors, withTimeout } from './http-limits.js';
import { clientErrorForUnhandled } from './invoke-guard.js';
import type { Logger } from './logger.js';
import { tenantIdOf } from './trust-resolver.js';
import { correlationId } from './turn-errors.js';

/** Something that runs a turn: the activity handler. */
export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

/** What the server is built from. */
export interface ServerDeps {
  adapter: SendPolicyAdapter;
  logger: Logger;
  /** The handler, or a promise of it that settles when the knowledge has loaded. Until then `/readyz` answers 503. */
  bot: TurnHandler | Promise<TurnHandler>;
  /** Who may run a turn once authenticated; defaults to {@link createAdmission} over the configuration. */
  admit?: Admission;
}

const optionalString = z.string().nullish();
const account = z.looseObject({ id: z.string().min(1), name: optionalString, aadObjectId: optionalString });

/** The fields of an activity the bot relies on, with the types it relies on; everything else passes through. */
const activitySchema = z.looseObject({
  type: z.string().min(1),
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  from: account,
  recipient: account,
  conversation: account.extend({ tenantId: optionalString, conversationType: optionalString }),
  id: optionalString,
  replyToId: optionalString,
  name: optionalString,
  text: optionalString,
  deliveryMode: optionalString,
  channelData: z.looseObject({}).nullish(),
  entities: z.array(z.looseObject({ type: z.string() })).nullish(),
  attachments: z.array(z.looseObject({})).nullish(),
  membersAdded: z.array(account).nullish(),
  membersRemoved: z.array(account).nullish(),
});

/** An incoming activity, checked at the edge. */
const incomingActivity = z.custom<Activity>((value) => activitySchema.safeParse(value).success);

function describeInvalid(body: unknown): string {
  const result = activitySchema.safeParse(body);
  const issue = result.success ? undefined : result.error.issues[0];
  return issue ? `activity ${issue.path.join('.') || 'body'}: ${issue.message}` : 'activity is invalid';
}

/** Build the restify server (not listening yet). */
export function createServer(config: Config, deps: ServerDeps): Server {
  const { adapter, logger } = deps;
  const admit = deps.admit ?? createAdmission(config);
  let bot: TurnHandler | undefined;
  let state: 'loading' | 'ready' | 'failed' = 'loading';
  void Promise.resolve(deps.bot).then(
    (handler) => {
      bot = handler;
      state = 'ready';
      logger.info('ready: knowledge loaded');
    },
    (error: unknown) => {
      state = 'failed';
      logger.error({ err: error }, 'not ready: the knowledge could not be loaded');
    },
  );

  const server = restify.createServer({ name: 'send-policy-assistant', handleUncaughtExceptions: false });
  applyHttpLimits(server, config.server);

  server.get('/healthz', (_req: Request, res: Response, next: Next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', (_req: Request, res: Response, next: Next) => {
    res.send(state === 'ready' ? 200 : 503, { status: state });
    next();
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (!bot) {
      res.header('Retry-After', '5');
      res.send(503, { error: state === 'failed' ? 'The policies could not be loaded.' : 'Loading the policies; try again shortly.' });
      return;
    }
    const body: unknown = req.body;
    const parsed = incomingActivity.safeParse(body);
    if (!parsed.success) {
      res.send(400, { error: describeInvalid(body) });
      return;
    }
    const handler = bot;
    try {
      const turn = adapter.handleRequest(req.header('authorization') ?? '', parsed.data, (context) => handler.run(context), admit);
      const invoked = await withTimeout(turn, config.server.requestTimeoutMs);
      const response = invoked ? clientErrorForUnhandled(invoked, parsed.data) : undefined;
      res.send(response?.status ?? 200, response?.body);
    } catch (error) {
      if (error instanceof TooManyRequestsError) {
        logger.warn({ event: 'flood-limited', tenantId: tenantIdOf(parsed.data) ?? null, activityType: parsed.data.type }, 'request refused: too many requests');
        res.header('Retry-After', String(error.retryAfterSeconds));
        res.send(429, { error: 'Too many requests. Wait a minute and try again.' });
        return;
      }
      if (error instanceof TurnTimeoutError) {
        logger.error({ event: 'turn-timeout', timeoutMs: config.server.requestTimeoutMs, activityType: parsed.data.type, activityId: parsed.data.id }, 'request timed out');
        res.header('Retry-After', '5');
        res.send(503, { error: edgeErrors.timeout });
        return;
      }
      if (error instanceof UnauthorizedRequestError) {
        logger.warn({ event: 'unauthorized', reason: error.message, channelId: parsed.data.channelId }, 'request rejected: authentication failed');
        res.send(401, { error: 'Unauthorized' });
        return;
      }
      const reference = correlationId();
      logger.error({ err: error, correlationId: reference, activityType: parsed.data.type, activityId: parsed.data.id }, 'request failed');
      res.send(500, { error: 'Internal error', reference });
    }
  });

  return server;
}

/** A listening server. */
export interface RunningServer {
  server: Server;
  /** Base URL, e.g. `http://127.0.0.1:3978`. */
  url: string;
  close(): Promise<void>;
}

/** Build the server and listen on the configured host and port (port 0 picks a free one). */
export async function startServer(config: Config, deps: ServerDeps): Promise<RunningServer> {
  const server = createServer(config, deps);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address: AddressInfo = server.address();
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}
