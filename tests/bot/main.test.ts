import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../bot/main.js';
import type { StartedBot } from '../../bot/main.js';
import { createLogger } from '../../bot/logger.js';
import { loadConfig, projectRoot } from '../../src/config.js';
import { activitiesIn, cardsOf, message } from './helpers/conversation.js';
import { TEST_TODAY, openRealKnowledge, tempIndexPath } from './helpers/real-knowledge.js';

describe('the composition root', () => {
  let started: StartedBot;
  const logLines: string[] = [];
  beforeAll(async () => {
    const indexPath = tempIndexPath();
    await openRealKnowledge(indexPath);
    const config = loadConfig({ PORT: '0', SEMANTIC_SEARCH: 'false', INDEX_PATH: indexPath, TODAY: TEST_TODAY, LOG_LEVEL: 'info' });
    started = await main(config, createLogger(config.log, { write: (line: string) => void logLines.push(line) }));
    await started.ready;
  });
  afterAll(() => started.server.close());

  it('wires the knowledge, the guided dialogs and the handler behind /api/messages', async () => {
    expect((await fetch(`${started.server.url}/readyz`)).status).toBe(200);
    const response = await fetch(`${started.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...message('guided dialogs'), deliveryMode: 'expectReplies' }),
    });
    const body: unknown = await response.json();
    const [card] = cardsOf(activitiesIn(body));
    expect(card?.text).toContain('Guided dialogs');
    expect(card?.buttons.size).toBeGreaterThan(0);
    expect(logLines.some((l) => l.includes('"dialogs":true') && l.includes('bot ready'))).toBe(true);
  });

  it('logs that dev mode is unauthenticated and bound to loopback', () => {
    expect(started.server.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(logLines.some((l) => l.includes('dev mode: no app credentials'))).toBe(true);
  });
});

describe('npm start in production', () => {
  it('refuses to start without credentials, naming MicrosoftAppId', { timeout: 60_000 }, async () => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(path.join(projectRoot, 'node_modules', '.bin', 'tsx'), ['bot/main.ts'], {
        cwd: projectRoot,
        env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: '0' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit, stderr: err }));
    });
    expect(code).toBe(1);
    expect(stderr).toContain('CONFIG_INVALID: MicrosoftAppId is required when NODE_ENV is production');
  });
});
