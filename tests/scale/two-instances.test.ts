/**
 * Scaling out: two real server processes (`bot/main.ts`) sharing Blob state (on
 * Azurite) and one index artifact built beforehand carry one person's guided
 * dialog between them, as instances behind Azure Bot Service do.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess, waitUntilOk } from '../../bench/lib/server-process.js';
import type { ServerProcess } from '../../bench/lib/server-process.js';
import { buttonData, cardTitle, onlyCard } from '../bot/dialogs/dialog-harness.js';
import { activitiesIn, cardsOf, message, submit } from '../bot/helpers/conversation.js';
import { TEST_TODAY, openRealKnowledge } from '../bot/helpers/real-knowledge.js';
import { startAzurite } from '../helpers/azurite.js';
import type { Azurite } from '../helpers/azurite.js';

/** How long a server process may take to listen and load the artifact on a busy two-core machine. */
const START_TIMEOUT_MS = 180_000;

/** The listening URL from a server's `listening` log line (it was started on port 0). */
async function listeningUrl(server: ServerProcess): Promise<string> {
  const started = performance.now();
  for (;;) {
    const found = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(server.output());
    if (found?.[1]) return found[1];
    if (server.child.exitCode !== null) throw new Error(`the server exited with ${server.child.exitCode}: ${server.output().slice(-2_000)}`);
    if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`the server did not listen: ${server.output().slice(-2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two server instances on shared Blob state', () => {
  let azurite: Azurite | undefined;
  let work: string;
  const servers: ServerProcess[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'send-scale-out-'));
    const indexPath = path.join(work, 'index.json');
    // Built once and shared, as a deployment ships it: neither instance parses a policy.
    const [storage] = await Promise.all([startAzurite(), openRealKnowledge(indexPath)]);
    azurite = storage;
    for (let i = 0; i < 2; i++) {
      servers.push(
        startProcess({
          args: ['bot/main.ts'],
          port: 0,
          keepStdout: true,
          env: {
            NODE_ENV: 'development',
            PORT: '0',
            LOG_LEVEL: 'info',
            SEMANTIC_SEARCH: 'false',
            INDEX_PATH: indexPath,
            TODAY: TEST_TODAY,
            STATE_STORAGE: 'blob',
            BLOB_CONNECTION_STRING: storage.connectionString,
            BLOB_CONTAINER: 'scale-out-state',
          },
        }),
      );
    }
    for (const server of servers) {
      const url = await listeningUrl(server);
      await waitUntilOk(`${url}/readyz`, server, performance.now(), { timeoutMs: START_TIMEOUT_MS, intervalMs: 100 });
      urls.push(url);
    }
  }, 2 * START_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await azurite?.dispose();
    await rm(work, { recursive: true, force: true });
  }, 60_000);

  async function send(url: string, activity: Record<string, unknown>) {
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...activity, deliveryMode: 'expectReplies' }),
    });
    expect(response.status).toBe(200);
    return { cards: cardsOf(activitiesIn(await response.json())) };
  }

  it('continues a guided dialog started on one instance on the other, and back', { timeout: 60_000 }, async () => {
    const [a, b] = urls;
    if (!a || !b) throw new Error('the servers did not start');
    expect(a).not.toBe(b);
    const where = { conversationId: 'a:scale-out-personal-1' };

    let card = onlyCard(await send(a, message('next step', where)));
    expect(cardTitle(card)).toBe('Where is the pupil now?');

    card = onlyCard(await send(b, submit(buttonData(card, 'On SEN support (assess, plan, do, review)'), where)));
    expect(cardTitle(card)).toBe('How is the current cycle going?');

    card = onlyCard(await send(a, submit(buttonData(card, 'Outcomes met, may not need SEN support'), where)));
    expect(cardTitle(card)).toBe('Next: agree whether the pupil leaves SEN support');
  });

  it('loads the shipped artifact on both instances instead of building it', () => {
    for (const server of servers) {
      expect(server.output()).toContain('"event":"knowledge-loaded"');
      // A missing or stale artifact is reported as a knowledge notice before it is rebuilt.
      expect(server.output()).not.toContain('"event":"knowledge"');
    }
  });
});
