import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage, StoreItems } from 'botbuilder';
import { actionData } from '../../bot/cards/card-actions.js';
import { createLogger } from '../../bot/logger.js';
import { createStorage } from '../../bot/storage.js';
import { projectRoot } from '../../src/config.js';
import { cardsOf, harness, installed, message, submit } from './helpers/conversation.js';
import { SHARED_TENANT } from './helpers/fake-knowledge.js';

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'info', messageText: false }, { write: (line: string) => void lines.push(line) }) };
}

describe('state storage', () => {
  it('warns that memory state is single-instance in production', () => {
    const production = capture();
    createStorage({ kind: 'memory' }, { env: 'production', logger: production.logger });
    expect(production.lines.join('\n')).toContain('run a single instance only');
    const development = capture();
    createStorage({ kind: 'memory' }, { env: 'development', logger: development.logger });
    expect(development.lines).toEqual([]);
  });
});

/** Blob storage that also keeps a copy of what it writes. */
function recording(storage: Storage, written: string[]): Storage {
  return {
    read: (keys) => storage.read(keys),
    delete: (keys) => storage.delete(keys),
    write: async (changes: StoreItems) => {
      written.push(JSON.stringify(changes));
      await storage.write(changes);
    },
  };
}

describe('state in Azure Blob Storage (Azurite)', () => {
  let azurite: ChildProcess | undefined;
  let connectionString = '';
  beforeAll(async () => {
    const child = spawn(path.join(projectRoot, 'node_modules', '.bin', 'azurite-blob'), ['--blobPort', '0', '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck'], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    azurite = child;
    const port = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (found?.[1]) resolve(found[1]);
      });
      child.once('exit', (code) => reject(new Error(`azurite exited with ${String(code)}: ${out}`)));
    });
    connectionString =
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
      'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
      `BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
  });
  afterAll(() => {
    azurite?.kill('SIGTERM');
  });

  it('shares the trust choice and the welcome between two instances, storing no message text', async () => {
    const { logger } = capture();
    const written: string[] = [];
    const blob = () => recording(createStorage({ kind: 'blob', container: 'bot-state', connectionString }, { env: 'production', logger }), written);
    const first = harness({ storage: blob() });
    const second = harness({ storage: blob() });

    expect(cardsOf(await first.send(installed({ tenant: SHARED_TENANT }))).length).toBeGreaterThan(0);
    expect(await second.send(installed({ tenant: SHARED_TENANT }))).toEqual([]);

    await first.send(submit(actionData({ action: 'chooseTrust', trust: 'mosaic' }), { tenant: SHARED_TENANT }));
    const [card] = cardsOf(await second.send(message('What are the roles of the SENCO for Jamie?', { tenant: SHARED_TENANT })));
    expect(card?.text).toContain("From Mosaic Schools Learning Trust's SEND policy");

    expect(written.length).toBeGreaterThan(0);
    expect(written.join('\n')).not.toContain('Jamie');
  });
});
