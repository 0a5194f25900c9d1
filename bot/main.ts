/**
 * The composition root of the server (`npm start`). Wiring order: configuration,
 * logger, adapter and its error handler, storage and state, knowledge and the
 * handler, then the HTTP server. The server listens at once; `/readyz` turns 200
 * when the knowledge has loaded.
 */
import { pathToFileURL } from 'node:url';
import { ConversationState, PrivateConversationState, UserState } from 'botbuilder';
import { loadConfig } from '../src/config.js';
import type { Config } from '../src/config.js';
import { isAssistantError } from '../src/errors.js';
import { SendPolicyAdapter } from './adapter.js';
import { createBotAuthentication } from './auth.js';
import { createBot } from './create-bot.js';
import { loadKnowledge } from './knowledge-loader.js';
import { KnowledgeHolder, reloadOnHangup } from './knowledge-reloader.js';
import type { ReloadOutcome } from './knowledge-reloader.js';
import { createLogger } from './logger.js';
import type { Logger } from './logger.js';
import { startServer } from './server.js';
import { shutDownOnSignals } from './shutdown.js';
import type { RunningServer } from './server.js';
import { createStorage } from './storage.js';
import { createTurnErrorHandler } from './turn-errors.js';

/** A started server and the moment it became ready. */
export interface StartedBot {
  config: Config;
  logger: Logger;
  server: RunningServer;
  /** Settles when the knowledge has loaded (rejects when it cannot be). */
  ready: Promise<void>;
  /** Reload the knowledge; the previous knowledge keeps serving when the new one cannot be opened. */
  reload(): Promise<ReloadOutcome>;
}

/** Start the bot server from the configuration. */
export async function main(config: Config = loadConfig(), logger: Logger = createLogger(config.log)): Promise<StartedBot> {
  logger.info(
    { env: config.env, devMode: config.devMode, host: config.server.host, port: config.server.port, storage: config.storage.kind, semantic: config.knowledge.semantic },
    'starting SEND Policy Assistant',
  );
  if (config.devMode) {
    logger.warn('dev mode: no app credentials are set, so requests are not authenticated; listening on 127.0.0.1 only');
  }

  const adapter = new SendPolicyAdapter(createBotAuthentication(config.bot));

  const storage = createStorage(config.storage, { env: config.env, logger });
  const conversationState = new ConversationState(storage);
  const dialogState = new PrivateConversationState(storage);
  const userState = new UserState(storage);
  adapter.onTurnError = createTurnErrorHandler(logger, conversationState, dialogState);

  let holder: KnowledgeHolder | undefined;
  const bot = loadKnowledge(config, logger).then(async (loaded) => {
    // Served through a holder, so a reload (SIGHUP) swaps the knowledge only when it opened completely.
    const knowledge = new KnowledgeHolder(loaded, () => loadKnowledge(config, logger), logger);
    holder = knowledge;
    const parts = await createBot({ config, knowledge, storage, conversationState, dialogState, userState, logger });
    logger.info({ dialogs: parts.dialogs !== undefined }, 'bot ready');
    return parts.bot;
  });

  const server = await startServer(config, { adapter, logger, bot });
  logger.info({ url: server.url, endpoint: `${server.url}/api/messages` }, 'listening');
  const reload = (): Promise<ReloadOutcome> =>
    holder ? holder.reload() : Promise.resolve({ ok: false, code: 'NOT_READY', message: 'the knowledge is still loading' });
  return { config, logger, server, ready: bot.then(() => undefined), reload };
}

/**
 * Stop gracefully on SIGINT/SIGTERM (in-flight turns finish, logs are flushed);
 * reload the knowledge on SIGHUP; exit with an error when the knowledge cannot be loaded.
 */
function runUntilStopped(started: StartedBot): void {
  const { server, logger, ready, config } = started;
  shutDownOnSignals({ server, logger, graceMs: config.server.requestTimeoutMs + 5_000 });
  reloadOnHangup(started);
  ready.catch((error: unknown) => {
    logger.fatal({ err: error }, 'stopping: the knowledge could not be loaded');
    process.exitCode = 1;
    void server.close();
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(runUntilStopped, (error: unknown) => {
    process.stderr.write(`${isAssistantError(error) ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
