import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase } from '../../../src/answers/knowledge-base.js';
import { fixedClock } from '../../../src/clock.js';
import { isAssistantError } from '../../../src/errors.js';
import { buildArtifact, INDEX_FORMAT_VERSION, readArtifact, writeArtifact } from '../../../src/search/artifact.js';
import { KNOWLEDGE_DIR } from '../answers/shared-knowledge-base.js';

let dir: string;
let knowledge: string;
let indexPath: string;
const clock = fixedClock('2026-01-15');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'send-index-'));
  knowledge = path.join(dir, 'knowledge');
  await cp(KNOWLEDGE_DIR, knowledge, { recursive: true });
  indexPath = path.join(dir, 'build', 'index.json');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the index artifact', () => {
  it('is built when missing, with its format version, source hashes, sections and indexes', async () => {
    const kb = await openKnowledgeBase({ dir: knowledge, indexPath, semantic: false, clock });
    expect(kb.rebuilt).toBe(true);
    const artifact = await readArtifact(indexPath);
    expect(artifact?.formatVersion).toBe(INDEX_FORMAT_VERSION);
    expect(Object.keys(artifact?.sources ?? {})).toEqual(expect.arrayContaining(['trusts.json', 'glossary.json', 'policies/southport.md']));
    expect(Object.keys(artifact?.indexes ?? {})).toEqual(['southport', 'drb-ignite', 'aspire', 'leading-learners', 'mosaic']);
    expect(artifact?.sections.length).toBeGreaterThan(100);
    expect(artifact?.embeddings).toBeUndefined();
  });

  it('is loaded as it is when fresh, without rebuilding', async () => {
    const notices: string[] = [];
    const kb = await openKnowledgeBase({ dir: knowledge, indexPath, semantic: false, clock, onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([]);
    expect(kb.rebuilt).toBe(false);
    expect((await kb.answerer.answer('mosaic', 'is every teacher a teacher of SEND?')).answered).toBe(true);
  });

  it('is rebuilt when a policy or the glossary changes', async () => {
    const policy = path.join(knowledge, 'policies', 'leading-learners.txt');
    await writeFile(policy, `${await readFile(policy, 'utf8')}\n11.0 Transport\n11.1 Pupils with SEND may be eligible for home to school transport arranged by the local authority.\n`);
    const kb = await openKnowledgeBase({ dir: knowledge, indexPath, semantic: false, clock });
    expect(kb.rebuilt).toBe(true);
    const answer = await kb.answerer.answer('leading-learners', 'does our policy cover home to school transport?');
    expect(answer.citations[0]?.quote).toContain('home to school transport');

    const glossary = path.join(knowledge, 'glossary.json');
    await writeFile(glossary, (await readFile(glossary, 'utf8')).replace('"SENDIASS"', '"SENDIASS", "parent support service"'));
    expect((await openKnowledgeBase({ dir: knowledge, indexPath, semantic: false, clock })).rebuilt).toBe(true);
  });

  it('is rebuilt when it has another format version, and refused by readArtifact', async () => {
    const artifact = await readArtifact(indexPath);
    await writeFile(indexPath, JSON.stringify({ ...artifact, formatVersion: INDEX_FORMAT_VERSION + 1 }));
    const error: unknown = await readArtifact(indexPath).catch((e: unknown) => e);
    expect(isAssistantError(error, 'INDEX_INVALID')).toBe(true);
    expect(String(error)).toContain(`format version ${INDEX_FORMAT_VERSION + 1}`);
    expect((await openKnowledgeBase({ dir: knowledge, indexPath, semantic: false, clock })).rebuilt).toBe(true);
  });

  it('is replaced atomically: a failed write leaves the good artifact in place', async () => {
    const good = await readFile(indexPath, 'utf8');
    const artifact = await buildArtifact(knowledge);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(writeArtifact(indexPath, { ...artifact, sources: circular as unknown as Record<string, string> })).rejects.toThrow();
    expect(await readFile(indexPath, 'utf8')).toBe(good);
  });

  it('reports a policy it cannot build from, naming the file, and keeps the old artifact', async () => {
    const good = await readFile(indexPath, 'utf8');
    await writeFile(path.join(knowledge, 'policies', 'mosaic.md'), '   \n');
    const error: unknown = await openKnowledgeBase({ dir: knowledge, indexPath, semantic: false, clock }).catch((e: unknown) => e);
    expect(isAssistantError(error)).toBe(true);
    expect(String(error)).toContain('mosaic.md');
    expect(await readFile(indexPath, 'utf8')).toBe(good);
  });
});
