/**
 * The server as a real process (`node --import tsx bot/main.ts`): SIGHUP reloads
 * the knowledge (a corrupt policy is reported and the old knowledge keeps
 * answering), and SIGTERM stops accepting, finishes the request in flight, flushes
 * the logs and exits 0.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { message } from '../bot/helpers/conversation.js';
import { copyKnowledge } from '../helpers/knowledge-copy.js';
import type { KnowledgeCopy } from '../helpers/knowledge-copy.js';
import { repliesOf } from '../helpers/test-server.js';

const NODE = path.join(projectRoot, 'node_modules', '.bin', 'node');

function question(text = 'What is the graduated approach?') {
  return JSON.stringify({ ...message(text), deliveryMode: 'expectReplies' });
}

/** Resolve when a log line matching `test` appears (or fail after `ms`). */
function waitForLine(lines: string[], child: ChildProcess, test: (line: string) => boolean, ms = 90_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const found = lines.find(test);
      if (found) return resolve(found);
      if (child.exitCode !== null) return reject(new Error(`the server exited (${child.exitCode}) first:\n${lines.join('\n')}`));
      if (Date.now() - started > ms) return reject(new Error(`no such log line within ${ms} ms:\n${lines.join('\n')}`));
      setTimeout(check, 50);
    };
    check();
  });
}

describe('the server process', () => {
  let copy: KnowledgeCopy;
  let child: ChildProcess;
  const lines: string[] = [];
  let url = '';

  beforeAll(async () => {
    copy = copyKnowledge();
    child = spawn(NODE, ['--import', 'tsx', 'bot/main.ts'], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        PORT: '0',
        LOG_LEVEL: 'info',
        KNOWLEDGE_DIR: copy.dir,
        INDEX_PATH: copy.indexPath,
        SEMANTIC_SEARCH: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const complete = text.split('\n');
      partial = complete.pop() ?? '';
      lines.push(...complete.filter((l) => l.trim() !== ''));
    });
    child.stderr?.on('data', (chunk: Buffer) => lines.push(`stderr: ${chunk.toString()}`));
    const listening = await waitForLine(lines, child, (l) => l.includes('"msg":"listening"'));
    url = /"url":"(http:\/\/[^"]+)"/.exec(listening)?.[1] ?? '';
    await waitForLine(lines, child, (l) => l.includes('"msg":"bot ready"'));
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    copy.remove();
  });

  const ask = async () => {
    const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: question() });
    return { status: response.status, cards: repliesOf(await response.json()).flatMap((r) => r.attachments ?? []) };
  };

  it('reloads on SIGHUP, reporting a corrupt policy by file and answering from the previous knowledge', async () => {
    expect((await ask()).cards).toHaveLength(1);
    copy.write('policies/southport.docx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(256, 1)]));
    copy.setPolicyFile('southport', 'policies/southport.docx');
    child.kill('SIGHUP');
    const failed = await waitForLine(lines, child, (l) => l.includes('"event":"knowledge-reload-failed"'));
    expect(failed).toContain('POLICY_CORRUPT');
    expect(failed).toContain('southport.docx');
    expect(child.exitCode).toBeNull();
    expect(await ask()).toMatchObject({ status: 200, cards: [expect.anything()] });
  });

  it('on SIGTERM finishes the request in flight, refuses new ones, flushes its logs and exits 0', async () => {
    const { port, hostname } = new URL(url);
    const body = question();
    const half = Math.floor(body.length / 2);
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: hostname, port, path: '/api/messages', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      // Half the body now; the rest after SIGTERM, so the request is in flight when the signal arrives.
      req.write(body.slice(0, half));
      setTimeout(() => {
        child.kill('SIGTERM');
        void waitForLine(lines, child, (l) => l.includes('"event":"shutdown"')).then(() => {
          req.end(body.slice(half));
        });
      }, 200);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(repliesOf(JSON.parse(answered.text)).flatMap((r) => r.attachments ?? [])).toHaveLength(1);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(await exited).toBe(0);
    expect(lines.some((l) => l.includes('"event":"shutdown"') && l.includes('"msg":"stopped"'))).toBe(true);
  });
});
