/**
 * Builds the activity handler and its state from parsed configuration and loaded
 * knowledge; shared by the server's composition root and the terminal chat.
 */
import { ConversationState, PrivateConversationState, UserState } from 'botbuilder';
import type { BotState, Storage } from 'botbuilder';
import type { Config } from '../src/config.js';
import { createDialogRouter } from './dialogs/create-dialog-router.js';
import type { DialogRouter } from './dialogs/dialog-router.js';
import { FeedbackStore } from './feedback.js';
import type { Logger } from './logger.js';
import type { PolicyKnowledge } from './policy-knowledge.js';
import { RateLimiter } from './rate-limiter.js';
import { SendPolicyBot } from './send-policy-bot.js';

/** What {@link createBot} needs. */
export interface CreateBotOptions {
  config: Config;
  knowledge: PolicyKnowledge;
  /** Storage for the feedback counts. */
  storage: Storage;
  /** Per-conversation state (welcome sent); built over `storage` when absent. */
  conversationState?: ConversationState;
  /** Per person in each conversation (dialog position); a `PrivateConversationState` over `storage` when absent. */
  dialogState?: BotState;
  /** Per-person state (trust choice); built over `storage` when absent. */
  userState?: UserState;
  logger: Logger;
  /** The terminal chat's `--trust`. */
  preselectedTrust?: string;
  /** Build the guided dialogs' router (default true; it reads and checks `knowledge/dialogs/`). */
  withDialogs?: boolean;
}

/** The handler and the state objects around it. */
export interface BotParts {
  bot: SendPolicyBot;
  conversationState: ConversationState;
  dialogState: BotState;
  userState: UserState;
  dialogs: DialogRouter | undefined;
}

/** Build the handler: state, feedback counts, question limits and the guided dialogs when present. */
export async function createBot(options: CreateBotOptions): Promise<BotParts> {
  const { config, knowledge, storage, logger } = options;
  const conversationState = options.conversationState ?? new ConversationState(storage);
  const dialogState = options.dialogState ?? new PrivateConversationState(storage);
  const userState = options.userState ?? new UserState(storage);
  const dialogs =
    options.withDialogs === false
      ? undefined
      : await createDialogRouter({ dialogState, userState, knowledgeBase: knowledge, config, logger });
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
  return { bot, conversationState, dialogState, userState, dialogs };
}
