/**
 * The Teams activity handler: answers staff's questions from their own trust's
 * SEND policy with quoted sections, in personal chats, group chats and channels.
 */
import { ActivityTypes, DeliveryModes, MessageFactory, TeamsActivityHandler } from 'botbuilder';
import type { ConversationState, InvokeResponse, MessagingExtensionQuery, MessagingExtensionResponse, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import type { Trust, TrustId } from '../src/knowledge/types.js';
import { answerCard } from './cards/answer-card.js';
import { parseCardAction } from './cards/card-actions.js';
import type { CardAction } from './cards/card-actions.js';
import { cardAttachment } from './cards/card-parts.js';
import { dialogsCard } from './cards/dialogs-card.js';
import { helpCard } from './cards/help-card.js';
import { notCoveredCard } from './cards/not-covered-card.js';
import { sectionCard } from './cards/section-card.js';
import { trustChoiceCard } from './cards/trust-choice-card.js';
import { welcomeCard } from './cards/welcome-card.js';
import type { AdaptiveCard } from '@microsoft/teams.cards';
import { matchCommand } from './commands.js';
import type { DialogRouter, DialogSummary } from './dialogs/dialog-router.js';
import type { FeedbackStore } from './feedback.js';
import { malformedInvoke } from './invoke-guard.js';
import type { Logger } from './logger.js';
import { MessageExtension } from './message-extension.js';
import type { PolicyKnowledge } from './policy-knowledge.js';
import type { RateLimiter } from './rate-limiter.js';
import { mentionsBot, questionText, scopeOf, threadReply } from './teams-conversation.js';
import { TrustResolver, tenantIdOf } from './trust-resolver.js';

/** The name the bot goes by when Teams does not say. */
export const DEFAULT_BOT_NAME = 'SEND Policy Assistant';

/** What the handler is built from. */
export interface SendPolicyBotOptions {
  knowledge: PolicyKnowledge;
  conversationState: ConversationState;
  userState: UserState;
  feedback: FeedbackStore;
  logger: Logger;
  /** Local use without credentials: unknown tenants may pick any trust. */
  devMode: boolean;
  /** The guided dialogs, when they are available. */
  dialogs?: DialogRouter;
  /** Trust to use until the person picks one, where they may pick (the terminal chat's `--trust`). */
  preselectedTrust?: TrustId;
  /** Longest question accepted, in characters. */
  maxMessageChars: number;
  /** Question limits; none when absent. */
  rateLimiter?: RateLimiter;
  /** Operator opt-in to log question text. */
  logMessageText?: boolean;
}

/** Replies in plain words. */
export const replies = {
  staleCard: 'That button is from an older card. Ask your question again, or type "help".',
  tenantRefused:
    "Sorry, your organisation isn't set up to use this app yet, so I can't answer from a SEND policy. Please ask your IT team to contact the app's administrator.",
  trustNotAllowed: "That trust isn't available to your organisation. Pick one of these:",
  onlyOneTrust: (trust: Trust) => `Your organisation uses ${trust.displayName}'s SEND policy, so that's the one I answer from.`,
  trustChosen: (trust: Trust) => `Thanks. I'll answer from ${trust.displayName}'s SEND policy.`,
  sectionGone: "I can't find that section any more: the policy may have been updated. Ask your question again.",
  dialogGone: 'That guided dialog has ended. Type "guided dialogs" to start one again.',
  dialogUnknown: 'That guided dialog is not available. Type "guided dialogs" to see the ones that are.',
  cancelled: 'Cancelled. Ask me a question whenever you like.',
  nothingToCancel: "There's nothing to cancel. Ask me a question whenever you like.",
  feedbackThanks: 'Thanks for the feedback: it helps us see which answers work.',
  feedbackChanged: (helpful: boolean) => `Thanks: I've changed your feedback on this answer to "${helpful ? 'helpful' : 'not helpful'}".`,
  feedbackAlready: "You've already given that feedback on this answer, so it's counted once. Thanks!",
  tooLong: (max: number) =>
    `That's longer than I can search (${max} characters at most). Ask in a sentence or two, and leave out pupils' names.`,
  slowDown: "You're asking faster than I can keep up. Please wait a minute and try again.",
} as const;

/** The Teams activity handler. */
export class SendPolicyBot extends TeamsActivityHandler {
  private readonly resolver: TrustResolver;
  private readonly welcomed: StatePropertyAccessor<boolean>;
  private readonly messageExtension: MessageExtension;

  constructor(private readonly options: SendPolicyBotOptions) {
    super();
    this.resolver = new TrustResolver(options.knowledge, options.userState, {
      devMode: options.devMode,
      ...(options.preselectedTrust ? { preselected: options.preselectedTrust } : {}),
    });
    this.welcomed = options.conversationState.createProperty<boolean>('welcomed');
    this.messageExtension = new MessageExtension(options.knowledge, this.resolver);

    this.onMessage(async (context, next) => {
      await this.respondToMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcome(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.options.conversationState.delete(context);
      if (scopeOf(context.activity) === 'personal') await this.options.userState.delete(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      // Welcome when the bot itself joins, never for each person who joins a team. Teams sends
      // installationUpdate and this update together on every install, often concurrently, so in
      // Teams the installation alone welcomes; other channels have only this update.
      const botId = context.activity.recipient.id;
      const botJoined = context.activity.membersAdded?.some((m) => m.id === botId) ?? false;
      if (botJoined && context.activity.channelId !== 'msteams') await this.welcome(context);
      await next();
    });
  }

  /** Run a turn: replies go to the message's thread, and state is saved at the end. */
  override async run(context: TurnContext): Promise<void> {
    context.onSendActivities(async (ctx, activities, next) => {
      for (const activity of activities) threadReply(ctx.activity, activity);
      return next();
    });
    await super.run(context);
    await this.options.conversationState.saveChanges(context);
    await this.options.userState.saveChanges(context);
  }

  /** The policy search in the compose box (`composeExtension/query`). */
  /** Answer malformed invoke values with 400 before botbuilder reads them. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    return malformedInvoke(context.activity) ?? super.onInvokeActivity(context);
  }

  protected override handleTeamsMessagingExtensionQuery(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    return this.messageExtension.query(context, query);
  }

  /** A picked search result (`composeExtension/selectItem`). */
  protected override handleTeamsMessagingExtensionSelectItem(context: TurnContext, value: unknown): Promise<MessagingExtensionResponse> {
    return this.messageExtension.selectItem(context, value);
  }

  private get dialogs(): DialogRouter | undefined {
    return this.options.dialogs;
  }

  private dialogsFor(trust: Trust | undefined): DialogSummary[] {
    return trust && this.dialogs ? this.dialogs.list(trust) : [];
  }

  private botName(context: TurnContext): string {
    return context.activity.recipient.name || DEFAULT_BOT_NAME;
  }

  private async sendCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(cardAttachment(card)));
  }

  private async respondToMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    if (activity.value !== undefined && activity.value !== null) {
      await this.respondToCardAction(context, activity.value);
      return;
    }
    // In group chats and channels, only messages that @mention the bot are for it.
    if (scopeOf(activity) !== 'personal' && !mentionsBot(activity)) return;
    const text = questionText(activity);
    activity.text = text;
    const command = text === '' ? 'help' : matchCommand(text);

    if (command === 'changeTrust') return this.offerTrustChoice(context);
    if (command === 'help') return this.helpBeforeTrust(context);
    const trust = await this.trustOrAsk(context, command ? undefined : text);
    if (!trust) return;
    switch (command) {
      case 'guidedDialogs':
        return this.sendCard(context, dialogsCard({ trust, dialogs: this.dialogsFor(trust) }));
      case 'cancel': {
        const cancelled = this.dialogs ? await this.dialogs.cancel(context) : false;
        await context.sendActivity(cancelled ? replies.cancelled : replies.nothingToCancel);
        return;
      }
      case undefined:
        break;
    }
    if (this.dialogs && (await this.dialogs.route(context, trust))) return;
    await this.answer(context, trust, text);
  }

  private async respondToCardAction(context: TurnContext, value: unknown): Promise<void> {
    const parsed = parseCardAction(value);
    if (!parsed.ok) {
      this.options.logger.info({ event: 'card-action-rejected', reason: parsed.reason, detail: parsed.detail, activityId: context.activity.id }, 'card payload not accepted');
      await context.sendActivity(replies.staleCard);
      return;
    }
    const action = parsed.action;
    if (action.action === 'chooseTrust') return this.chooseTrust(context, action.trust, action.question);
    if (action.action === 'changeTrust') return this.offerTrustChoice(context);
    if (action.action === 'help') return this.helpBeforeTrust(context);
    const trust = await this.trustOrAsk(context, undefined);
    if (trust) await this.respondToTrustAction(context, trust, action);
  }

  private async respondToTrustAction(context: TurnContext, trust: Trust, action: CardAction): Promise<void> {
    switch (action.action) {
      case 'listDialogs':
        return this.sendCard(context, dialogsCard({ trust, dialogs: this.dialogsFor(trust) }));
      case 'startDialog':
        if (!this.dialogs || !this.dialogs.list(trust).some((d) => d.id === action.dialog)) {
          await context.sendActivity(replies.dialogUnknown);
          return;
        }
        return this.dialogs.start(context, trust, action.dialog);
      case 'dialogChoice':
      case 'dialogNav':
        if (!this.dialogs || !(await this.dialogs.route(context, trust))) await context.sendActivity(replies.dialogGone);
        return;
      case 'showSection': {
        const section = this.options.knowledge.section(action.sectionId);
        if (!section || section.trust !== trust.id) {
          await context.sendActivity(replies.sectionGone);
          return;
        }
        const policy = this.options.knowledge.policies(trust.id).find((p) => p.document === section.document);
        return this.sendCard(context, sectionCard({ trust, section, policy }));
      }
      case 'feedback': {
        const section = this.options.knowledge.section(action.sectionId);
        if (!section || section.trust !== trust.id) {
          await context.sendActivity(replies.sectionGone);
          return;
        }
        const { from } = context.activity;
        const { outcome } = await this.options.feedback.vote({
          sectionId: section.id,
          voter: from.aadObjectId ?? from.id,
          // Cards sent before answers carried an id: one vote per person per section.
          answer: action.answer ?? section.id,
          helpful: action.helpful,
        });
        this.options.logger.info({ event: 'feedback', trust: trust.id, sectionId: section.id, helpful: action.helpful, outcome }, 'feedback recorded');
        await context.sendActivity(
          outcome === 'counted' ? replies.feedbackThanks : outcome === 'changed' ? replies.feedbackChanged(action.helpful) : replies.feedbackAlready,
        );
        return;
      }
      case 'chooseTrust':
      case 'changeTrust':
      case 'help':
        return;
    }
  }

  /** The trust for this turn, or undefined after refusing or asking the person to choose. */
  private async trustOrAsk(context: TurnContext, question: string | undefined): Promise<Trust | undefined> {
    const resolution = await this.resolver.resolve(context);
    switch (resolution.kind) {
      case 'resolved':
        return resolution.trust;
      case 'refused':
        await this.refuse(context, resolution.tenantId);
        return undefined;
      case 'choose':
        await this.sendCard(context, trustChoiceCard({ trusts: resolution.choices, ...(question ? { question } : {}) }));
        return undefined;
    }
  }

  private async refuse(context: TurnContext, tenantId: string | undefined): Promise<void> {
    this.options.logger.warn({ event: 'tenant-refused', tenantId: tenantId ?? null, activityId: context.activity.id }, 'tenant is not mapped to any trust');
    await context.sendActivity(replies.tenantRefused);
  }

  private async offerTrustChoice(context: TurnContext): Promise<void> {
    const resolution = await this.resolver.resolve(context);
    if (resolution.kind === 'refused') return this.refuse(context, resolution.tenantId);
    const [only] = resolution.choices;
    if (resolution.choices.length === 1 && only) {
      await context.sendActivity(replies.onlyOneTrust(only));
      return;
    }
    const current = resolution.kind === 'resolved' ? { current: resolution.trust } : {};
    await this.sendCard(context, trustChoiceCard({ trusts: resolution.choices, ...current }));
  }

  private async chooseTrust(context: TurnContext, trustId: TrustId, question: string | undefined): Promise<void> {
    const trust = await this.resolver.choose(context, trustId);
    if (!trust) {
      const choices = this.resolver.choicesFor(context);
      if (choices.length === 0) return this.refuse(context, tenantIdOf(context.activity));
      await context.sendActivity(replies.trustNotAllowed);
      await this.sendCard(context, trustChoiceCard({ trusts: choices }));
      return;
    }
    this.options.logger.info({ event: 'trust-chosen', trust: trust.id }, 'trust chosen');
    await context.sendActivity(replies.trustChosen(trust));
    if (question) await this.answer(context, trust, question);
  }

  /** Help even before a trust is chosen: the help card, then the trust choice when one is needed. */
  private async helpBeforeTrust(context: TurnContext): Promise<void> {
    const resolution = await this.resolver.resolve(context);
    if (resolution.kind === 'refused') return this.refuse(context, resolution.tenantId);
    await this.sendHelp(context, resolution.kind === 'resolved' ? resolution.trust : undefined);
    if (resolution.kind === 'choose') await this.sendCard(context, trustChoiceCard({ trusts: resolution.choices }));
  }

  private async sendHelp(context: TurnContext, trust: Trust | undefined): Promise<void> {
    await this.sendCard(
      context,
      helpCard({
        ...(trust ? { trust } : {}),
        canChangeTrust: this.resolver.choicesFor(context).length > 1,
        dialogs: this.dialogsFor(trust),
        scope: scopeOf(context.activity),
        botName: this.botName(context),
      }),
    );
  }

  private async answer(context: TurnContext, trust: Trust, question: string): Promise<void> {
    const { logger, maxMessageChars, rateLimiter, knowledge } = this.options;
    if (question.length > maxMessageChars) {
      await context.sendActivity(replies.tooLong(maxMessageChars));
      return;
    }
    const asker = context.activity.from.aadObjectId ?? context.activity.from.id;
    if (rateLimiter && !rateLimiter.allow(asker, tenantIdOf(context.activity))) {
      logger.warn({ event: 'rate-limited', trust: trust.id, activityId: context.activity.id }, 'question limit reached');
      await context.sendActivity(replies.slowDown);
      return;
    }
    // A typing indicator helps only while the person waits for replies sent one by one; with
    // expectReplies every reply comes back at once in the HTTP response.
    if (context.activity.deliveryMode !== DeliveryModes.ExpectReplies) await context.sendActivity({ type: ActivityTypes.Typing });
    const started = performance.now();
    const answer = await knowledge.answerer.answer(trust.id, question);
    logger.info(
      {
        event: 'answer',
        trust: trust.id,
        answered: answer.answered,
        ...(answer.answered ? { sections: answer.citations.map((c) => c.sectionId) } : { reason: answer.reason }),
        ms: Math.round(performance.now() - started),
        ...(this.options.logMessageText ? { question } : {}),
      },
      answer.answered ? 'answered from policy' : 'not covered by policy',
    );
    if (answer.answered) {
      const dialog = this.dialogs?.suggest(question, trust);
      await this.sendCard(context, answerCard({ trust, citations: answer.citations, policies: answer.policies, ...(dialog ? { dialog } : {}) }));
    } else if (answer.reason === 'empty-question') {
      await this.sendHelp(context, trust);
    } else {
      await this.sendCard(context, notCoveredCard({ trust, dialogs: this.dialogsFor(trust) }));
    }
  }

  /** Send the welcome card once per conversation (installation and the bot joining both arrive). */
  private async welcome(context: TurnContext): Promise<void> {
    if (await this.welcomed.get(context, false)) return;
    await this.welcomed.set(context, true);
    const resolution = await this.resolver.resolve(context);
    const trust = resolution.kind === 'resolved' ? resolution.trust : undefined;
    await this.sendCard(
      context,
      welcomeCard({
        botName: this.botName(context),
        ...(trust ? { trust } : {}),
        dialogs: this.dialogsFor(trust),
        scope: scopeOf(context.activity),
      }),
    );
    this.options.logger.info({ event: 'welcome', scope: scopeOf(context.activity), trust: trust?.id ?? null }, 'welcome sent');
    if (resolution.kind === 'refused') await this.refuse(context, resolution.tenantId);
    else if (resolution.kind === 'choose' && scopeOf(context.activity) === 'personal') {
      await this.sendCard(context, trustChoiceCard({ trusts: resolution.choices }));
    }
  }
}
