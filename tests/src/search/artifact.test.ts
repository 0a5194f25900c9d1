import { cp, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase } from '../../../src/answers/knowledge-base.js';
import { fixedClock } from '../../../src/clock.js';
import { isAssistantError } from '../../../src/errors.js';
import { buildArtifact, copyArtifact, INDEX_FORMAT_VERSION, readManifest, trustFolder, UNLISTED_FILE_GRACE_MS, writeArtifact, type IndexManifest } from '../../../src/search/artifact.js';
import { KNOWLEDGE_DIR } from '../answers/shared-knowledge-base.js';

let dir: string;
let knowledge: string;
let indexPath: string;
const clock = fixedClock('2026-01-15');
const TRUSTS = ['southport', 'drb-ignite', 'aspire', 'leading-learners', 'mosaic'];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'send-index-'));
  knowledge = path.join(dir, 'knowledge');
  await cp(KNOWLEDGE_DIR, knowledge, { recursive: true });
  indexPath = path.join(dir, 'build', 'index.json');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function manifest(): Promise<IndexManifest> {
  const m = await readManifest(indexPath);
  if (!m) throw new Error(`no manifest at ${indexPath}`);
  return m;
}

const trustFiles = async () => (await readdir(trustFolder(indexPath))).sort();
/** Make every trust file look written longer ago than the grace period. */
const ageTrustFiles = async () => {
  const old = new Date(Date.now() - UNLISTED_FILE_GRACE_MS - 60_000);
  for (const name of await trustFiles()) await utimes(path.join(trustFolder(indexPath), name), old, old);
};
const open = (onNotice?: (m: string) => void) => openKnowledgeBase({ dir: knowledge, indexPath, semantic: false, clock, ...(onNotice ? { onNotice } : {}) });

