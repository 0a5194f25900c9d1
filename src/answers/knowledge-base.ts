/**
 * The knowledge base the bot and the commands open once: trusts, sections and
 * the answerer, from the index artifact — rebuilt first when it is missing or
 * stale — so a fresh artifact opens without parsing a policy or embedding a
 * section. Opening reads the artifact's manifest only; each trust's index is
 * loaded the first time that trust is asked about (`trust-loader.ts`).
 */
import path from 'node:path';
import type { Clock } from '../clock.js';
import { isAssistantError } from '../errors.js';
import { trustsForTenant } from '../knowledge/registry.js';
import type { PolicyDocument, Section, Trust, TrustId } from '../knowledge/types.js';
import {
  buildArtifact,
  GLOSSARY_FILE,
  indexCodeVersion,
  missingTrustFile,
  readManifest,
  readTrustFile,
  sourceHashes,
  staleness,
  storedVectors,
  trustFolder,
  writeArtifact,
  type BuildProgress,
  type BuiltArtifact,
  type IndexManifest,
} from '../search/artifact.js';
import { loadGlossary } from '../search/glossary.js';
import { sentenceEncoder, type SentenceEncoder } from '../search/semantic.js';
import { englishWords, SpellingCorrector } from '../search/spelling.js';
import { PolicyAnswerer } from './policy-answerer.js';
import { DEFAULT_MAX_LOADED_TRUSTS, TrustLoader, type TrustFileReader } from './trust-loader.js';
import type { Answerer, PolicyStatus } from './types.js';

/** How to open the knowledge base. */
export interface OpenKnowledgeBaseOptions {
  /** The knowledge folder (registry, policies, glossary). */
  dir: string;
  /** Where the index artifact lives (`config.knowledge.indexPath`). */
  indexPath: string;
  /** Use the semantic stage (`config.knowledge.semantic`). */
  semantic: boolean;
  /** Most trusts held in memory at once (`config.knowledge.maxLoadedTrusts`; default {@link DEFAULT_MAX_LOADED_TRUSTS}). */
  maxLoadedTrusts?: number;
  clock: Clock;
  /** Progress of a rebuild, when one is needed. */
  onProgress?: (progress: BuildProgress) => void;
  /** Told why the artifact is rebuilt, or that it could not be saved. */
  onNotice?: (message: string) => void;
  /** Sentence encoder for the semantic stage (defaults to the bundled model). */
  encoder?: SentenceEncoder;
}

/** Trusts, sections and the answerer. */
export interface KnowledgeBase {
  trusts: Trust[];
  trust(id: TrustId): Trust | undefined;
  /** The trusts whose users sign in from this Microsoft 365 tenant. */
  trustsForTenant(tenantId: string): Trust[];
  answerer: Answerer;
  section(id: string): Section | undefined;
  /** The trust's documents with their sections (loads the trust; none for a trust the artifact does not hold). */
  documentsOf(trust: TrustId): PolicyDocument[];
  /** Review status of each of the trust's policies today. */
  policies(trust: TrustId): PolicyStatus[];
}

/** The knowledge base with the concrete answerer, for the commands and tests. */
export interface OpenedKnowledgeBase extends KnowledgeBase {
  answerer: PolicyAnswerer;
  /** Every trust's documents with their sections. Reading it loads every trust. */
  readonly documents: PolicyDocument[];
  /** How many trusts are loaded so far (each is loaded on its first question). */
  readonly loadedTrusts: number;
  /** True when the artifact was (re)built while opening. */
  rebuilt: boolean;
}

/**
 * Open the knowledge base: use the artifact at `indexPath` when it matches the
 * knowledge folder and code and all its trust files are there, otherwise build
 * it (and save it atomically; a failure to save is reported through `onNotice`
 * and does not stop the product: the trusts then load from the build in memory).
 */
