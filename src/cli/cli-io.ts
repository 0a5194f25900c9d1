/**
 * Shared plumbing of the command-line tools: output streams, option parsing
 * that reports usage errors, and the exit codes.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { AssistantError, isAssistantError } from '../errors.js';

/** Where a command writes and where it gets the configuration; tests pass their own. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The product's configuration, parsed when a command first needs it. */
  config: () => Config;
}

/** The process's standard output and error, and the configuration from the environment. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  config: () => loadConfig(),
};

/** A subcommand: its arguments (after the subcommand name) in, an exit code out. */
export type Command = (args: string[], io: CliIo) => Promise<number>;

/** Exit codes: 0 success, 1 a failure the product reports (`CODE: message`), 2 a usage error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Parse a command's options; unknown options and missing values are `USAGE` errors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AssistantError('USAGE', error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/**
 * Run a command, turning its errors into `CODE: message` on stderr and the
 * matching exit code; a usage error is followed by the command's usage line.
 */
export async function runCommand(command: Command, args: string[], io: CliIo, usage?: string): Promise<number> {
  try {
    return await command(args, io);
  } catch (error) {
    if (isAssistantError(error, 'USAGE')) {
      io.err(`${error.message}\n${usage ? `usage: npm run knowledge -- ${usage.replace(/^knowledge /, '')}\n` : ''}`);
      return EXIT.usage;
    }
    if (isAssistantError(error)) {
      io.err(`${error.message}\n`);
      return EXIT.failed;
    }
    io.err(`UNEXPECTED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failed;
  }
}
