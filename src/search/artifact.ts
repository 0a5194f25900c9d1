/**
 * The search index as a versioned build artifact at `INDEX_PATH`
 * (`build/index.json` by default): a small manifest there, and one file per
 * trust in the folder beside it (`build/index.trusts/`). The manifest records
 * what the index was built from (a hash of every source file, the glossary and
 * the parsing/indexing code), so a loader can tell a fresh artifact from a
 * stale one without parsing anything, and lists the trusts, their documents,
 * the typo-correction vocabulary and each trust's file with its SHA-256. A
 * trust's file holds its sections, its search index (the full-text index and
 * the per-section terms) and, when built with the semantic stage, the embeddings
 * of its sections and units; it is read when the trust is first asked about
 * (`src/answers/trust-loader.ts`).
 *
 * Trust files are named by their content's hash, so a rebuild writes only the
 * trusts that changed and never overwrites a file a running process may still
 * read; the manifest is replaced last, atomically, which is what makes a
 * rebuild take effect.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AssistantError } from '../errors.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { REGISTRY_FILE, loadRegistry } from '../knowledge/registry.js';
import type { Knowledge, Section, TrustId } from '../knowledge/types.js';
import { SHARD_FORMAT, serialiseShard, type DocumentEntry, type ShardEmbeddings, type TrustShard } from './artifact-shard.js';
import { loadGlossary, type Glossary } from './glossary.js';
import { EMBEDDING_DIMENSIONS, packVectors, unpackVectors, type SentenceEncoder } from './semantic.js';
import { words } from './tokenizer.js';
import { TrustIndex, isSearchable } from './trust-index.js';

/** Version of the artifact's layout; an artifact of another version is rebuilt. */
export const INDEX_FORMAT_VERSION = 2;

/** The glossary's file name inside the knowledge folder. */
export const GLOSSARY_FILE = 'glossary.json';

/** Progress of an index build, for a progress bar. */
export interface BuildProgress {
  stage: 'parse' | 'index' | 'embed' | 'write';
  done: number;
  total: number;
}

const documentSchema = z.object({
  trust: z.string(),
  file: z.string(),
  title: z.string(),
  policyDate: z.string().optional(),
  reviewDate: z.string().optional(),
  sourceHash: z.string(),
  /** Number of sections; they are in the trust's file, in document order. */
  sections: z.number().int().nonnegative(),
});

const trustSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  tenantIds: z.array(z.string()),
  sendcoRole: z.string(),
  policies: z.array(z.object({ file: z.string(), title: z.string().optional(), policyDate: z.string().optional(), reviewDate: z.string().optional() })),
});

const shardEntrySchema = z.object({
  /** File name inside the trust folder: `<trust>.<first 16 hex digits of its SHA-256>.json`. */
  file: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.[0-9a-f]{16}\.json$/, 'must be a trust file name such as "southport.0123456789abcdef.json"'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hexadecimal digits'),
  bytes: z.number().int().positive(),
  sections: z.number().int().nonnegative(),
  /** Embeddings in the file (sections and units); 0 when built without them. */
  vectors: z.number().int().nonnegative(),
});

const manifestSchema = z.object({
  format: z.literal('send-policy-index'),
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  codeVersion: z.string(),
  builtAt: z.string(),
  sources: z.record(z.string(), z.string()),
  /** Built with the semantic stage: every trust's file holds embeddings. */
  semantic: z.boolean(),
  trusts: z.array(trustSchema),
  documents: z.array(documentSchema),
  /** Each trust's file. */
  trustFiles: z.record(z.string(), shardEntrySchema),
  /** Every word of the indexed sections with how often it occurs, for typo correction (so loading needs no tokenising). */
  vocabulary: z.record(z.string(), z.number()),
});

/** The artifact's manifest as stored. */
export type IndexManifest = z.infer<typeof manifestSchema>;

/** What the manifest says of one trust's file. */
export type TrustFileEntry = z.infer<typeof shardEntrySchema>;

/** A built artifact: the manifest and each trust's file, serialised. */
export interface BuiltArtifact {
  manifest: IndexManifest;
  trustFiles: ReadonlyMap<TrustId, string>;
}

