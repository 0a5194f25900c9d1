/**
 * The real HTTP server, adapter and handler on a free loopback port, with its
 * logs captured at trace level and every turn counted, for edge tests.
 */
import { MemoryStorage } from 'botbuilder';
import type { Activity, Storage, TurnContext } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import { SendPolicyAdapter } from '../../bot/adapter.js';
import { createBotAuthentication } from '../../bot/auth.js';
import { createBot } from '../../bot/create-bot.js';
import { createLogger } from '../../bot/logger.js';
import type { PolicyKnowledge } from '../../bot/policy-knowledge.js';
import { startServer } from '../../bot/server.js';
import type { RunningServer, TurnHandler } from '../../bot/server.js';
import { createTurnErrorHandler } from '../../bot/turn-errors.js';
import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/config.js';
import { fakeKnowledge } from '../bot/helpers/fake-knowledge.js';

/** An app id for tests with credentials. */
export const TEST_APP_ID = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /** Environment variables on top of `PORT=0` and `LOG_LEVEL=trace`. */
  env?: Record<string, string>;
  knowledge?: PolicyKnowledge;
  storage?: Storage;
  /** Replace the configured authentication (e.g. to move the emulator endpoint). */
  authentication?: BotFrameworkAuthentication;
  /** Run this instead of the real handler. */
  handler?: TurnHandler;
  withDialogs?: boolean;
  /** Install the apologising turn error handler (default true). */
  turnErrors?: boolean;
}

/** A started test server. */
export interface TestServer {
  config: Config;
  running: RunningServer;
  url: string;
  logLines: string[];
  /** Turns that reached the handler. */
  turns: () => number;
  /** POST a body (an object is sent as JSON) to `/api/messages`. */
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** Start the server with production wiring over the fake knowledge. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'trace', ...options.env });
  const logLines: string[] = [];
  const logger = createLogger(config.log, { write: (line: string) => void logLines.push(line) });
  const adapter = new SendPolicyAdapter(options.authentication ?? createBotAuthentication(config.bot));
  if (options.turnErrors !== false) adapter.onTurnError = createTurnErrorHandler(logger);
  const real =
    options.handler ??
    (
      await createBot({
        config,
        knowledge: options.knowledge ?? fakeKnowledge(),
        storage: options.storage ?? new MemoryStorage(),
        logger,
        withDialogs: options.withDialogs ?? false,
      })
    ).bot;
  let turns = 0;
  const counted: TurnHandler = {
    run: async (context: TurnContext) => {
      turns++;
      await real.run(context);
    },
  };
  const running = await startServer(config, { adapter, logger, bot: counted });
  return {
    config,
    running,
    url: running.url,
    logLines,
    turns: () => turns,
    post: (body, headers = {}) =>
      fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () => running.close(),
  };
}

/** The activities of an expect-replies response body. */
export function repliesOf(body: unknown): Partial<Activity>[] {
  if (typeof body !== 'object' || body === null || !('activities' in body) || !Array.isArray(body.activities)) return [];
  return body.activities.filter((a): a is Partial<Activity> => typeof a === 'object' && a !== null);
}

/** True when a response body shows a stack trace, a source path or a parser's internals. */
export function leaksInternals(text: string): boolean {
  return /\bat [\w.<>]+ \(|node:internal|node_modules|\/work\/|\.ts:\d+|\.js:\d+|"stack"|TypeError|SyntaxError|ReferenceError|Unexpected token/i.test(text);
}
