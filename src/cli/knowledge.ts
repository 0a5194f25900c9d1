/**
 * `npm run knowledge -- <command>`: tools for the knowledge folder — how a
 * policy file parses, and the registry with each policy's review status.
 */
import { AssistantError } from '../errors.js';
import { EXIT, processIo, runCommand, type CliIo, type Command } from './cli-io.js';
import { buildCommand, buildUsage } from './knowledge-build.js';
import { inspectCommand, inspectUsage } from './knowledge-inspect.js';
import { listCommand, listUsage } from './knowledge-list.js';

/**
 * The subcommands, by name. A new subcommand is one entry here (and one line
 * in {@link usages}); each takes the arguments after its name.
 */
export const commands: Record<string, Command> = {
  build: buildCommand,
  inspect: inspectCommand,
  list: listCommand,
};

/** One usage line per subcommand, shown by `help` and after a usage error. */
export const usages: Record<string, string> = {
  build: buildUsage,
  inspect: inspectUsage,
  list: listUsage,
};

function usage(): string {
  return `usage:\n${Object.values(usages)
    .map((u) => `  npm run knowledge -- ${u.replace(/^knowledge /, '')}`)
    .join('\n')}\n`;
}

/** Run the tool with the given arguments; resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands[name];
  if (!command) {
    io.err(`${new AssistantError('USAGE', `unknown command "${name}"`).message}\n${usage()}`);
    return EXIT.usage;
  }
  return runCommand(command, args, io, usages[name]);
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  process.exitCode = await main(process.argv.slice(2));
}
