/**
 * Invoke values botbuilder reads without checking: a malformed one would throw
 * inside botbuilder (e.g. `adaptiveCard/action` without `action.type`) and fail
 * the turn. They are answered here with the invoke's own 400, as botbuilder does
 * for the malformed values it does check.
 */
import type { Activity, InvokeResponse } from 'botbuilder';
import { z } from 'zod';

const adaptiveCardInvoke = z.looseObject({ action: z.looseObject({ type: z.string() }) });

/** Invoke names whose `value` must match a schema before botbuilder reads it. */
const checkedValues: Record<string, z.ZodType> = {
  'adaptiveCard/action': adaptiveCardInvoke,
};

/** The 400 invoke response for a malformed invoke value, or undefined when the value is fine (or not checked). */
export function malformedInvoke(activity: Pick<Activity, 'name' | 'value'>): InvokeResponse | undefined {
  const schema = activity.name ? checkedValues[activity.name] : undefined;
  if (!schema || schema.safeParse(activity.value).success) return undefined;
  return {
    status: 400,
    body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: `The ${activity.name ?? 'invoke'} value is not valid.` } },
  };
}

/**
 * An invoke the app does not handle is the caller's mistake, not the server's:
 * botbuilder's 501 becomes 400 with a plain error naming the invoke.
 */
export function clientErrorForUnhandled(response: InvokeResponse, activity: Pick<Activity, 'name'>): InvokeResponse {
  if (response.status !== 501) return response;
  return { status: 400, body: { error: `This app does not handle ${JSON.stringify(activity.name ?? '')} invokes.` } };
}
