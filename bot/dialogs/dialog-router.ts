/**
 * The seam between the activity handler and the guided dialogs: the handler asks
 * the router first on every message and card action, and falls back to answering.
 */
import type { TurnContext } from 'botbuilder';
import type { Trust } from '../../src/knowledge/types.js';

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
   * the message asks for ("triage", "induction", …). True when the turn was handled.
   */
  route(context: TurnContext, trust: Trust): Promise<boolean>;
  /** Start a dialog by id, replacing any active one. */
  start(context: TurnContext, trust: Trust, dialogId: string): Promise<void>;
  /** End the active dialog, if any; true when one was active. */
  cancel(context: TurnContext): Promise<boolean>;
}
