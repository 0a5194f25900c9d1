/**
 * The running bot (dev mode, in this process) and the Microsoft 365 Agents
 * Playground (a child process) with mock Teams data whose tenant maps to a trust,
 * for driving the bot from a headless Chromium as a teacher would in Teams.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main, type StartedBot } from '../../bot/main.js';
import { freePort } from '../../bench/lib/server-process.js';
import { loadConfig, projectRoot } from '../../src/config.js';
import type { Trust } from '../../src/knowledge/types.js';

/** Names the mock Teams data gives the conversations. */
export const GROUP_CHAT_NAME = 'Year 7 team';
export const BOT_NAME = 'SEND Policy Assistant';

const person = (n: number, name: string) => {
  const [given = name, surname = ''] = name.split(' ');
  const user = name.toLowerCase().replace(' ', '.');
  return [
    `  - id: user-id-${n}`,
    `    name: ${name}`,
    `    userPrincipleName: ${user}@school.example`,
    `    aadObjectId: 00000000-0000-4000-8000-00000000002${n}`,
    `    givenName: ${given}`,
    `    surname: ${surname}`,
    `    email: ${user}@school.example`,
  ].join('\n');
};

/** Mock Teams data (the playground's strict schema: exactly five other users) for a trust's tenant. */
export function playgroundConfig(tenantId: string): string {
  return [
    'version: "0.1.1"',
    `tenantId: ${tenantId}`,
    'bot:',
    '  id: 00000000-0000-4000-8000-000000000011',
    `  name: ${BOT_NAME}`,
    'currentUser:',
    '  id: user-id-0',
    '  name: Alex Teacher',
    '  userPrincipleName: alex.teacher@school.example',
    '  aadObjectId: 00000000-0000-4000-8000-000000000020',
    '  givenName: Alex',
    '  surname: Teacher',
    '  email: alex.teacher@school.example',
    'users:',
    person(1, 'Sam Sendco'),
    person(2, 'Priya Head'),
    person(3, 'Jo Assistant'),
    person(4, 'Chris Maths'),
    person(5, 'Lee English'),
    'personalChat:',
    '  id: personal-chat-id',
    'groupChat:',
    '  id: group-chat-id',
    `  name: ${GROUP_CHAT_NAME}`,
    'team:',
    '  id: team-id',
    '  name: Staff',
    '  aadGroupId: 00000000-0000-4000-8000-000000000031',
    '  channels:',
    '    - id: channel-send-id',
    '      name: SEND',
    '',
  ].join('\n');
}

async function waitForPing(url: string, exited: Promise<never>, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  const ping = async (): Promise<void> => {
    for (;;) {
      try {
        if ((await (await fetch(url)).text()).includes('pong')) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`${url} did not answer pong in ${deadlineMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  await Promise.race([ping(), exited]);
}

/** The bot and the playground, running. */
export interface Playground {
  /** The playground's page. */
  url: string;
  bot: StartedBot;
  /** The folder holding the mock data, the playground's log and the bot's index. */
  dir: string;
  indexPath: string;
  stop(): Promise<void>;
}

/** Start the bot in dev mode and the playground whose tenant is `trust`'s. */
export async function startPlayground(trust: Trust): Promise<Playground> {
  const dir = mkdtempSync(path.join(tmpdir(), 'agents-playground-'));
  const indexPath = path.join(dir, 'index.json');
  const configPath = path.join(dir, '.m365agentsplayground.yml');
  const tenantId = trust.tenantIds[0];
  if (!tenantId) throw new Error(`${trust.id} has no tenant in the registry`);
  writeFileSync(configPath, playgroundConfig(tenantId));

  const bot = await main(
    loadConfig({ NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'warn', SEMANTIC_SEARCH: 'false', INDEX_PATH: indexPath }),
  );
  let child: ChildProcess | undefined;
  try {
    await bot.ready;
    const port = await freePort();
    child = spawn(
      path.join(projectRoot, 'node_modules', '.bin', 'agentsplayground'),
      ['-e', `${bot.server.url}/api/messages`, '-c', 'msteams', '-p', String(port), '--disable-telemetry'],
      {
        cwd: dir,
        stdio: 'ignore',
        env: {
          PATH: `${path.join(projectRoot, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
          HOME: dir,
          TEAMSAPPTESTER_BROWSER: 'none',
          APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
          M365_AGENTS_PLAYGROUND_LOGFILE: path.join(dir, 'm365agentsplayground.log'),
        },
      },
    );
    const running = child;
    const exited = new Promise<never>((_, reject) => {
      running.once('exit', (code) => reject(new Error(`the Agents Playground stopped (exit code ${String(code)}); see ${dir}/m365agentsplayground.log`)));
      running.once('error', reject);
    });
    exited.catch(() => undefined);
    await waitForPing(`http://127.0.0.1:${port}/_debug/ping`, exited, 60_000);
    return {
      url: `http://127.0.0.1:${port}/`,
      bot,
      dir,
      indexPath,
      stop: async () => {
        await stopChild(running);
        await bot.server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await stopChild(child);
    await bot.server.close();
    throw error;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
