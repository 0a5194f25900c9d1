/**
 * What happens when a turn fails: the person gets a short apology with a reference,
 * the log gets the error, its stack, the reference and the activity's ids: never its text.
 */
import { randomBytes } from 'node:crypto';
import type { BotState, TurnContext } from 'botbuilder';
import { isAssistantError } from '../src/errors.js';
import { redactedError } from './log-privacy.js';
import type { Logger } from './logger.js';
import { isETagConflict } from './state-storage.js';

/** A short reference a person can quote to their IT team, e.g. "7F3A-9C21". */
export function correlationId(): string {
  const hex = randomBytes(4).toString('hex').toUpperCase();
  return `${hex.slice(0, 4)}-${hex.slice(4)}`;
}

/** The apology sent when a turn fails. */
export function apology(reference: string): string {
  return `Sorry, something went wrong on my side. Please try again. If it keeps happening, give your IT team this reference: ${reference}`;
}

/** The reply when the state storage cannot be reached. */
export function storageUnavailable(reference: string): string {
  return `I can't reach my storage right now, so I can't keep track of our conversation. Please try again in a minute. If it keeps happening, give your IT team this reference: ${reference}`;
}

/** The activity's identifying fields, for logs: no text, no card values. */
export function activityIds(activity: TurnContext['activity']): Record<string, string | undefined> {
  return {
    type: activity.type,
    name: activity.name,
    id: activity.id,
    replyToId: activity.replyToId,
    channelId: activity.channelId,
    conversationId: activity.conversation?.id,
    conversationType: activity.conversation?.conversationType,
    tenantId: activity.conversation?.tenantId,
  };
}

/** Build the adapter's `onTurnError`; after a failed turn it deletes `resetStates` (the conversation's and the person's dialog state) for this conversation. */
export function createTurnErrorHandler(logger: Logger, ...resetStates: BotState[]) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const reference = correlationId();
    const storageDown = isAssistantError(error, 'STORAGE_UNAVAILABLE');
    const err = redactedError(error, context.activity);
    logger.error({ err, correlationId: reference, activity: activityIds(context.activity), ...(storageDown ? { event: 'storage-unavailable' } : {}) }, 'turn failed');
    try {
      await context.sendActivity(storageDown ? storageUnavailable(reference) : apology(reference));
    } catch (sendError) {
      logger.error({ err: sendError, correlationId: reference }, 'could not send the apology');
    }
    // Storage that is down cannot be reset, and state another turn just saved must not be.
    if (storageDown || isETagConflict(error)) return;
    try {
      // Start the conversation afresh, so a broken dialog position cannot fail every turn.
      for (const state of resetStates) await state.delete(context);
    } catch (stateError) {
      logger.error({ err: stateError, correlationId: reference }, 'could not reset conversation state');
    }
  };
}
