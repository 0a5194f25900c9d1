/**
 * The search index as a versioned build artifact (`build/index.json` by
 * default): the parsed sections, each trust's serialised minisearch index, the
 * per-section analysis and, when built with the semantic stage, the embeddings
 * of every section and unit. It records what it was built from (a hash of every
 * source file, the glossary and the parsing/indexing code) so a loader can tell
 * a fresh artifact from a stale one without parsing anything.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AssistantError } from '../errors.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { REGISTRY_FILE, loadRegistry } from '../knowledge/registry.js';
import type { Knowledge, PolicyDocument, Section, Trust } from '../knowledge/types.js';
import { loadGlossary, type Glossary } from './glossary.js';
import { EMBEDDING_DIMENSIONS, packVectors, unpackVectors, type SentenceEncoder } from './semantic.js';
import { words } from './tokenizer.js';
import { TrustIndex, isSearchable } from './trust-index.js';

/** Version of the artifact's layout; an artifact of another version is rebuilt. */
export const INDEX_FORMAT_VERSION = 1;

/** The glossary's file name inside the knowledge folder. */
export const GLOSSARY_FILE = 'glossary.json';

/** Progress of an index build, for a progress bar. */
export interface BuildProgress {
  stage: 'parse' | 'index' | 'embed' | 'write';
  done: number;
  total: number;
}

const recordSchema = z.object({
  id: z.string(),
  units: z.array(z.tuple([z.number(), z.number()])),
  stems: z.record(z.string(), z.number()),
  concepts: z.record(z.string(), z.number()),
  headingStems: z.array(z.string()),
});

const sectionSchema = z.object({
  id: z.string(),
  trust: z.string(),
  document: z.string(),
  headingPath: z.array(z.string()),
  ownsHeading: z.boolean(),
  text: z.string(),
  order: z.number(),
});

const documentSchema = z.object({
  trust: z.string(),
  file: z.string(),
  title: z.string(),
  policyDate: z.string().optional(),
  reviewDate: z.string().optional(),
  sourceHash: z.string(),
  sectionIds: z.array(z.string()),
});

const trustSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  tenantIds: z.array(z.string()),
  sendcoRole: z.string(),
  policies: z.array(z.object({ file: z.string(), title: z.string().optional(), policyDate: z.string().optional(), reviewDate: z.string().optional() })),
});

const artifactSchema = z.object({
  format: z.literal('send-policy-index'),
  formatVersion: z.number(),
  codeVersion: z.string(),
  builtAt: z.string(),
  sources: z.record(z.string(), z.string()),
  trusts: z.array(trustSchema),
  documents: z.array(documentSchema),
  sections: z.array(sectionSchema),
  indexes: z.record(z.string(), z.object({ records: z.array(recordSchema), minisearch: z.string() })),
  /** Every word of the indexed sections with how often it occurs, for typo correction (so loading needs no tokenising). */
  vocabulary: z.record(z.string(), z.number()).optional(),
  embeddings: z
    .object({
      sections: z.string(),
      sectionCount: z.number(),
      units: z.string(),
      unitCount: z.number(),
      /** Short hash of the text behind each vector (sections, then units), so a rebuild re-embeds only changed text. */
      keys: z.array(z.string()),
    })
    .optional(),
});

/** The artifact as stored. */
export type IndexArtifact = z.infer<typeof artifactSchema>;

/**
 * Version of the code that turns policies into the index: a hash of the parser
 * (`src/knowledge`) and the analysis (`src/search`) sources, so changing how
 * sections are cut or words are stemmed makes existing artifacts stale.
 */
