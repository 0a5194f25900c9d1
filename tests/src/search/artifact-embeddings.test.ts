import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openKnowledgeBase } from '../../../src/answers/knowledge-base.js';
import { fixedClock } from '../../../src/clock.js';
import type { TrustShard } from '../../../src/search/artifact-shard.js';
import { readManifest, trustFolder } from '../../../src/search/artifact.js';
import { EMBEDDING_DIMENSIONS, packVectors, unit, unpackVectors, type SentenceEncoder } from '../../../src/search/semantic.js';
import { KNOWLEDGE_DIR } from '../answers/shared-knowledge-base.js';

let dir: string;
let knowledge: string;
let indexPath: string;
const clock = fixedClock('2026-01-15');

/** A stand-in for the model that counts the texts it embeds: each text's vector comes from its hash. */
function countingEncoder(): SentenceEncoder & { embedded: number } {
  const encoder = {
    embedded: 0,
    embed(texts: readonly string[]) {
      encoder.embedded += texts.length;
      return Promise.resolve(
        texts.map((text) => {
          const bytes = createHash('sha512').update(text).digest();
          return unit(Float32Array.from({ length: EMBEDDING_DIMENSIONS }, (_, d) => (bytes[d % bytes.length] ?? 0) - 127.5 + d / EMBEDDING_DIMENSIONS));
        }),
      );
    },
  };
  return encoder;
}

const open = (encoder: SentenceEncoder | undefined) => openKnowledgeBase({ dir: knowledge, indexPath, semantic: encoder !== undefined, clock, ...(encoder ? { encoder } : {}) });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'send-index-embeddings-'));
  knowledge = path.join(dir, 'knowledge');
  await cp(KNOWLEDGE_DIR, knowledge, { recursive: true });
  indexPath = path.join(dir, 'build', 'index.json');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the index artifact with the semantic stage', () => {
  let first = 0;

  it('holds each trust\'s section and sentence vectors in that trust\'s file, loaded with the trust', async () => {
    const encoder = countingEncoder();
    const kb = await open(encoder);
    expect(kb.rebuilt).toBe(true);
    first = encoder.embedded;
    expect(first).toBeGreaterThan(500);
    const manifest = await readManifest(indexPath);
    expect(manifest?.semantic).toBe(true);
    for (const entry of Object.values(manifest?.trustFiles ?? {})) expect(entry.vectors).toBeGreaterThan(entry.sections);
    expect(kb.answerer.semantic).toBe(true);
    const stage = await kb.answerer.semanticStage('mosaic', 'who is the SENCO?');
    expect(stage?.sections).toHaveLength(kb.answerer.indexFor('mosaic').size);
    expect(stage?.units.flat().length).toBeGreaterThan(stage?.sections.length ?? 0);
    expect((await kb.answerer.answer('mosaic', 'who is the SENCO?')).answered).toBe(true);
  });

  it('opens only once the encoder is ready, so no question waits for the model', async () => {
    let prepared: () => void = () => undefined;
    const modelLoaded = new Promise<void>((resolve) => (prepared = resolve));
    let asked = false;
    const encoder = {
      ...countingEncoder(),
      ready: () => {
        asked = true;
        return modelLoaded;
      },
    };
    let opened = false;
    const opening = open(encoder).then((kb) => {
      opened = true;
      return kb;
    });
    await vi.waitUntil(() => asked, { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(opened).toBe(false);
    prepared();
    expect((await opening).rebuilt).toBe(false);
    // Without the semantic stage the encoder is not waited for.
    let lexicalOpened = false;
    await Promise.race([
      openKnowledgeBase({ dir: knowledge, indexPath, semantic: false, clock, encoder: { ...countingEncoder(), ready: () => new Promise<void>(() => undefined) } }).then(() => (lexicalOpened = true)),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]);
    expect(lexicalOpened).toBe(true);
  });

  it('serves the lexical stage from the same artifact, and is rebuilt with vectors when they are needed and missing', async () => {
    expect((await open(undefined)).rebuilt).toBe(false);
    const lexicalPath = path.join(dir, 'lexical', 'index.json');
    expect((await openKnowledgeBase({ dir: knowledge, indexPath: lexicalPath, semantic: false, clock })).rebuilt).toBe(true);
    const encoder = countingEncoder();
    expect((await openKnowledgeBase({ dir: knowledge, indexPath: lexicalPath, semantic: true, clock, encoder })).rebuilt).toBe(true);
    expect(encoder.embedded).toBe(first);
  });

  it('embeds only the text that changed when a policy changes', async () => {
    const policy = path.join(knowledge, 'policies', 'mosaic.md');
    await writeFile(policy, `${await readFile(policy, 'utf8')}\n\n## Swimming\n\nPupils with SEND are supported in swimming lessons by a named adult.\n`);
    const encoder = countingEncoder();
    expect((await open(encoder)).rebuilt).toBe(true);
    expect(encoder.embedded).toBeGreaterThan(0);
    expect(encoder.embedded).toBeLessThan(10);
  });

  it('reuses the vectors of an artifact of format version 1 on the first build after an upgrade', async () => {
    const manifest = await readManifest(indexPath);
    const keys: string[] = [];
    const vectors: Float32Array[] = [];
    for (const entry of Object.values(manifest?.trustFiles ?? {})) {
      const shard = JSON.parse(await readFile(path.join(trustFolder(indexPath), entry.file), 'utf8')) as TrustShard;
      const e = shard.embeddings;
      if (!e) throw new Error(`${entry.file} has no embeddings`);
      keys.push(...e.keys);
      vectors.push(...unpackVectors(e.sections, shard.sections.length), ...unpackVectors(e.units, e.keys.length - shard.sections.length));
    }
    await rm(trustFolder(indexPath), { recursive: true });
    await writeFile(indexPath, JSON.stringify({ format: 'send-policy-index', formatVersion: 1, embeddings: { sections: packVectors(vectors), sectionCount: vectors.length, units: packVectors([]), unitCount: 0, keys } }));
    const encoder = countingEncoder();
    const kb = await open(encoder);
    expect(kb.rebuilt).toBe(true);
    expect(encoder.embedded).toBe(0);
    expect((await kb.answerer.answer('southport', 'who is the SENDCo?')).answered).toBe(true);
  });
});
