import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonAnswer } from '../../../src/answers/batch.js';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { EXIT, runCommand } from '../../../src/cli/cli-io.js';
import { evalCommand, hitRank, score, type EvalItem } from '../../../src/cli/eval.js';
import { loadConfig } from '../../../src/config.js';
import { KNOWLEDGE_DIR, SHARED_INDEX_PATH, sharedKnowledgeBase } from '../answers/shared-knowledge-base.js';

const item: EvalItem = { id: 'q', trust: 'mosaic', question: 'x', gold: ['Every teacher is a teacher of SEND'], kind: 'typo' };
const cite = (trust: string, text: string) => ({ trust, document: 'd', heading: 'h', text, quote: text.slice(0, 10) });

describe('scoring', () => {
  it('counts a hit by gold phrase containment after normalisation', () => {
    const answer: JsonAnswer = { id: 'q', trust: 'mosaic', answered: true, citations: [cite('mosaic', 'Other.'), cite('mosaic', '**Every   teacher is a teacher of SEND.**')] };
    expect(hitRank(item, answer)).toBe(1);
    expect(score([{ item, answer }])).toMatchObject({ hit1: 0, hit3: 1, mrr: 0.5 });
  });

  it('ignores passages of another trust and passages over 3,000 characters', () => {
    const long = `Every teacher is a teacher of SEND. ${'x'.repeat(3000)}`;
    const answer: JsonAnswer = { id: 'q', trust: 'mosaic', answered: true, citations: [cite('aspire', 'Every teacher is a teacher of SEND'), cite('mosaic', long)] };
    expect(hitRank(item, answer)).toBe(-1);
  });

  it('scores abstention on out-of-scope questions and false abstention on answerable ones', () => {
    const oos: EvalItem = { ...item, gold: [], kind: 'out-of-scope' };
    const none: JsonAnswer = { id: 'q', trust: 'mosaic', answered: false, citations: [] };
    expect(score([{ item: oos, answer: none }, { item, answer: none }])).toMatchObject({ abstainable: 1, abstained: 1, answerable: 1, falseAbstentions: 1 });
  });
});

describe('npm run eval', () => {
  let dir: string;
  beforeAll(async () => {
    await sharedKnowledgeBase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'send-eval-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints hit@1, hit@3, MRR, abstention and false abstention, overall and per kind', async () => {
    const file = path.join(dir, 'set.jsonl');
    await writeFile(
      file,
      [
        { id: 'a', trust: 'mosaic', question: 'is it in our policy that every teacher is a teacher of SEND?', gold: ['Every teacher is a teacher of SEND'], kind: 'typo' },
        { id: 'b', trust: 'aspire', question: 'how do I book a day of unpaid leave?', gold: [], kind: 'out-of-scope' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    let out = '';
    const io: CliIo = {
      out: (t) => (out += t),
      err: () => undefined,
      config: () => loadConfig({ KNOWLEDGE_DIR, INDEX_PATH: SHARED_INDEX_PATH, SEMANTIC_SEARCH: 'false' }),
    };
    expect(await runCommand(evalCommand, ['--file', file], io)).toBe(EXIT.ok);
    expect(out).toMatch(/group\s+n\s+hit@1\s+hit@3\s+MRR\s+abstain\s+false-abstain/);
    expect(out).toMatch(/overall\s+2\s+1\.00\s+1\.00\s+1\.00\s+1\.00\s+0\.00/);
    expect(out).toMatch(/out-of-scope\s+1/);
    expect(out).toMatch(/p50 [\d.]+ ms, p95 [\d.]+ ms/);
  });

  it('lists with --verbose each miss and where its passage was cited, counting from one', async () => {
    const file = path.join(dir, 'misses.jsonl');
    const lines = [
      { id: 'hit', trust: 'mosaic', question: 'is it in our policy that every teacher is a teacher of SEND?', gold: ['Every teacher is a teacher of SEND'], kind: 'role' },
      { id: 'gone', trust: 'mosaic', question: 'is every teacher a teacher of SEND?', gold: ['a phrase the policy never uses'], kind: 'role' },
      { id: 'leave', trust: 'aspire', question: 'is every teacher a teacher of SEND?', gold: [], kind: 'out-of-scope' },
    ];
    await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    let out = '';
    const io: CliIo = { out: (t) => (out += t), err: () => undefined, config: () => loadConfig({ KNOWLEDGE_DIR, INDEX_PATH: SHARED_INDEX_PATH, SEMANTIC_SEARCH: 'false' }) };
    expect(await runCommand(evalCommand, ['--file', file, '--verbose'], io)).toBe(EXIT.ok);
    const misses = out.slice(out.indexOf('misses ('));
    expect(misses).not.toContain('  hit ');
    expect(misses).toMatch(/ {2}gone \[role\] not cited, top "/);
    expect(misses).toMatch(/ {2}leave \[out-of-scope\] answered, top "/);
  });
});
