/**
 * Facts about a Teams conversation the handler needs: its scope, whether the bot
 * was @mentioned, the question text without mentions, and thread replies in channels.
 */
import { TurnContext } from 'botbuilder';
import type { Activity } from 'botbuilder';
import type { ConversationScope } from './cards/help-card.js';

/** The scope of the conversation an activity belongs to (personal when Teams does not say). */
export function scopeOf(activity: Pick<Activity, 'conversation'>): ConversationScope {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

/** True when the activity @mentions the bot (its recipient). */
export function mentionsBot(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  return botId !== undefined && TurnContext.getMentions(activity).some((m) => m.mentioned?.id === botId);
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * The question an activity asks: every @mention of the bot removed (as `TurnContext.removeRecipientMention`
 * does for the first), other people's
 * `<at>Name</at>` reduced to the name, HTML tags and entities resolved, spaces collapsed.
 */
export function questionText(activity: Partial<Activity>): string {
  const botId = activity.recipient?.id;
  const botMentions = TurnContext.getMentions(activity)
    .filter((m) => botId !== undefined && m.mentioned?.id === botId)
    .map((m) => m.text);
  if (activity.recipient?.name) botMentions.push(`<at>${activity.recipient.name}</at>`);
  let text = activity.text ?? '';
  for (const mention of botMentions) if (mention) text = text.split(mention).join(' ');
  return text
    .replace(/<at>([^<]*)<\/at>/gi, '$1')
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, name: string) => entities[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Make a reply go to the thread of the message it answers: in a channel, the
 * conversation id carries `;messageid=<thread root>` and `replyToId` is set.
 */
export function threadReply(incoming: Partial<Activity>, reply: Partial<Activity>): void {
  if (!incoming.conversation || scopeOf({ conversation: incoming.conversation }) !== 'channel') return;
  const root = incoming.replyToId ?? incoming.id;
  const id = incoming.conversation.id;
  const threadId = id.includes(';messageid=') || !root ? id : `${id};messageid=${root}`;
  reply.conversation = { ...incoming.conversation, ...reply.conversation, id: threadId };
  if (!reply.replyToId && incoming.id) reply.replyToId = incoming.id;
}