describe('the index artifact', () => {
  it('is built when missing: a manifest with its format version and source hashes, and one file per trust beside it', async () => {
    const kb = await open();
    expect(kb.rebuilt).toBe(true);
    const m = await manifest();
    expect(m.formatVersion).toBe(INDEX_FORMAT_VERSION);
    expect(Object.keys(m.sources)).toEqual(expect.arrayContaining(['trusts.json', 'glossary.json', 'policies/southport.md']));
    expect(Object.keys(m.trustFiles)).toEqual(TRUSTS);
    expect(m.semantic).toBe(false);
    expect(m.documents.reduce((n, d) => n + d.sections, 0)).toBeGreaterThan(100);
    expect(await trustFiles()).toEqual(Object.values(m.trustFiles).map((f) => f.file).sort());
    for (const f of Object.values(m.trustFiles)) expect(f.file).toMatch(/^[a-z-]+\.[0-9a-f]{16}\.json$/);
  });

  it('is loaded as it is when fresh, without rebuilding, and each trust only when it is first asked about', async () => {
    const notices: string[] = [];
    const kb = await open((m) => notices.push(m));
    expect(notices).toEqual([]);
    expect(kb.rebuilt).toBe(false);
    expect(kb.loadedTrusts).toBe(0);
    expect(kb.policies('southport')).toHaveLength(1);
    expect(kb.loadedTrusts).toBe(0);
    expect((await kb.answerer.answer('mosaic', 'is every teacher a teacher of SEND?')).answered).toBe(true);
    expect(kb.loadedTrusts).toBe(1);
    await kb.answerer.answer('mosaic', 'who is the SENCO?');
    expect(kb.loadedTrusts).toBe(1);
  });

  it('finds a section of a trust not asked about yet, loading that trust', async () => {
    const kb = await open();
    const id = `aspire/${(await manifest()).documents.find((d) => d.trust === 'aspire')?.file.replace(/^policies\//, '').replace(/\.[a-z]+$/, '')}/3`;
    expect(kb.section(id)?.trust).toBe('aspire');
    expect(kb.loadedTrusts).toBe(1);
    expect(kb.section('atlantis/policy/0')).toBeUndefined();
    expect(kb.section('no-slash')).toBeUndefined();
  });

  it('is rebuilt when a policy or the glossary changes, rewriting only the changed trust\'s file', async () => {
    const before = await manifest();
    const policy = path.join(knowledge, 'policies', 'leading-learners.txt');
    await writeFile(policy, `${await readFile(policy, 'utf8')}\n11.0 Transport\n11.1 Pupils with SEND may be eligible for home to school transport arranged by the local authority.\n`);
    const kb = await open();
    expect(kb.rebuilt).toBe(true);
    const after = await manifest();
    expect(after.trustFiles['leading-learners']?.file).not.toBe(before.trustFiles['leading-learners']?.file);
    expect(after.trustFiles.southport?.file).toBe(before.trustFiles.southport?.file);
    const answer = await kb.answerer.answer('leading-learners', 'does our policy cover home to school transport?');
    expect(answer.citations[0]?.quote).toContain('home to school transport');

    const glossary = path.join(knowledge, 'glossary.json');
    await writeFile(glossary, (await readFile(glossary, 'utf8')).replace('"SENDIASS"', '"SENDIASS", "parent support service"'));
    expect((await open()).rebuilt).toBe(true);
  });

  it('keeps the files of the artifact it replaced, for a process still serving it, and removes older ones once unused for the grace period', async () => {
    const served = await open();
    const servedFiles = Object.values((await manifest()).trustFiles).map((f) => f.file);
    const policy = path.join(knowledge, 'policies', 'mosaic.md');
    const original = await readFile(policy, 'utf8');
    await writeFile(policy, `${original}\n\n## Swimming\n\nPupils with SEND are supported in swimming lessons by a named adult.\n`);
    expect((await open()).rebuilt).toBe(true);
    // The process that opened the replaced artifact still loads mosaic from its own file, and answers as before.
    expect((await served.answerer.answer('mosaic', 'swimming lessons support')).citations.map((c) => c.text).join(' ')).not.toContain('Swimming');
    await writeFile(policy, `${original}\n\n## Trips\n\nPupils with SEND take part in every school trip.\n`);
    await ageTrustFiles();
    expect((await open()).rebuilt).toBe(true);
    const current = Object.values((await manifest()).trustFiles).map((f) => f.file);
    const files = await trustFiles();
    expect(files).toEqual(expect.arrayContaining(current));
    expect(files.length).toBe(current.length + 1);
    expect(files).not.toContain(servedFiles.find((f) => f.startsWith('mosaic.')));
  });

  it('leaves alone a file another build has just written, before its manifest is there, and marks the files it reuses as written now', async () => {
    const m = await manifest();
    const southport = path.join(trustFolder(indexPath), m.trustFiles.southport?.file ?? '');
    const besideBuild = path.join(trustFolder(indexPath), 'mosaic.00000000000000aa.json');
    await ageTrustFiles();
    await writeFile(besideBuild, await readFile(southport, 'utf8'));
    const policy = path.join(knowledge, 'policies', 'aspire.txt');
    await writeFile(policy, `${await readFile(policy, 'utf8')}\nPupils with SEND are welcome at breakfast club.\n`);
    expect((await open()).rebuilt).toBe(true);
    expect(await trustFiles()).toContain('mosaic.00000000000000aa.json');
    // Southport's file was reused unchanged: it now counts as written by this build.
    expect((await manifest()).trustFiles.southport?.file).toBe(path.basename(southport));
    expect((await stat(southport)).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    await ageTrustFiles();
    await writeFile(policy, `${await readFile(policy, 'utf8')}\nPupils with SEND are welcome at after-school club.\n`);
    expect((await open()).rebuilt).toBe(true);
    expect(await trustFiles()).not.toContain('mosaic.00000000000000aa.json');
  });

  it('is copied whole, manifest and trust files, and the copy opens without a rebuild', async () => {
    const copy = path.join(dir, 'elsewhere', 'copy.json');
    await copyArtifact(indexPath, copy);
    const kb = await openKnowledgeBase({ dir: knowledge, indexPath: copy, semantic: false, clock });
    expect(kb.rebuilt).toBe(false);
    expect((await kb.answerer.answer('southport', 'who is the SENCO?')).answered).toBe(true);
    await expect(copyArtifact(path.join(dir, 'nothing.json'), copy)).rejects.toThrow(/no index artifact/);
  });

  it('serves the index it built when it cannot save it, saying so', async () => {
    const blocked = path.join(dir, 'not-a-folder');
    await writeFile(blocked, '');
    const notices: string[] = [];
    const kb = await openKnowledgeBase({ dir: knowledge, indexPath: path.join(blocked, 'index.json'), semantic: false, clock, onNotice: (n) => notices.push(n) });
    expect(kb.rebuilt).toBe(true);
    expect(notices.join('\n')).toContain('could not save the index');
    expect((await kb.answerer.answer('drb-ignite', 'who is the SENCO?')).answered).toBe(true);
    expect(kb.section(kb.documents.find((d) => d.trust === 'aspire')?.sections[2]?.id ?? '')?.trust).toBe('aspire');
  });

  it('is rebuilt when a trust file is missing or cut short', async () => {
    const m = await manifest();
    const southport = path.join(trustFolder(indexPath), m.trustFiles.southport?.file ?? '');
    await rm(southport);
    const notices: string[] = [];
    expect((await open((n) => notices.push(n))).rebuilt).toBe(true);
    expect(notices.join('\n')).toContain(`${southport} is missing`);
    await writeFile(southport, (await readFile(southport, 'utf8')).slice(0, 1000));
    expect((await open()).rebuilt).toBe(true);
  });

  it('refuses a trust file that is not the one the manifest lists, naming it, when the trust is first asked about', async () => {
    const kb = await open();
    const file = path.join(trustFolder(indexPath), (await manifest()).trustFiles.aspire?.file ?? '');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"ownsHeading":true', '"ownsHeading":1'));
    const error: unknown = await kb.answerer.answer('aspire', 'who is the SENCO?').catch((e: unknown) => e);
    expect(isAssistantError(error, 'INDEX_INVALID')).toBe(true);
    expect(String(error)).toContain(file);
    expect(String(error)).toContain('SHA-256');
    await writeFile(file, text);
  });

  it('is rebuilt when it has another format version, and refused by readManifest', async () => {
    const m = await manifest();
    await writeFile(indexPath, JSON.stringify({ ...m, formatVersion: INDEX_FORMAT_VERSION + 1 }));
    const error: unknown = await readManifest(indexPath).catch((e: unknown) => e);
    expect(isAssistantError(error, 'INDEX_INVALID')).toBe(true);
    expect(String(error)).toContain(`format version ${INDEX_FORMAT_VERSION + 1}`);
    expect((await open()).rebuilt).toBe(true);
  });

  it('names the field of a manifest that is not valid', async () => {
    const good = await readFile(indexPath, 'utf8');
    const m = await manifest();
    await writeFile(indexPath, JSON.stringify({ ...m, trustFiles: { ...m.trustFiles, southport: { ...m.trustFiles.southport, file: '../../etc/passwd' } } }));
    const error: unknown = await readManifest(indexPath).catch((e: unknown) => e);
    expect(isAssistantError(error, 'INDEX_INVALID')).toBe(true);
    expect(String(error)).toContain('trustFiles.southport.file');
    await writeFile(indexPath, good);
  });

  it('is replaced atomically: a failed write leaves the good artifact in place', async () => {
    const good = await readFile(indexPath, 'utf8');
    const artifact = await buildArtifact(knowledge);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(writeArtifact(indexPath, { ...artifact, manifest: { ...artifact.manifest, sources: circular as unknown as Record<string, string> } })).rejects.toThrow();
    expect(await readFile(indexPath, 'utf8')).toBe(good);
    expect((await open()).rebuilt).toBe(false);
  });

  it('reports a policy it cannot build from, naming the file, and keeps the old artifact', async () => {
    const good = await readFile(indexPath, 'utf8');
    await writeFile(path.join(knowledge, 'policies', 'mosaic.md'), '   \n');
    const error: unknown = await open().catch((e: unknown) => e);
    expect(isAssistantError(error)).toBe(true);
    expect(String(error)).toContain('mosaic.md');
    expect(await readFile(indexPath, 'utf8')).toBe(good);
  });
});
