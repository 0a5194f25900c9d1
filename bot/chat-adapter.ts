/**
 * An in-process adapter for the terminal chat: activities go straight to the
 * handler, and whatever the bot sends is collected instead of posted to a channel.
 */
import { ActivityTypes, BotAdapter, TurnContext } from 'botbuilder';
import type { Activity, ConversationReference, ResourceResponse } from 'botbuilder';

/** The participants and conversation of a local personal chat. */
export const localChat = {
  channelId: 'msteams',
  serviceUrl: 'urn:send-policy:terminal-chat',
  user: { id: 'terminal-user', name: 'You' },
  bot: { id: '28:send-policy-assistant', name: 'SEND Policy Assistant' },
  conversation: { id: 'terminal-chat', conversationType: 'personal', isGroup: false, name: 'Terminal chat' },
} as const;

/** Runs turns in process and hands back what the bot sent. */
export class ChatAdapter extends BotAdapter {
  private outbox: Partial<Activity>[] = [];
  private nextId = 1;

  constructor(private readonly logic: (context: TurnContext) => Promise<void>) {
    super();
  }

  /** Send `activity` from the user (a message unless `type` says otherwise); returns the bot's replies. */
  async receive(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    const incoming: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: `in-${this.nextId++}`,
      timestamp: new Date(),
      channelId: localChat.channelId,
      serviceUrl: localChat.serviceUrl,
      from: { ...localChat.user },
      recipient: { ...localChat.bot },
      conversation: { ...localChat.conversation },
      ...activity,
    };
    this.outbox = [];
    await this.runMiddleware(new TurnContext(this, incoming), this.logic);
    const sent = this.outbox;
    this.outbox = [];
    return sent;
  }

  override sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return Promise.resolve(
      activities.map((activity) => {
        const id = `out-${this.nextId++}`;
        this.outbox.push({ ...activity, id });
        return { id };
      }),
    );
  }

  override updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<void> {
    this.outbox.push(activity);
    return Promise.resolve();
  }

  override deleteActivity(): Promise<void> {
    return Promise.resolve();
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
