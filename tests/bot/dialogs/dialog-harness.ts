/**
 * The real activity handler with the guided dialogs' router on a TestAdapter. Several
 * harnesses may share one storage, like server instances behind a load balancer.
 */
import { ConversationState, PrivateConversationState, MemoryStorage, TestAdapter, UserState } from 'botbuilder';
import type { Activity, Storage } from 'botbuilder';
import { GuidedDialogRouter } from '../../../bot/dialogs/guided-dialog-router.js';
import { FeedbackStore } from '../../../bot/feedback.js';
import { createLogger } from '../../../bot/logger.js';
import { SendPolicyBot } from '../../../bot/send-policy-bot.js';
import { createTurnErrorHandler } from '../../../bot/turn-errors.js';
import type { DialogCatalogue } from '../../../src/dialogs/dialog-catalogue.js';
import { cardsOf, textsOf } from '../helpers/conversation.js';
import type { SentCard } from '../helpers/conversation.js';
import { fakeKnowledge } from '../helpers/fake-knowledge.js';

/** One server instance: its own state objects, router, handler and adapter over `storage`. */
export function dialogHarness(catalogue: DialogCatalogue, storage: Storage = new MemoryStorage()) {
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', messageText: false }, { write: (line: string) => void logLines.push(line) });
  const conversationState = new ConversationState(storage);
  const dialogState = new PrivateConversationState(storage);
  const userState = new UserState(storage);
  const router = new GuidedDialogRouter({ dialogState, userState, catalogue, logger });
  const bot = new SendPolicyBot({
    knowledge: fakeKnowledge(),
    conversationState,
    userState,
    feedback: new FeedbackStore(storage),
    logger,
    devMode: false,
    maxMessageChars: 1_000,
    dialogs: router,
  });
  const adapter = new TestAdapter(async (context) => bot.run(context));
  const errors: unknown[] = [];
  const onError = createTurnErrorHandler(logger, conversationState, dialogState);
  adapter.onTurnError = async (context, error) => {
    errors.push(error);
    await onError(context, error);
  };

  /** Send one activity; what the bot sent back, as texts and (parser-checked) cards. */
  async function send(activity: Partial<Activity>): Promise<{ texts: string[]; cards: SentCard[]; replies: Partial<Activity>[] }> {
    adapter.activeQueue.splice(0);
    await adapter.processActivity(activity);
    const replies = adapter.activeQueue.splice(0);
    if (errors.length > 0) throw errors[0];
    return { texts: textsOf(replies), cards: cardsOf(replies), replies };
  }

  return { send, router, storage, logLines, conversationState, dialogState, userState };
}

/** The one card of a reply; fails when there is not exactly one. */
export function onlyCard(reply: { cards: SentCard[] }): SentCard {
  if (reply.cards.length !== 1) throw new Error(`expected one card, got ${reply.cards.length}`);
  const [card] = reply.cards;
  if (!card) throw new Error('no card');
  return card;
}

/** The payload of the button with this title; fails listing the titles when there is none. */
export function buttonData(card: SentCard, title: string): unknown {
  if (!card.buttons.has(title)) throw new Error(`no button "${title}" among: ${[...card.buttons.keys()].join(', ')}`);
  return card.buttons.get(title);
}

/** The card's title line (the second TextBlock: the first names the dialog). */
export function cardTitle(card: SentCard): string {
  return card.text.split('\n')[1] ?? '';
}
