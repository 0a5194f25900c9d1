/**
 * The seam between the activity handler and the guided dialogs: the handler asks
 * the router first on every message and card action, and falls back to answering.
 *
 * The composition root (`bot/create-bot.ts`) builds the router with
 * `createDialogRouter` from `bot/dialogs/create-dialog-router.ts`, a
 * {@link DialogRouterFactory}.
 */
import type { BotState, TurnContext, UserState } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../../src/config.js';
import type { Trust } from '../../src/knowledge/types.js';
import type { PolicyKnowledge } from '../policy-knowledge.js';

/** A guided dialog as listed on the help card and in the command menu. */
export interface DialogSummary {
  id: string;
  title: string;
  description: string;
}

/** Runs the guided dialogs for the activity handler. */
export interface DialogRouter {
  /** The dialogs available to `trust`'s staff. */
  list(trust: Trust): DialogSummary[];
  /**
   * Continue the active dialog with this turn's message or card action, or start one
   * the whole message asks for ("triage", "induction", …). True when the turn was handled.
   *
   * Called for every message after the handler's own commands ("help", "change trust",
   * "guided dialogs", "cancel"), with the bot's @mention already removed from
   * `activity.text`, and for the `dialogChoice` / `dialogNav` card payloads (in
   * `activity.value`; parse them with `parseCardAction`). When it returns false the
   * handler answers the message from the policy.
   */
  route(context: TurnContext, trust: Trust): Promise<boolean>;
  /**
   * The dialog a question answered from the policy points to, offered under the
   * answer: one of its trigger phrases is in the question ("what's the next step
   * after an annual review?" points to the next-step dialog) without being the
   * whole message, which would have started it.
   */
  suggest(question: string, trust: Trust): DialogSummary | undefined;
  /** Start a dialog by id, replacing any active one. */
  start(context: TurnContext, trust: Trust, dialogId: string): Promise<void>;
  /** End the active dialog, if any; true when one was active. */
  cancel(context: TurnContext): Promise<boolean>;
}

/** What the composition root gives the router factory. */
export interface DialogRouterDeps {
  /** Where dialog positions live: per person in each conversation (`PrivateConversationState`). */
  dialogState: BotState;
  /** Per-person state: ids only, never message text. */
  userState: UserState;
  /** The loaded knowledge base the answers come from. */
  knowledgeBase: PolicyKnowledge;
  /** The parsed configuration (`config.knowledge.dir` holds `dialogs/`). */
  config: Config;
  logger: Logger;
}

/**
 * The signature of `createDialogRouter` in `bot/dialogs/create-dialog-router.ts`:
 * `createDialogRouter({ dialogState, userState, config, knowledgeBase, logger }): Promise<DialogRouter>`.
 * It reads `<config.knowledge.dir>/dialogs/*.json`, checks every quote against the
 * trusts' parsed policies and every cited section id against `knowledgeBase`, and
 * rejects with `DIALOG_INVALID` (naming file, dialog, step and trust), so the server
 * does not start with a broken dialog. Given the server's reloadable knowledge, it
 * reads and checks the dialogs again with every knowledge reload. The dialog stack is the `guidedDialogState`
 * property of `dialogState`; per-person tour progress is the
 * `guidedDialogProgress` property of `userState`.
 */
export type DialogRouterFactory = (deps: DialogRouterDeps) => DialogRouter | Promise<DialogRouter>;