export async function indexCodeVersion(): Promise<string> {
  const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256').update(`format ${INDEX_FORMAT_VERSION}\n`);
  for (const folder of ['knowledge', 'search']) {
    const dir = path.join(srcDir, folder);
    let names: string[];
    try {
      names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.ts') || n.endsWith('.js')).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      hash.update(`${folder}/${name}\n`);
      hash.update(await readFile(path.join(dir, name)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * SHA-256 of every file the index is built from: the registry, each policy it
 * lists and the glossary, keyed by path relative to the knowledge folder.
 */
export async function sourceHashes(dir: string): Promise<Record<string, string>> {
  const trusts = await loadRegistry(dir);
  const files = [REGISTRY_FILE, GLOSSARY_FILE, ...trusts.flatMap((t) => t.policies.map((p) => p.file))];
  const out: Record<string, string> = {};
  for (const file of files) {
    try {
      out[file] = createHash('sha256')
        .update(await readFile(path.join(dir, file)))
        .digest('hex');
    } catch (error) {
      throw new AssistantError('KNOWLEDGE_FILE_UNREADABLE', `${path.join(dir, file)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return out;
}

/** The text embedded for a section: its last heading, then its text. */
export function sectionEmbeddingText(section: Section): string {
  return `${section.headingPath.at(-1) ?? ''}. ${section.text}`;
}

/**
 * Build the artifact from the knowledge folder: parse every policy, index each
 * trust's sections, and (with an encoder) embed every section and unit.
 */
export async function buildArtifact(
  dir: string,
  options: { encoder?: SentenceEncoder; onProgress?: (p: BuildProgress) => void; previous?: IndexArtifact } = {},
): Promise<IndexArtifact> {
  const progress = options.onProgress ?? (() => undefined);
  const [sources, codeVersion] = await Promise.all([sourceHashes(dir), indexCodeVersion()]);
  progress({ stage: 'parse', done: 0, total: 1 });
  const knowledge = await loadKnowledge(dir);
  const glossary = await loadGlossary(path.join(dir, GLOSSARY_FILE), knowledge.trusts.map((t) => t.id));
  progress({ stage: 'parse', done: 1, total: 1 });
  const indexes: IndexArtifact['indexes'] = {};
  const built = buildIndexes(knowledge, glossary, (done, total) => progress({ stage: 'index', done, total }));
  for (const [trust, index] of built) indexes[trust] = { records: index.toRecords(), minisearch: index.serialisedIndex() };

  let embeddings: IndexArtifact['embeddings'];
  if (options.encoder) {
    const sections = knowledge.documents.flatMap((d) => d.sections);
    const indexed = [...built.values()].flatMap((index) => index.sections);
    const unitTexts = indexed.flatMap((s) => (isSearchable(s.section) ? s.units.map((u) => s.section.text.slice(u.start, u.end)) : []));
    const sectionTexts = sections.map((s) => (isSearchable(s) ? sectionEmbeddingText(s) : ''));
    const texts = [...sectionTexts, ...unitTexts];
    const keys = texts.map(textKey);
    const cached = previousVectors(options.previous);
    const missing = [...new Set(texts.filter((_, i) => !cached.has(keys[i] ?? '')))];
    const fresh = await embedWithProgress(options.encoder, missing, (done) => progress({ stage: 'embed', done, total: missing.length }));
    missing.forEach((text, i) => {
      const v = fresh[i];
      if (v) cached.set(textKey(text), v);
    });
    const vectors = keys.map((k) => cached.get(k) ?? new Float32Array(EMBEDDING_DIMENSIONS));
    embeddings = {
      sections: packVectors(vectors.slice(0, sectionTexts.length)),
      sectionCount: sectionTexts.length,
      units: packVectors(vectors.slice(sectionTexts.length)),
      unitCount: unitTexts.length,
      keys,
    };
  }
  const indexedSections = knowledge.documents.filter((d) => indexes[d.trust] !== undefined).flatMap((d) => d.sections);
  return {
    format: 'send-policy-index',
    formatVersion: INDEX_FORMAT_VERSION,
    codeVersion,
    builtAt: new Date().toISOString(),
    sources,
    trusts: knowledge.trusts,
    documents: knowledge.documents.map(({ sections, ...doc }) => ({ ...doc, sectionIds: sections.map((s) => s.id) })),
    sections: knowledge.documents.flatMap((d) => d.sections),
    indexes,
    vocabulary: Object.fromEntries(vocabularyOf(indexedSections)),
    ...(embeddings ? { embeddings } : {}),
  };
}

/** Every word of `sections` (headings and text) with how often it occurs: what typo correction corrects towards. */
export function vocabularyOf(sections: readonly Section[]): Map<string, number> {
  const vocabulary = new Map<string, number>();
  for (const s of sections) for (const w of words(`${s.headingPath.join(' ')} ${s.text}`)) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
  return vocabulary;
}

/** One index per trust, over that trust's sections only. */
export function buildIndexes(knowledge: Knowledge, glossary: Glossary, onTrust?: (done: number, total: number) => void): Map<string, TrustIndex> {
  const out = new Map<string, TrustIndex>();
  knowledge.trusts.forEach((trust, i) => {
    const sections = knowledge.documents.filter((d) => d.trust === trust.id).flatMap((d) => d.sections);
    out.set(trust.id, TrustIndex.build(trust.id, sections, glossary));
    onTrust?.(i + 1, knowledge.trusts.length);
  });
  return out;
}

function textKey(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** Vectors of a previous artifact by text key, so unchanged text is not embedded again. */
function previousVectors(previous: IndexArtifact | undefined): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const e = previous?.embeddings;
  if (!e || e.keys.length !== e.sectionCount + e.unitCount) return out;
  const vectors = [...unpackVectors(e.sections, e.sectionCount), ...unpackVectors(e.units, e.unitCount)];
  e.keys.forEach((k, i) => {
    const v = vectors[i];
    if (v) out.set(k, v);
  });
  return out;
}

async function embedWithProgress(encoder: SentenceEncoder, texts: string[], onDone: (done: number) => void): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  const chunk = 64;
  for (let i = 0; i < texts.length; i += chunk) {
    out.push(...(await encoder.embed(texts.slice(i, i + chunk))));
    onDone(Math.min(texts.length, i + chunk));
  }
  return out;
}

/**
 * Write the artifact atomically: to a temporary file beside it, then renamed
 * over the old one, so a failed or interrupted write never replaces a good artifact.
 */
export async function writeArtifact(file: string, artifact: IndexArtifact): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(artifact));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Read and validate an artifact. Resolves to `undefined` when the file does not
 * exist; throws `INDEX_INVALID` naming the file when it is unreadable, not an
 * artifact, or of another format version.
 */
export async function readArtifact(file: string): Promise<IndexArtifact | undefined> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw new AssistantError('INDEX_INVALID', `${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new AssistantError('INDEX_INVALID', `${file}: not JSON`, { cause: error });
  }
  const version = z.object({ formatVersion: z.number() }).safeParse(data);
  if (version.success && version.data.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new AssistantError('INDEX_INVALID', `${file}: format version ${version.data.formatVersion}, this product reads version ${INDEX_FORMAT_VERSION}`);
  }
  const parsed = artifactSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AssistantError('INDEX_INVALID', `${file}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'not an index artifact'}`);
  }
  return parsed.data;
}

/**
 * Why `artifact` cannot be used for the current sources, or `undefined` when it
 * is fresh: a source file changed, the code changed, or embeddings are needed
 * and missing.
 */
export function staleness(artifact: IndexArtifact, sources: Record<string, string>, codeVersion: string, semantic: boolean): string | undefined {
  if (artifact.codeVersion !== codeVersion) return `built by other indexing code (${artifact.codeVersion}, now ${codeVersion})`;
  const files = new Set([...Object.keys(sources), ...Object.keys(artifact.sources)]);
  for (const file of files) {
    if (artifact.sources[file] !== sources[file]) return `${file} changed since the index was built`;
  }
  if (semantic && artifact.embeddings === undefined) return 'built without embeddings and the semantic stage is on';
  return undefined;
}

/** The documents of an artifact with their sections, as the knowledge model has them. */
export function artifactDocuments(artifact: IndexArtifact): PolicyDocument[] {
  const byId = new Map(artifact.sections.map((s) => [s.id, s]));
  return artifact.documents.map(({ sectionIds, ...doc }) => ({
    ...doc,
    sections: sectionIds.flatMap((id) => {
      const s = byId.get(id);
      return s ? [s] : [];
    }),
  }));
}

/** The trusts of an artifact. */
export function artifactTrusts(artifact: IndexArtifact): Trust[] {
  return artifact.trusts;
}
