/**
 * The bot's commands: the Teams command menu (`commandLists` in the app manifest)
 * is generated from {@link commands}, and typed messages are matched with
 * {@link matchCommand}.
 */

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

/** Normalise a message for command matching: lower case, single spaces, no surrounding punctuation. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s/!.?,]+|[\s!.?,]+$/g, '');
}

/** The command a whole message names, if it is one (a question that merely contains "help" is not). */
export function matchCommand(text: string): CommandName | undefined {
  const said = normalise(text);
  for (const [name, list] of phrases) {
    if (list.includes(said)) return name;
  }
  return undefined;
}
