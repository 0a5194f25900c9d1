/**
 * Server processes for the benchmarks: start one on a free loopback port, wait
 * until it answers, stop it. Only processes started here are ever stopped.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../src/config.js';

/** Node 22 from the project's own dependencies. */
export const NODE = path.join(projectRoot, 'node_modules', '.bin', 'node');

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A started server process. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** What the process wrote to stderr (and stdout when not ignored), for error messages. */
  output: () => string;
  /** Stop it (SIGTERM, then SIGKILL after 5 s) and wait for it to exit. */
  stop(): Promise<void>;
}

/** Options of {@link startProcess}. */
export interface StartOptions {
  /** Script and its arguments, run as `node --import tsx <args>` from the project root. */
  args: string[];
  /** Environment variables added to this process's. */
  env: Record<string, string>;
  port: number;
  /** Keep the process's stdout (default: discarded, like a log shipped elsewhere). */
  keepStdout?: boolean;
}

/** Start a TypeScript entry point as its own Node process. */
export function startProcess(options: StartOptions): ServerProcess {
  const child = spawn(NODE, ['--import', 'tsx', ...options.args], {
    cwd: projectRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.keepStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    child,
    url: `http://127.0.0.1:${options.port}`,
    output: () => output,
    stop: () => stopProcess(child),
  };
}

/** How to start the bot's own server for a benchmark. */
export interface BotProcessOptions {
  port: number;
  indexPath: string;
  knowledgeDir: string;
  semantic: boolean;
  logLevel: 'info' | 'warn';
  /** Extra environment (e.g. the question limits raised for a load run). */
  env?: Record<string, string>;
}

/** Start `bot/main.ts` in dev mode with memory state on `options.port`: the server as a benchmark runs it. */
export function startBotProcess(options: BotProcessOptions): ServerProcess {
  return startProcess({
    args: ['bot/main.ts'],
    port: options.port,
    env: {
      PORT: String(options.port),
      NODE_ENV: 'development',
      LOG_LEVEL: options.logLevel,
      SEMANTIC_SEARCH: String(options.semantic),
      STATE_STORAGE: 'memory',
      INDEX_PATH: options.indexPath,
      KNOWLEDGE_DIR: options.knowledgeDir,
      ...options.env,
    },
  });
}

/** Stop `child` and wait for it to exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Poll `url` every `intervalMs` until it answers 200; resolves with the time it
 * took from `since` (a `performance.now()` reading). Rejects when the process
 * exits first or `timeoutMs` passes.
 */
export async function waitUntilOk(url: string, server: ServerProcess, since: number, options: { timeoutMs: number; intervalMs?: number }): Promise<number> {
  const interval = options.intervalMs ?? 10;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`${url}: the process exited with ${server.child.exitCode} before answering: ${server.output().slice(-2_000)}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - since > options.timeoutMs) throw new Error(`${url}: no 200 within ${options.timeoutMs} ms: ${server.output().slice(-2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
