/**
 * Builds the activity handler and its state from parsed configuration and loaded
 * knowledge; shared by the server's composition root and the terminal chat.
 */
import { ConversationState, UserState } from 'botbuilder';
import type { Storage } from 'botbuilder';
import { z } from 'zod';
import type { Config } from '../src/config.js';
import type { DialogRouter, DialogRouterDeps, DialogRouterFactory } from './dialogs/dialog-router.js';
import { FeedbackStore } from './feedback.js';
import type { Logger } from './logger.js';
import type { PolicyKnowledge } from './policy-knowledge.js';
import { RateLimiter } from './rate-limiter.js';
import { SendPolicyBot } from './send-policy-bot.js';

/** The module that provides the guided dialogs, relative to this file. */
const DIALOG_ROUTER_MODULE = './dialogs/create-dialog-router.js';

const routerModule = z.looseObject({
  createDialogRouter: z.custom<DialogRouterFactory>((value) => typeof value === 'function'),
});

function isMissingModule(error: unknown, name: string): boolean {
  const parsed = z.looseObject({ code: z.string(), message: z.string() }).safeParse(error);
  return parsed.success && parsed.data.code === 'ERR_MODULE_NOT_FOUND' && parsed.data.message.includes(name);
}

/** The guided dialogs' router, or undefined when the dialogs module is not part of this build. */
export async function loadDialogRouter(deps: DialogRouterDeps): Promise<DialogRouter | undefined> {
  let loaded: unknown;
  try {
    loaded = await import(DIALOG_ROUTER_MODULE);
  } catch (error) {
    if (isMissingModule(error, 'create-dialog-router')) {
      deps.logger.info('guided dialogs are not available: answering questions only');
      return undefined;
    }
    throw error;
  }
  const parsed = routerModule.safeParse(loaded);
  if (!parsed.success) throw new TypeError(`${DIALOG_ROUTER_MODULE} does not export a createDialogRouter function`);
  return parsed.data.createDialogRouter(deps);
}

/** What {@link createBot} needs. */
export interface CreateBotOptions {
  config: Config;
  knowledge: PolicyKnowledge;
  /** Storage for the feedback counts. */
  storage: Storage;
  /** Per-conversation state (welcome sent, dialog position); built over `storage` when absent. */
  conversationState?: ConversationState;
  /** Per-person state (trust choice); built over `storage` when absent. */
  userState?: UserState;
  logger: Logger;
  /** The terminal chat's `--trust`. */
  preselectedTrust?: string;
  /** Build the guided dialogs' router (default true). */
  withDialogs?: boolean;
}

/** The handler and the state objects around it. */
export interface BotParts {
  bot: SendPolicyBot;
  conversationState: ConversationState;
  userState: UserState;
  dialogs: DialogRouter | undefined;
}

/** Build the handler: state, feedback counts, question limits and the guided dialogs when present. */
export async function createBot(options: CreateBotOptions): Promise<BotParts> {
  const { config, knowledge, storage, logger } = options;
  const conversationState = options.conversationState ?? new ConversationState(storage);
  const userState = options.userState ?? new UserState(storage);
  const dialogs =
    options.withDialogs === false
      ? undefined
      : await loadDialogRouter({ conversationState, userState, knowledgeBase: knowledge, config, logger });
  const bot = new SendPolicyBot({
    knowledge,
    conversationState,
    userState,
    feedback: new FeedbackStore(storage),
    logger,
    devMode: config.devMode,
    maxMessageChars: config.limits.maxMessageChars,
    rateLimiter: new RateLimiter({ userPerMinute: config.limits.userPerMinute, tenantPerMinute: config.limits.tenantPerMinute }),
    logMessageText: config.log.messageText,
    ...(dialogs ? { dialogs } : {}),
    ...(options.preselectedTrust ? { preselectedTrust: options.preselectedTrust } : {}),
  });
  return { bot, conversationState, userState, dialogs };
}
