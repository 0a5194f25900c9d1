/**
 * The bot's pino logger. Message text is redacted by configuration unless the
 * operator turned on `LOG_MESSAGE_TEXT`: staff may type pupils' details.
 */
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { Config } from '../src/config.js';

export type { Logger } from 'pino';

/** Log fields that may hold what a person typed; censored unless message text logging is on. */
export const messageTextPaths = [
  'text',
  'question',
  'value',
  '*.text',
  '*.question',
  '*.value',
  'activity.value.*',
  'activity.attachments',
];

/** Build the logger; `destination` defaults to stdout (tests pass an array-backed stream). */
export function createLogger(options: Config['log'], destination?: DestinationStream): Logger {
  const settings = {
    level: options.level,
    base: { service: 'send-policy-assistant' },
    ...(options.messageText ? {} : { redact: { paths: messageTextPaths, censor: '[redacted]' } }),
  };
  return destination ? pino(settings, destination) : pino(settings);
}
