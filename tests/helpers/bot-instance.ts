/**
 * One bot instance as production wires it — state over the given storage, the
 * guided dialogs' router, the apologising turn error handler — on a TestAdapter,
 * with its log lines captured. Several instances may share one storage, like
 * servers behind a load balancer. Turn errors are collected, not thrown, so a
 * test sees what the person was told.
 */
import { ConversationState, PrivateConversationState, TestAdapter, UserState } from 'botbuilder';
import type { Activity, Storage } from 'botbuilder';
import { GuidedDialogRouter } from '../../bot/dialogs/guided-dialog-router.js';
import { FeedbackStore } from '../../bot/feedback.js';
import { createLogger } from '../../bot/logger.js';
import type { PolicyKnowledge } from '../../bot/policy-knowledge.js';
import { RateLimiter } from '../../bot/rate-limiter.js';
import { SendPolicyBot } from '../../bot/send-policy-bot.js';
import { createTurnErrorHandler } from '../../bot/turn-errors.js';
import type { DialogCatalogue } from '../../src/dialogs/dialog-catalogue.js';
import { cardsOf, textsOf } from '../bot/helpers/conversation.js';
import type { SentCard } from '../bot/helpers/conversation.js';
import { fakeKnowledge } from '../bot/helpers/fake-knowledge.js';

/** Options of {@link botInstance}. */
export interface BotInstanceOptions {
  storage: Storage;
  catalogue?: DialogCatalogue;
  knowledge?: PolicyKnowledge;
  /** Collect log lines here (shared between instances if wanted). */
  logLines?: string[];
  userPerMinute?: number;
  maxMessageChars?: number;
}

/** What one turn produced. */
export interface TurnResult {
  texts: string[];
  cards: SentCard[];
  replies: Partial<Activity>[];
  errors: unknown[];
}

/** Build one instance. */
export function botInstance(options: BotInstanceOptions) {
  const logLines = options.logLines ?? [];
  const logger = createLogger({ level: 'trace', messageText: false }, { write: (line: string) => void logLines.push(line) });
  const conversationState = new ConversationState(options.storage);
  const dialogState = new PrivateConversationState(options.storage);
  const userState = new UserState(options.storage);
  const dialogs = options.catalogue ? new GuidedDialogRouter({ dialogState, userState, catalogue: options.catalogue, logger }) : undefined;
  const bot = new SendPolicyBot({
    knowledge: options.knowledge ?? fakeKnowledge(),
    conversationState,
    userState,
    feedback: new FeedbackStore(options.storage),
    logger,
    devMode: false,
    maxMessageChars: options.maxMessageChars ?? 1_000,
    rateLimiter: new RateLimiter({ userPerMinute: options.userPerMinute ?? 1_000, tenantPerMinute: 10_000 }),
    ...(dialogs ? { dialogs } : {}),
  });
  const adapter = new TestAdapter(async (context) => bot.run(context));
  let errors: unknown[] = [];
  const onError = createTurnErrorHandler(logger, conversationState, dialogState);
  adapter.onTurnError = async (context, error) => {
    errors.push(error);
    await onError(context, error);
  };

  /** Send one activity and collect what the bot sent back in that turn. */
  async function send(activity: Partial<Activity>): Promise<TurnResult> {
    const replies: Partial<Activity>[] = [];
    errors = [];
    // Replies are picked up per turn, so concurrent turns on one instance keep theirs apart.
    await adapter.processActivity(activity, async (context) => {
      context.onSendActivities(async (_ctx, activities, next) => {
        replies.push(...activities);
        return next();
      });
      await bot.run(context);
    });
    adapter.activeQueue.splice(0);
    const turnErrors = errors;
    return { texts: textsOf(replies), cards: cardsOf(replies), replies, errors: turnErrors };
  }

  return { send, bot, logLines, conversationState, userState, storage: options.storage };
}
