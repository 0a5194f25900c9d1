/**
 * `npm run chat -- --trust ID`: talk to the bot in a terminal, through the same
 * handler and the same cards (rendered as text). Typing a button's number clicks it.
 * With stdin not a terminal it reads questions line by line and exits at the end:
 *
 *   printf 'what is an EHCP?\n' | npm run --silent chat -- --trust aspire
 */
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { MemoryStorage } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { loadConfig, processEnvironment } from '../src/config.js';
import { AssistantError, isAssistantError } from '../src/errors.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './cards/card-parts.js';
import { cardToText } from './cards/card-to-text.js';
import type { TextAction } from './cards/card-to-text.js';
import { ChatAdapter } from './chat-adapter.js';
import { createBot } from './create-bot.js';
import { loadKnowledge } from './knowledge-loader.js';
import { createLogger } from './logger.js';
import { createTurnErrorHandler } from './turn-errors.js';

const usage = `Usage: npm run chat -- [--trust ID]

Talk to SEND Policy Assistant in the terminal. Buttons are numbered: type a number to click one.
  --trust ID   answer from this trust's policy (e.g. southport, aspire); without it, pick one when asked
  --help       show this help`;

/** Parsed command-line options. */
export interface ChatArgs {
  trust?: string;
  help: boolean;
}

/** Parse the chat's arguments. @throws AssistantError `USAGE` naming the bad argument. */
export function parseChatArgs(argv: readonly string[]): ChatArgs {
  const args: ChatArgs = { help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--trust') {
      const value = argv[++i];
      if (!value || value.startsWith('--')) throw new AssistantError('USAGE', '--trust needs a trust id, e.g. --trust southport');
      args.trust = value;
    } else if (arg?.startsWith('--trust=')) args.trust = arg.slice('--trust='.length);
    else throw new AssistantError('USAGE', `unknown argument ${JSON.stringify(arg)}\n\n${usage}`);
  }
  return args;
}

/** Render what the bot sent as text; buttons are numbered from `firstNumber`. */
export function renderReplies(replies: readonly Partial<Activity>[], firstNumber = 1): { text: string; actions: TextAction[] } {
  const blocks: string[] = [];
  const actions: TextAction[] = [];
  for (const reply of replies) {
    if (reply.type !== 'message') continue;
    if (reply.text) blocks.push(reply.text);
    for (const attachment of reply.attachments ?? []) {
      if (attachment.contentType !== ADAPTIVE_CARD_CONTENT_TYPE) {
        blocks.push(`[${attachment.contentType} attachment]`);
        continue;
      }
      const rendered = cardToText(attachment.content, firstNumber + actions.length);
      blocks.push(rendered.text);
      actions.push(...rendered.actions);
    }
  }
  return { text: blocks.join('\n\n'), actions };
}

/** Where the chat reads and writes. */
export interface ChatIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** True for a person at a terminal: a prompt and the welcome card are shown. */
  interactive: boolean;
}

/** Run the chat until the input ends (or "quit" at a terminal). */
export async function runChat(argv: readonly string[], env: Record<string, string | undefined>, io: ChatIO): Promise<void> {
  const args = parseChatArgs(argv);
  const write = (text: string) => void io.output.write(`${text}\n`);
  if (args.help) return write(usage);

  // The chat is always local: no credentials, any trust may be picked.
  const config = { ...loadConfig(env), devMode: true };
  const logger = createLogger({ ...config.log, level: config.log.level === 'info' ? 'warn' : config.log.level }, process.stderr);
  const progress = (line: string) => void process.stderr.write(`${line}\n`);
  if (io.interactive) progress('Loading the policies…');
  const knowledge = await loadKnowledge(config, logger, progress);
  if (args.trust !== undefined && !knowledge.trust(args.trust)) {
    throw new AssistantError('TRUST_UNKNOWN', `--trust ${JSON.stringify(args.trust)} is not in the registry; choose one of ${knowledge.trusts.map((t) => t.id).join(', ')}`);
  }
  const storage = new MemoryStorage();
  const { bot, conversationState, dialogState } = await createBot({ config, knowledge, storage, logger, ...(args.trust ? { preselectedTrust: args.trust } : {}) });
  const adapter = new ChatAdapter((context) => bot.run(context));
  adapter.onTurnError = createTurnErrorHandler(logger, conversationState, dialogState);

  let actions: TextAction[] = [];
  const show = (replies: Partial<Activity>[]) => {
    const rendered = renderReplies(replies);
    actions = rendered.actions;
    if (rendered.text) write(`${rendered.text}\n`);
  };

  if (io.interactive) show(await adapter.receive({ type: 'installationUpdate', action: 'add' }));
  const lines = createInterface({ input: io.input, ...(io.interactive ? { output: io.output, prompt: '> ' } : {}), terminal: io.interactive });
  if (io.interactive) lines.prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (io.interactive && (line === 'quit' || line === 'exit')) break;
    const clicked = /^\d+$/.test(line) ? actions.find((a) => a.number === Number(line)) : undefined;
    if (clicked?.data !== undefined) show(await adapter.receive({ value: clicked.data }));
    else if (clicked?.url) write(`${clicked.url}\n`);
    else if (clicked?.card !== undefined) {
      const rendered = cardToText(clicked.card);
      actions = rendered.actions;
      write(`${rendered.text}\n`);
    } else if (line !== '') show(await adapter.receive({ text: line }));
    if (io.interactive) lines.prompt();
  }
  lines.close();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runChat(process.argv.slice(2), processEnvironment(), { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true }).catch(
    (error: unknown) => {
      process.stderr.write(`${isAssistantError(error) ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
