import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askCommand } from '../../../src/cli/ask.js';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { EXIT, runCommand } from '../../../src/cli/cli-io.js';
import { loadConfig } from '../../../src/config.js';
import { KNOWLEDGE_DIR, SHARED_INDEX_PATH, sharedKnowledgeBase } from '../answers/shared-knowledge-base.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function ask(...args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    config: () => loadConfig({ KNOWLEDGE_DIR, INDEX_PATH: SHARED_INDEX_PATH, SEMANTIC_SEARCH: 'false', TODAY: '2026-01-15' }),
  };
  const code = await runCommand(askCommand, args, io);
  return { code, out, err };
}

let dir: string;
beforeAll(async () => {
  await sharedKnowledgeBase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'send-ask-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ask --json --batch', () => {
  it('prints one JSON line per question, in order, with the contract\'s fields only', async () => {
    const file = path.join(dir, 'questions.jsonl');
    await writeFile(
      file,
      [
        { id: 'a', trust: 'drb-ignite', question: 'how long does the LA have to issue the final EHCP?', kind: 'factual', gold: [] },
        { id: 'b', trust: 'southport', question: 'is there a staff car park permit?' },
        { id: 'c', trust: 'mosaic', question: 'is every teacher a teacher of SEND?' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const run = await ask('--json', '--batch', file);
    expect(run.code).toBe(EXIT.ok);
    const lines = run.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 'c']);
    for (const line of lines) expect(Object.keys(line).sort()).toEqual(['answered', 'citations', 'id', 'trust']);
    expect(lines[1]).toEqual({ id: 'b', trust: 'southport', answered: false, citations: [] });
    const citation = (lines[0]?.citations as Record<string, unknown>[])[0];
    expect(Object.keys(citation ?? {}).sort()).toEqual(['document', 'heading', 'quote', 'text', 'trust']);
    expect(citation).toMatchObject({ trust: 'drb-ignite', heading: expect.stringContaining('Statutory Assessment') as unknown });
    expect(String(citation?.text)).toContain(String(citation?.quote));
  });

  it('fails naming an unknown trust before answering anything', async () => {
    const file = path.join(dir, 'unknown.jsonl');
    await writeFile(file, `${JSON.stringify({ id: 'x', trust: 'atlantis', question: 'who is the SENCO?' })}\n`);
    const run = await ask('--json', '--batch', file);
    expect(run.code).toBe(EXIT.failed);
    expect(run.out).toBe('');
    expect(run.err).toMatch(/TRUST_UNKNOWN: "atlantis"/);
  });

  it('names the file and line of a malformed question', async () => {
    const file = path.join(dir, 'bad.jsonl');
    await writeFile(file, `${JSON.stringify({ id: 'x', trust: 'mosaic', question: 'ok?' })}\n{"id": "y"}\n`);
    const run = await ask('--json', '--batch', file);
    expect(run.code).toBe(EXIT.usage);
    expect(run.err).toMatch(/bad\.jsonl:2: trust/);
  });
});

describe('ask', () => {
  it('prints one JSON line for one question with --json', async () => {
    const run = await ask('--json', '--trust', 'aspire', 'how', 'much', 'notice', 'before', 'an', 'annual', 'review?');
    expect(run.code).toBe(EXIT.ok);
    expect(run.out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.out)).toMatchObject({ trust: 'aspire', answered: true });
  });

  it('answers a person with the quote, heading path, policy and a review warning', async () => {
    const run = await ask('--trust', 'drb-ignite', 'where can parents find the Dudley local offer?');
    expect(run.code).toBe(EXIT.ok);
    expect(run.out).toContain('www.dudley.gov.uk');
    expect(run.out).toContain('Further information for supporting pupils and families');
    expect(run.out).toContain('drb Ignite Multi Academy Trust SEND Policy');
    expect(run.out).toMatch(/due for review on 2024-10-01/);
  });

  it('tells a person when the policy does not cover the question', async () => {
    const run = await ask('--trust', 'mosaic', 'when is the staff flu jab deadline?');
    expect(run.out).toMatch(/does not cover/);
  });

  it('refuses an unknown trust, naming it, and a missing question or trust', async () => {
    expect((await ask('--trust', 'atlantis', 'who is the SENCO?')).err).toMatch(/TRUST_UNKNOWN: "atlantis"/);
    expect((await ask('--trust', 'mosaic')).code).toBe(EXIT.usage);
    expect((await ask('who is the SENCO?')).err).toMatch(/--trust is required/);
    expect((await ask('--batch', 'x.jsonl')).err).toMatch(/--batch needs --json/);
  });
});
