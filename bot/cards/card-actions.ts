/**
 * Payloads of the buttons on the bot's cards (`Action.Submit` data / `Action.Execute` verb data).
 * Every payload that comes back from Teams is parsed here; a stale or malformed one
 * from an old card yields an error naming the field, never an exception in the turn.
 */
import { z } from 'zod';

/** Version of the payload format; bump when a payload changes shape. */
export const CARD_ACTION_VERSION = 1;

const id = z.string().min(1).max(200);

/** Every button payload the bot's cards carry. */
export const cardActionSchema = z.discriminatedUnion('action', [
  /** Show the whole text of a cited section. */
  z.object({ action: z.literal('showSection'), sectionId: id }),
  /**
   * Helpful / not helpful on an answer's section. `answer` identifies the answer card,
   * so a person's second vote on it replaces the first (cards sent before it was
   * added count one vote per person per section).
   */
  z.object({ action: z.literal('feedback'), sectionId: id, helpful: z.boolean(), answer: id.optional() }),
  /**
   * Pick the trust whose policy answers (tenants that map to several trusts, local use).
   * `question` carries the question that prompted the choice, so it is answered right after.
   */
  z.object({ action: z.literal('chooseTrust'), trust: id, question: z.string().min(1).max(4_000).optional() }),
  /** Offer the trust choice again. */
  z.object({ action: z.literal('changeTrust') }),
  /** Show the help card. */
  z.object({ action: z.literal('help') }),
  /** List the guided dialogs. */
  z.object({ action: z.literal('listDialogs') }),
  /** Start a guided dialog by id. */
  z.object({ action: z.literal('startDialog'), dialog: id }),
  /** Answer the current step of a guided dialog. */
  z.object({ action: z.literal('dialogChoice'), dialog: id, step: id, choice: id }),
  /**
   * Move within a guided dialog. `step` is the step the button was on, so a second
   * press of "Next" on an old card is not applied to the page after it.
   */
  z.object({ action: z.literal('dialogNav'), dialog: id, nav: z.enum(['next', 'back', 'skip', 'cancel', 'restart']), step: id.optional() }),
]);

/** A parsed button payload. */
export type CardAction = z.infer<typeof cardActionSchema>;

/** The payload a card button carries: the action plus the format version. */
export type CardActionData = CardAction & { v: typeof CARD_ACTION_VERSION };

/** Build the data object for a card button. */
export function actionData(action: CardAction): CardActionData {
  return { ...action, v: CARD_ACTION_VERSION };
}

/** Result of parsing a payload from Teams. */
export type ParsedCardAction =
  | { ok: true; action: CardAction }
  | { ok: false; reason: 'stale' | 'malformed'; detail: string };

/**
 * Parse a payload that came back from a card. A payload from another format
 * version is `stale`; anything else that does not match is `malformed`.
 */
export function parseCardAction(value: unknown): ParsedCardAction {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'malformed', detail: 'payload is not an object' };
  }
  const version = (value as Record<string, unknown>).v;
  if (version !== CARD_ACTION_VERSION) {
    return { ok: false, reason: 'stale', detail: `payload version ${JSON.stringify(version ?? null)} is not ${CARD_ACTION_VERSION}` };
  }
  const parsed = cardActionSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'malformed', detail: `${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, action: parsed.data };
}
