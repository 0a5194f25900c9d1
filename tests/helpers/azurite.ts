/**
 * Azurite's Blob service for tests: started from `node_modules` on a free
 * loopback port with its data in a temp folder, stopped and restarted on the same
 * port and folder (to test storage going away and coming back), removed at the end.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/config.js';

/** Azurite's documented development account: public, not a secret. */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const NODE = path.join(projectRoot, 'node_modules', '.bin', 'node');
const AZURITE_BLOB = path.join(projectRoot, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
/** Azurite can take a while to start on a busy two-core machine. */
const START_TIMEOUT_MS = 90_000;

/** A running (or stopped) Azurite Blob service. */
export interface Azurite {
  /** Connection string for the dev account on this instance's port. */
  connectionString: string;
  port: number;
  /** Stop the service (its data stays in the folder). */
  stop(): Promise<void>;
  /** Start it again on the same port and folder. */
  restart(): Promise<void>;
  /** Stop it and remove its folder. */
  dispose(): Promise<void>;
}

function launch(location: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    NODE,
    [AZURITE_BLOB, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', location, '--silent', '--skipApiVersionCheck', '--loose'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start within ${START_TIMEOUT_MS} ms: ${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (listening?.[1]) {
        clearTimeout(timer);
        child.stdout?.removeListener('data', onData);
        child.stdout?.resume();
        resolve({ child, port: Number(listening[1]) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${String(code)} before listening: ${output}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

/** Start Azurite's Blob service on a free port with data in a new temp folder. */
export async function startAzurite(): Promise<Azurite> {
  const location = mkdtempSync(path.join(tmpdir(), 'azurite-'));
  const started = await launch(location, 0);
  const port = started.port;
  let child = started.child;
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
  return {
    connectionString,
    port,
    stop: () => exited(child),
    async restart() {
      await exited(child);
      ({ child } = await launch(location, port));
    },
    async dispose() {
      await exited(child);
      rmSync(location, { recursive: true, force: true });
    },
  };
}
