/**
 * `npm run dev`: the bot in dev mode plus the Microsoft 365 Agents Playground, a
 * local web client that emulates Teams (personal chat, group chat, channel).
 * Mock Teams data comes from `.m365agentsplayground.yml` (Southport's tenant).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, processEnvironment, projectRoot } from '../src/config.js';
import { AssistantError, isAssistantError } from '../src/errors.js';
import { main } from './main.js';

const usage = `Usage: npm run dev -- [--playground-port N]

Starts the bot on http://127.0.0.1:$PORT (default 3978) and the Agents Playground on
http://127.0.0.1:N (default 56150). Open the playground in a browser to talk to the bot.`;

/** Default port of the playground's web page. */
export const DEFAULT_PLAYGROUND_PORT = 56150;

/** Parse `--playground-port N`. @throws AssistantError `USAGE`. */
export function parseDevArgs(argv: readonly string[]): { playgroundPort: number; help: boolean } {
  let playgroundPort = DEFAULT_PLAYGROUND_PORT;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--playground-port') {
      const port = Number(argv[++i]);
      if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new AssistantError('USAGE', '--playground-port needs a port number between 1 and 65535');
      playgroundPort = port;
    } else throw new AssistantError('USAGE', `unknown argument ${JSON.stringify(arg)}\n\n${usage}`);
  }
  return { playgroundPort, help };
}

/** Start the playground against `endpoint`; resolves once it answers `/_debug/ping`. */
async function startPlayground(endpoint: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    path.join(projectRoot, 'node_modules', '.bin', 'agentsplayground'),
    ['-e', endpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...processEnvironment(),
        TEAMSAPPTESTER_BROWSER: 'none',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(projectRoot, '.m365agentsplayground.yml'),
      },
    },
  );
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) => reject(new Error(`the Agents Playground stopped (exit code ${String(code)}); see devTools/m365agentsplayground.log`)));
    child.once('error', reject);
  });
  const deadline = Date.now() + 60_000;
  const ping = async (): Promise<void> => {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/_debug/ping`);
        if ((await response.text()).includes('pong')) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`the Agents Playground did not answer on port ${port} within a minute`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  await Promise.race([ping(), exited]);
  exited.catch(() => undefined);
  return child;
}

async function dev(argv: readonly string[]): Promise<void> {
  const args = parseDevArgs(argv);
  if (args.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const config = loadConfig();
  if (!config.devMode) {
    throw new AssistantError('USAGE', 'npm run dev is for local use without app credentials: unset MicrosoftAppId (and its companions) or use npm start');
  }
  const started = await main(config);
  const playground = await startPlayground(`${started.server.url}/api/messages`, args.playgroundPort);
  await started.ready;
  process.stdout.write(
    `\nSEND Policy Assistant is running in dev mode.\n` +
      `  Agents Playground: http://127.0.0.1:${args.playgroundPort}/  (open it in a browser)\n` +
      `  Bot endpoint:      ${started.server.url}/api/messages\n` +
      `Press Ctrl+C to stop both.\n\n`,
  );
  const stop = () => {
    playground.kill('SIGTERM');
    void started.server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  playground.once('exit', (code) => {
    started.logger.error({ code }, 'the Agents Playground stopped; see devTools/m365agentsplayground.log');
    void started.server.close().then(() => process.exit(1));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  dev(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${isAssistantError(error) ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
