/**
 * Keeps what a person typed out of error logs: an error raised while handling a
 * message may quote it (a parser naming the value it rejected, a message built
 * from the question). Before such an error is logged, every piece of text the
 * activity carried — its text and the strings in its card or invoke value — is
 * replaced in the error's message and stack.
 */
import type { Activity } from 'botbuilder';

/** What replaces typed text in logs. */
export const REDACTED = '[redacted]';

/** Shortest typed string worth replacing: shorter ones would blank out ordinary words of stack traces. */
const MIN_TYPED_LENGTH = 4;

/** The strings a person may have typed in this activity: its text and every string in its value. */
export function typedStrings(activity: Partial<Pick<Activity, 'text' | 'value'>>): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 32) return;
    if (typeof value === 'string') {
      if (value.trim().length >= MIN_TYPED_LENGTH) found.add(value);
      // Parsers often quote a single word or the first part of what they rejected.
      for (const word of value.split(/\s+/)) if (word.length >= 12) found.add(word);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) visit(item, depth + 1);
    }
  };
  visit(activity.text, 0);
  visit(activity.value, 0);
  return [...found].sort((a, b) => b.length - a.length);
}

/** Replace every typed string in `text`. */
export function redactTyped(text: string, typed: readonly string[]): string {
  let out = text;
  for (const piece of typed) if (out.includes(piece)) out = out.split(piece).join(REDACTED);
  return out;
}

/** The error as pino's serializer would log it, with typed text replaced in its message and stack. */
export function redactedError(error: unknown, activity: Partial<Pick<Activity, 'text' | 'value'>>): { type: string; message: string; stack?: string } {
  const typed = typedStrings(activity);
  if (!(error instanceof Error)) return { type: typeof error, message: redactTyped(String(error), typed) };
  return {
    type: error.name,
    message: redactTyped(error.message, typed),
    ...(error.stack ? { stack: redactTyped(error.stack, typed) } : {}),
  };
}
