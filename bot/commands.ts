/**
 * The bot's commands: the Teams command menu (`commandLists` in the app manifest)
 * is generated from {@link commands}, and typed messages are matched with
 * {@link matchCommand}. A guided dialog starts from a typed message that is one of
 * its phrases ({@link dialogCommand}). A command is the whole message, give or take
 * case, punctuation and "please" (the bot's @mention is already removed): a
 * question that merely contains one is answered from the policy.
 */
import { TriggerMatcher, messageWords } from '../src/dialogs/dialog-triggers.js';
import type { DialogDefinition } from '../src/dialogs/types.js';

/** A command as the Teams command menu shows it. */
export interface CommandEntry {
  /** What the user types or picks (manifest `title`, at most 32 characters). */
  title: string;
  /** One line shown under the title (manifest `description`, at most 128 characters). */
  description: string;
}

/** The command menu, in the order Teams shows it. */
export const commands = [
  { title: 'help', description: 'What I can do, how to ask, and the guided dialogs' },
  { title: 'guided dialogs', description: 'Step-by-step guides, such as "is this SEND or another factor?"' },
  { title: 'change trust', description: "Choose which trust's SEND policy I answer from" },
] as const satisfies readonly CommandEntry[];

/** Scopes the command menu is offered in (manifest `commandLists[].scopes`). */
export const commandScopes = ['personal', 'team', 'groupChat'] as const;

/** A command the bot recognises in a typed message. */
export type CommandName = 'help' | 'guidedDialogs' | 'changeTrust' | 'cancel';

const phrases: readonly (readonly [CommandName, readonly string[]])[] = [
  ['help', ['help', 'menu', 'what can you do', 'start', 'hi', 'hello']],
  ['guidedDialogs', ['guided dialogs', 'guided dialog', 'dialogs', 'guides']],
  ['changeTrust', ['change trust', 'switch trust', 'choose trust', 'change my trust']],
  ['cancel', ['cancel', 'stop', 'quit', 'exit dialog']],
];

/**
 * A message as a command: its lower-case words without punctuation (a leading "/"
 * included), and without "please" before or after, or "thanks" / "thank you" after.
 */
export function commandWords(text: string): string {
  return commandWordList(text).join(' ');
}

/** {@link commandWords} as a list of words. */
function commandWordList(text: string): string[] {
  const words = messageWords(text.replace(/^[\s/]+/, ''));
  while (words[0] === 'please') words.shift();
  for (;;) {
    const last = words.at(-1);
    if (last === 'please' || last === 'thanks') words.pop();
    else if (last === 'you' && words.at(-2) === 'thank') words.splice(-2);
    else break;
  }
  return words;
}

/** The command a whole message names, if it is one (a question that merely contains "help" is not). */
export function matchCommand(text: string): CommandName | undefined {
  const said = commandWords(text);
  for (const [name, list] of phrases) {
    if (list.includes(said)) return name;
  }
  return undefined;
}

/** A guided dialog as {@link dialogCommand} reads it: its trigger phrases and its title as shown. */
export type DialogCommands = Pick<DialogDefinition, 'id' | 'triggers'> & { title: string };

/**
 * The guided dialog a whole message asks for: the message is one of the dialog's
 * trigger phrases or its title, give or take case, punctuation and words such as
 * "please", "start" or "the" around it ("Next step, please", "start the triage",
 * "What is the next step?"). Every phrase counts only as the whole message, whether
 * authored as `whole` or `contains`: "what's the next step after an annual review?"
 * starts nothing and is answered from the policy.
 */
export function dialogCommand<D extends DialogCommands>(dialogs: readonly D[], text: string): D | undefined {
  return dialogCommandMatcher(dialogs)(text);
}

/**
 * {@link dialogCommand} for one set of dialogs, their phrases and titles read once:
 * the returned function matches message after message against them.
 */
export function dialogCommandMatcher<D extends DialogCommands>(dialogs: readonly D[]): (text: string) => D | undefined {
  const matcher = new TriggerMatcher(
    dialogs.map((dialog) => ({
      dialog,
      triggers: [...dialog.triggers, { phrase: dialog.title }].map((t) => ({ phrase: t.phrase, match: 'whole' as const })),
    })),
  );
  // The words are already what messageWords makes of them: matched as they are, not split again.
  return (text) => matcher.matchWords(commandWordList(text))?.dialog;
}
