/**
 * Drives the real handler through botbuilder's TestAdapter with Teams-shaped
 * activities, and checks every card it sends with the Adaptive Cards parser.
 */
import { ConversationState, MemoryStorage, TestAdapter, UserState } from 'botbuilder';
import type { Activity, ChannelAccount, Storage, StoreItems } from 'botbuilder';
import { z } from 'zod';
import { cardToText } from '../../../bot/cards/card-to-text.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../../bot/cards/card-parts.js';
import type { DialogRouter } from '../../../bot/dialogs/dialog-router.js';
import { FeedbackStore } from '../../../bot/feedback.js';
import { createLogger } from '../../../bot/logger.js';
import type { PolicyKnowledge } from '../../../bot/policy-knowledge.js';
import { RateLimiter } from '../../../bot/rate-limiter.js';
import { SendPolicyBot } from '../../../bot/send-policy-bot.js';
import { createTurnErrorHandler } from '../../../bot/turn-errors.js';
import { SOUTHPORT_TENANT, fakeKnowledge } from './fake-knowledge.js';
import { cardProblems } from './validate-card.js';

export const BOT: ChannelAccount = { id: '28:send-policy-bot', name: 'SEND Policy Assistant' };
export const USER: ChannelAccount = { id: '29:user-1', name: 'Sam Teacher', aadObjectId: '00000000-0000-4000-8000-000000000001' };

/** Where a test activity is sent. */
export interface Where {
  scope?: 'personal' | 'groupChat' | 'channel';
  tenant?: string | null;
  conversationId?: string;
  from?: ChannelAccount;
}

function conversationOf({ scope = 'personal', tenant = SOUTHPORT_TENANT, conversationId }: Where): Activity['conversation'] {
  const id = conversationId ?? (scope === 'personal' ? 'a:personal-1' : scope === 'groupChat' ? '19:group-1@thread.v2' : '19:channel-1@thread.tacv2');
  return {
    id,
    conversationType: scope,
    isGroup: scope !== 'personal',
    name: '',
    ...(tenant ? { tenantId: tenant } : {}),
  };
}

function channelData({ scope = 'personal', tenant = SOUTHPORT_TENANT }: Where): Record<string, unknown> {
  return {
    ...(tenant ? { tenant: { id: tenant } } : {}),
    ...(scope === 'channel' ? { team: { id: '19:team-1@thread.tacv2' }, channel: { id: '19:channel-1@thread.tacv2' } } : {}),
  };
}

let nextId = 1000;

/** A message from the user; `mention` adds the Teams `<at>` mention of the bot. */
export function message(text: string, where: Where & { mention?: boolean } = {}): Partial<Activity> {
  const mentionText = `<at>${BOT.name}</at>`;
  return {
    type: 'message',
    id: String(nextId++),
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
    text: where.mention ? `${mentionText} ${text}` : text,
    textFormat: 'plain',
    from: where.from ?? USER,
    recipient: BOT,
    conversation: conversationOf(where),
    channelData: channelData(where),
    entities: where.mention ? [{ type: 'mention', text: mentionText, mentioned: BOT }] : [],
  };
}

/** A card button click (`Action.Submit`): a message with `value` and no text. */
export function submit(value: unknown, where: Where = {}): Partial<Activity> {
  return { ...message('', where), text: undefined, value, replyToId: 'card-activity-1' };
}

/** The app being installed (personal scope unless told). */
export function installed(where: Where = {}): Partial<Activity> {
  return { ...message('', where), type: 'installationUpdate', action: 'add', text: undefined };
}

/** `conversationUpdate` with `membersAdded`. */
export function membersAdded(members: ChannelAccount[], where: Where = {}): Partial<Activity> {
  return { ...message('', where), type: 'conversationUpdate', membersAdded: members, text: undefined };
}

/** A card the bot sent, with its text rendering. */
export interface SentCard {
  json: Record<string, unknown>;
  text: string;
  /** Button data by button title. */
  buttons: Map<string, unknown>;
}

/** The cards in replies, each checked by the Adaptive Cards parser (throws on any warning). */
export function cardsOf(replies: readonly Partial<Activity>[]): SentCard[] {
  return replies.flatMap((r) =>
    (r.attachments ?? [])
      .filter((a) => a.contentType === ADAPTIVE_CARD_CONTENT_TYPE)
      .map((a) => {
        const problems = cardProblems(a.content);
        if (problems.length > 0) throw new Error(`card does not parse cleanly: ${problems.join('; ')}`);
        const json = z.record(z.string(), z.unknown()).parse(JSON.parse(JSON.stringify(a.content)));
        const rendered = cardToText(json);
        return { json, text: rendered.text, buttons: new Map(rendered.actions.map((x) => [x.title, x.data])) };
      }),
  );
}

const expectedReplies = z.object({ activities: z.array(z.custom<Partial<Activity>>((v) => typeof v === 'object' && v !== null)) });

/** The activities of an `expectReplies` HTTP response body. */
export function activitiesIn(body: unknown): Partial<Activity>[] {
  return expectedReplies.parse(body).activities;
}

/** The plain-text replies. */
export function textsOf(replies: readonly Partial<Activity>[]): string[] {
  return replies.filter((r) => r.type === 'message' && typeof r.text === 'string' && r.text !== '').map((r) => r.text ?? '');
}

/** Memory storage that keeps a copy of everything written, to check what is stored. */
export class RecordingStorage extends MemoryStorage {
  readonly written: string[] = [];
  override async write(changes: StoreItems): Promise<void> {
    this.written.push(JSON.stringify(changes));
    return super.write(changes);
  }
}

/** Options of the harness. */
export interface HarnessOptions {
  knowledge?: PolicyKnowledge;
  devMode?: boolean;
  dialogs?: DialogRouter;
  preselectedTrust?: string;
  storage?: Storage;
  userPerMinute?: number;
}

/** A bot on a TestAdapter, with its log lines captured. */
export function harness(options: HarnessOptions = {}) {
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', messageText: false }, { write: (line: string) => void logLines.push(line) });
  const storage = options.storage ?? new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const knowledge = options.knowledge ?? fakeKnowledge();
  const feedback = new FeedbackStore(storage);
  const bot = new SendPolicyBot({
    knowledge,
    conversationState,
    userState,
    feedback,
    logger,
    devMode: options.devMode ?? false,
    maxMessageChars: 1_000,
    rateLimiter: new RateLimiter({ userPerMinute: options.userPerMinute ?? 100, tenantPerMinute: 1_000 }),
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
    ...(options.preselectedTrust ? { preselectedTrust: options.preselectedTrust } : {}),
  });
  const adapter = new TestAdapter(async (context) => bot.run(context));
  adapter.onTurnError = createTurnErrorHandler(logger, conversationState);

  /** Send one activity; returns everything the bot sent in that turn. */
  async function send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    adapter.activeQueue.splice(0);
    await adapter.processActivity(activity);
    return adapter.activeQueue.splice(0);
  }

  return { bot, send, logLines, storage, feedback, knowledge, conversationState, userState };
}