/** The folder of the trusts' files of the artifact at `indexPath`: `build/index.trusts` beside `build/index.json`. */
export function trustFolder(indexPath: string): string {
  return path.join(path.dirname(indexPath), `${path.basename(indexPath, '.json')}.trusts`);
}

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
 * lists and the glossary, keyed by path relative to the knowledge folder. The
 * files are read synchronously: for a thousand policies that is several times
 * faster than as many asynchronous reads, and it happens once per start.
 */
export async function sourceHashes(dir: string): Promise<Record<string, string>> {
  const trusts = await loadRegistry(dir);
  const files = [REGISTRY_FILE, GLOSSARY_FILE, ...trusts.flatMap((t) => t.policies.map((p) => p.file))];
  const out: Record<string, string> = {};
  for (const file of files) {
    try {
      out[file] = createHash('sha256')
        .update(readFileSync(path.join(dir, file)))
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
 * trust's sections, and (with an encoder) embed every section and unit, reusing
 * `previousVectors` (by text hash) for text embedded before.
 */
export async function buildArtifact(
  dir: string,
  options: { encoder?: SentenceEncoder; onProgress?: (p: BuildProgress) => void; previousVectors?: ReadonlyMap<string, Float32Array> } = {},
): Promise<BuiltArtifact> {
  const progress = options.onProgress ?? (() => undefined);
  const [sources, codeVersion] = await Promise.all([sourceHashes(dir), indexCodeVersion()]);
  progress({ stage: 'parse', done: 0, total: 1 });
  const knowledge = await loadKnowledge(dir);
  const glossary = await loadGlossary(path.join(dir, GLOSSARY_FILE), knowledge.trusts.map((t) => t.id));
  progress({ stage: 'parse', done: 1, total: 1 });
  const built = buildIndexes(knowledge, glossary, (done, total) => progress({ stage: 'index', done, total }));
  const embeddings = options.encoder ? await embedAll(built, options.encoder, options.previousVectors, progress) : undefined;

  const trustFiles = new Map<TrustId, string>();
  const entries: Record<TrustId, TrustFileEntry> = {};
  for (const [trust, index] of built) {
    const vectors = embeddings?.get(trust);
    const shard: TrustShard = {
      format: SHARD_FORMAT,
      formatVersion: INDEX_FORMAT_VERSION,
      trust,
      sections: index.sections.map(({ section: { id, headingPath, ownsHeading, text, order } }) => ({ id, headingPath, ownsHeading, text, order })),
      index: index.store(),
      ...(vectors ? { embeddings: vectors.stored } : {}),
    };
    const text = serialiseShard(shard);
    const sha256 = createHash('sha256').update(text).digest('hex');
    trustFiles.set(trust, text);
    entries[trust] = { file: `${trust}.${sha256.slice(0, 16)}.json`, sha256, bytes: Buffer.byteLength(text), sections: index.size, vectors: vectors?.count ?? 0 };
  }
  const indexedSections = knowledge.documents.filter((d) => built.has(d.trust)).flatMap((d) => d.sections);
  const documents: DocumentEntry[] = knowledge.documents.map(({ sections, ...doc }) => ({ ...doc, sections: sections.length }));
  return {
    manifest: {
      format: 'send-policy-index',
      formatVersion: INDEX_FORMAT_VERSION,
      codeVersion,
      builtAt: new Date().toISOString(),
      sources,
      semantic: embeddings !== undefined,
      trusts: knowledge.trusts,
      documents,
      trustFiles: entries,
      vocabulary: Object.fromEntries(vocabularyOf(indexedSections)),
    },
    trustFiles,
  };
}

/** Embed every section and unit of every trust, reusing vectors of unchanged text. */
async function embedAll(
  built: ReadonlyMap<TrustId, TrustIndex>,
  encoder: SentenceEncoder,
  previous: ReadonlyMap<string, Float32Array> | undefined,
  progress: (p: BuildProgress) => void,
): Promise<Map<TrustId, { stored: ShardEmbeddings; count: number }>> {
  const perTrust = [...built].map(([trust, index]) => {
    const sectionTexts = index.sections.map((s) => (isSearchable(s.section) ? sectionEmbeddingText(s.section) : ''));
    const unitTexts = index.sections.flatMap((s) => (isSearchable(s.section) ? s.units.map((u) => s.section.text.slice(u.start, u.end)) : []));
    return { trust, sectionTexts, unitTexts, keys: [...sectionTexts, ...unitTexts].map(textKey) };
  });
  const cached = new Map(previous);
  const texts = perTrust.flatMap((t) => [...t.sectionTexts, ...t.unitTexts]);
  const missing = [...new Set(texts.filter((text) => !cached.has(textKey(text))))];
  const fresh = await embedWithProgress(encoder, missing, (done) => progress({ stage: 'embed', done, total: missing.length }));
  missing.forEach((text, i) => {
    const v = fresh[i];
    if (v) cached.set(textKey(text), v);
  });
  const vector = (key: string) => cached.get(key) ?? new Float32Array(EMBEDDING_DIMENSIONS);
  return new Map(
    perTrust.map((t) => {
      const sectionKeys = t.keys.slice(0, t.sectionTexts.length);
      const unitKeys = t.keys.slice(t.sectionTexts.length);
      const stored: ShardEmbeddings = { sections: packVectors(sectionKeys.map(vector)), units: packVectors(unitKeys.map(vector)), keys: t.keys };
      return [t.trust, { stored, count: t.keys.length }];
    }),
  );
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

/**
 * Vectors stored in the artifact at `indexPath`, by text hash, so a rebuild
 * embeds only text that changed: from each trust file `manifest` lists or,
 * without a manifest, from an artifact of format version 1 (one file holding
 * everything), so the first build after an upgrade does not embed everything
 * again. Files that cannot be read are skipped.
 */
export function storedVectors(indexPath: string, manifest: IndexManifest | undefined): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const keep = (keys: readonly string[], vectors: readonly Float32Array[]) =>
    keys.forEach((k, i) => {
      const v = vectors[i];
      if (v) out.set(k, v);
    });
  if (!manifest) {
    try {
      const legacy = z
        .object({ formatVersion: z.literal(1), embeddings: z.object({ sections: z.string(), sectionCount: z.number(), units: z.string(), unitCount: z.number(), keys: z.array(z.string()) }) })
        .parse(JSON.parse(readFileSync(indexPath, 'utf8')));
      const e = legacy.embeddings;
      keep(e.keys, [...unpackVectors(e.sections, e.sectionCount), ...unpackVectors(e.units, e.unitCount)]);
    } catch {
      // No artifact, or none of version 1 with embeddings: nothing to reuse.
    }
    return out;
  }
  for (const entry of Object.values(manifest.trustFiles)) {
    if (entry.vectors === 0) continue;
    try {
      const data = JSON.parse(readTrustFile(indexPath, entry)) as Partial<TrustShard>;
      const e = data.embeddings;
      if (!e) continue;
      const sectionCount = data.sections?.length ?? 0;
      keep(e.keys, [...unpackVectors(e.sections, sectionCount), ...unpackVectors(e.units, e.keys.length - sectionCount)]);
    } catch {
      continue;
    }
  }
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

/** Write `text` to `file` through a temporary file beside it, so a failed write never leaves a partial file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** True when `file` exists and holds bytes with this SHA-256. */
async function holds(file: string, sha256: string): Promise<boolean> {
  try {
    return createHash('sha256').update(await readFile(file)).digest('hex') === sha256;
  } catch {
    return false;
  }
}

/**
 * How long a trust file no manifest lists is left alone: another process may be
 * building an artifact into the same folder and not have written its manifest yet.
 */
export const UNLISTED_FILE_GRACE_MS = 60 * 60 * 1000;

/**
 * Write the artifact: each trust's file that is not already there, then the
 * manifest, atomically, so a failed or interrupted write never replaces a good
 * artifact. Then trust files that neither this manifest nor the one it
 * replaced lists are removed (a process still serving the previous manifest
 * keeps finding its files), once nothing has written or reused them for
 * {@link UNLISTED_FILE_GRACE_MS} (a build running beside this one keeps its
 * files too).
 */
export async function writeArtifact(indexPath: string, artifact: BuiltArtifact): Promise<void> {
  const folder = trustFolder(indexPath);
  await mkdir(folder, { recursive: true });
  const manifestText = JSON.stringify(artifact.manifest);
  for (const [trust, entry] of Object.entries(artifact.manifest.trustFiles)) {
    const text = artifact.trustFiles.get(trust);
    if (text === undefined) throw new RangeError(`writeArtifact: no file for trust ${trust}`);
    const file = path.join(folder, entry.file);
    // A file kept as it is counts as written now, so a build running beside this one does not remove it.
    if (await holds(file, entry.sha256)) await utimes(file, new Date(), new Date());
    else await writeAtomically(file, text);
  }
  let replaced: IndexManifest | undefined;
  try {
    replaced = await readManifest(indexPath);
  } catch {
    replaced = undefined;
  }
  await writeAtomically(indexPath, manifestText);
  const keep = new Set([artifact.manifest, replaced].flatMap((m) => Object.values(m?.trustFiles ?? {}).map((e) => e.file)));
  const cutoff = Date.now() - UNLISTED_FILE_GRACE_MS;
  for (const name of await readdir(folder)) {
    if (!(name.endsWith('.json') || name.endsWith('.tmp')) || keep.has(name)) continue;
    const file = path.join(folder, name);
    const written = await stat(file).then((s) => s.mtimeMs, () => undefined);
    if (written !== undefined && written < cutoff) await rm(file, { force: true });
  }
}

/**
 * Copy the artifact at `from` (its manifest and the trust files it lists) to
 * `to`, trust files first, so the copy is usable once its manifest is there.
 * @throws AssistantError `INDEX_INVALID` when there is no artifact at `from`
 */
export async function copyArtifact(from: string, to: string): Promise<void> {
  const manifest = await readManifest(from);
  if (!manifest) throw new AssistantError('INDEX_INVALID', `${from}: no index artifact to copy`);
  await mkdir(trustFolder(to), { recursive: true });
  for (const entry of Object.values(manifest.trustFiles)) await copyFile(path.join(trustFolder(from), entry.file), path.join(trustFolder(to), entry.file));
  await copyFile(from, to);
}

/**
 * Read and validate an artifact's manifest. Resolves to `undefined` when the
 * file does not exist; throws `INDEX_INVALID` naming the file (and the field)
 * when it is unreadable, not a manifest, or of another format version.
 */
export async function readManifest(file: string): Promise<IndexManifest | undefined> {
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
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AssistantError('INDEX_INVALID', `${file}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'not an index artifact'}`);
  }
  return parsed.data;
}

/**
 * Read one trust's file of the artifact at `indexPath` and check it is the
 * one the manifest lists (same SHA-256).
 * @throws AssistantError `INDEX_INVALID` naming the file
 */
export function readTrustFile(indexPath: string, entry: TrustFileEntry): string {
  const file = path.join(trustFolder(indexPath), entry.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new AssistantError('INDEX_INVALID', `${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
    throw new AssistantError('INDEX_INVALID', `${file}: not the file the manifest ${indexPath} lists (its SHA-256 differs; rebuild the index)`);
  }
  return bytes.toString('utf8');
}

/**
 * Why `manifest` cannot be used for the current sources, or `undefined` when it
 * is fresh: a source file changed, the code changed, or embeddings are needed
 * and missing.
 */
export function staleness(manifest: IndexManifest, sources: Record<string, string>, codeVersion: string, semantic: boolean): string | undefined {
  if (manifest.codeVersion !== codeVersion) return `built by other indexing code (${manifest.codeVersion}, now ${codeVersion})`;
  const files = new Set([...Object.keys(sources), ...Object.keys(manifest.sources)]);
  for (const file of files) {
    if (manifest.sources[file] !== sources[file]) return `${file} changed since the index was built`;
  }
  if (semantic && !manifest.semantic) return 'built without embeddings and the semantic stage is on';
  return undefined;
}

/**
 * The first trust file the manifest lists that is missing or of another size
 * (a partly copied or partly removed artifact), or `undefined` when all are
 * there. Their contents are checked when each is read.
 */
export function missingTrustFile(indexPath: string, manifest: IndexManifest): string | undefined {
  const folder = trustFolder(indexPath);
  for (const entry of Object.values(manifest.trustFiles)) {
    const file = path.join(folder, entry.file);
    let size: number | undefined;
    try {
      size = statSync(file).size;
    } catch {
      size = undefined;
    }
    if (size === undefined) return `${file} is missing`;
    if (size !== entry.bytes) return `${file} has ${size} bytes, the manifest lists ${entry.bytes}`;
  }
  return undefined;
}