export async function openKnowledgeBase(options: OpenKnowledgeBaseOptions): Promise<OpenedKnowledgeBase> {
  const notice = options.onNotice ?? (() => undefined);
  const encoder = options.semantic ? (options.encoder ?? sentenceEncoder()) : undefined;
  const [sources, codeVersion] = await Promise.all([sourceHashes(options.dir), indexCodeVersion()]);
  let manifest: IndexManifest | undefined;
  try {
    manifest = await readManifest(options.indexPath);
  } catch (error) {
    if (!isAssistantError(error, 'INDEX_INVALID')) throw error;
    notice(`${error.message}; rebuilding`);
  }
  const why = manifest ? (staleness(manifest, sources, codeVersion, options.semantic) ?? missingTrustFile(options.indexPath, manifest)) : `${options.indexPath} does not exist`;
  if (manifest === undefined || why !== undefined) {
    if (manifest) notice(`index is stale (${why ?? ''}); rebuilding`);
    const built = await buildArtifact(options.dir, {
      ...(encoder ? { encoder } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(encoder ? { previousVectors: storedVectors(options.indexPath, manifest) } : {}),
    });
    try {
      await writeArtifact(options.indexPath, built);
    } catch (error) {
      notice(`could not save the index to ${options.indexPath}: ${error instanceof Error ? error.message : String(error)}`);
      return fromManifest(built.manifest, fromMemory(options.indexPath, built), options, encoder, true);
    }
    // Another process writing its own build to the same path at the same moment may have removed a file of this one.
    const lost = missingTrustFile(options.indexPath, built.manifest);
    if (lost !== undefined) notice(`the saved index lost a file as it was written (${lost}); serving the index built in memory`);
    return fromManifest(built.manifest, lost === undefined ? fromDisk(options.indexPath, built.manifest) : fromMemory(options.indexPath, built), options, encoder, true);
  }
  return fromManifest(manifest, fromDisk(options.indexPath, manifest), options, encoder, false);
}

/** Build the artifact and write it to `indexPath`, whatever is there (`knowledge build`). */
export async function rebuildIndex(options: Pick<OpenKnowledgeBaseOptions, 'dir' | 'indexPath' | 'semantic' | 'onProgress' | 'encoder'>): Promise<IndexManifest> {
  const encoder = options.semantic ? (options.encoder ?? sentenceEncoder()) : undefined;
  let previous: IndexManifest | undefined;
  try {
    previous = await readManifest(options.indexPath);
  } catch {
    previous = undefined;
  }
  const built = await buildArtifact(options.dir, {
    ...(encoder ? { encoder } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(encoder ? { previousVectors: storedVectors(options.indexPath, previous) } : {}),
  });
  options.onProgress?.({ stage: 'write', done: 0, total: 1 });
  await writeArtifact(options.indexPath, built);
  options.onProgress?.({ stage: 'write', done: 1, total: 1 });
  return built.manifest;
}

/** Trust files read from the artifact's folder, checked against the manifest. */
function fromDisk(indexPath: string, manifest: IndexManifest): TrustFileReader {
  return (trust) => {
    const entry = manifest.trustFiles[trust];
    if (!entry) throw new RangeError(`no file for trust ${trust} in ${indexPath}`);
    return { name: `${trustFolder(indexPath)}/${entry.file}`, text: readTrustFile(indexPath, entry) };
  };
}

/** Trust files of a build that could not be saved. */
function fromMemory(indexPath: string, built: BuiltArtifact): TrustFileReader {
  return (trust) => {
    const text = built.trustFiles.get(trust);
    if (text === undefined) throw new RangeError(`no file for trust ${trust} in the index built for ${indexPath}`);
    return { name: `the unsaved index for ${indexPath} (trust ${trust})`, text };
  };
}

async function fromManifest(manifest: IndexManifest, read: TrustFileReader, options: OpenKnowledgeBaseOptions, encoder: SentenceEncoder | undefined, rebuilt: boolean): Promise<OpenedKnowledgeBase> {
  const trusts = manifest.trusts;
  const semantic = encoder !== undefined && manifest.semantic;
  // Open only once the encoder answers at full speed, so the first question asked does not wait for the model.
  const [glossary] = await Promise.all([loadGlossary(path.join(options.dir, GLOSSARY_FILE), trusts.map((t) => t.id)), semantic ? encoder.ready?.() : undefined]);
  const loader = new TrustLoader({ manifest, read, glossary, semantic, maxLoaded: options.maxLoadedTrusts ?? DEFAULT_MAX_LOADED_TRUSTS });
  const answerer = new PolicyAnswerer({
    indexes: { get: (trust) => loader.get(trust)?.index, keys: () => loader.ids() },
    documents: manifest.documents,
    glossary,
    corrector: new SpellingCorrector(new Map(Object.entries(manifest.vocabulary)), englishWords()),
    clock: options.clock,
    ...(encoder && semantic ? { semantic: { encoder, vectors: { get: (trust: TrustId) => loader.get(trust)?.vectors } } } : {}),
  });
  return {
    trusts,
    trust: (id) => trusts.find((t) => t.id === id),
    trustsForTenant: (tenantId) => trustsForTenant(trusts, tenantId),
    answerer,
    section: (id: string): Section | undefined => loader.section(id),
    documentsOf: (trust: TrustId): PolicyDocument[] => loader.get(trust)?.documents ?? [],
    policies: (trust): PolicyStatus[] => answerer.policies(trust),
    get documents() {
      return loader.documents();
    },
    get loadedTrusts() {
      return loader.loadedCount;
    },
    rebuilt,
  };
}
