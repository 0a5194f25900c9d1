/**
 * The knowledge base the bot and the commands open once: trusts, sections and
 * the answerer, loaded from the index artifact — rebuilt first when it is
 * missing or stale — so a fresh artifact loads without parsing a policy or
 * embedding a section.
 */
import path from 'node:path';
import type { Clock } from '../clock.js';
import { isAssistantError } from '../errors.js';
import { trustsForTenant } from '../knowledge/registry.js';
import type { PolicyDocument, Section, Trust, TrustId } from '../knowledge/types.js';
import {
  artifactDocuments,
  buildArtifact,
  GLOSSARY_FILE,
  indexCodeVersion,
  readArtifact,
  sourceHashes,
  staleness,
  writeArtifact,
  type BuildProgress,
  type IndexArtifact,
  vocabularyOf,
} from '../search/artifact.js';
import { loadGlossary } from '../search/glossary.js';
import { sentenceEncoder, unpackVectors, type SentenceEncoder } from '../search/semantic.js';
import { englishWords, SpellingCorrector } from '../search/spelling.js';
import { TrustIndex, isSearchable } from '../search/trust-index.js';
import { PolicyAnswerer, type TrustVectors } from './policy-answerer.js';
import type { Answerer, PolicyStatus } from './types.js';

/** How to open the knowledge base. */
export interface OpenKnowledgeBaseOptions {
  /** The knowledge folder (registry, policies, glossary). */
  dir: string;
  /** Where the index artifact lives (`config.knowledge.indexPath`). */
  indexPath: string;
  /** Use the semantic stage (`config.knowledge.semantic`). */
  semantic: boolean;
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
  /** Review status of each of the trust's policies today. */
  policies(trust: TrustId): PolicyStatus[];
}

/** The knowledge base with the concrete answerer, for the commands and tests. */
export interface OpenedKnowledgeBase extends KnowledgeBase {
  answerer: PolicyAnswerer;
  documents: PolicyDocument[];
  /** True when the artifact was (re)built while opening. */
  rebuilt: boolean;
}

/**
 * Open the knowledge base: load the artifact at `indexPath` when it matches the
 * knowledge folder and code, otherwise build it (and save it atomically; a
 * failure to save is reported through `onNotice` and does not stop the product).
 */
export async function openKnowledgeBase(options: OpenKnowledgeBaseOptions): Promise<OpenedKnowledgeBase> {
  const notice = options.onNotice ?? (() => undefined);
  const encoder = options.semantic ? (options.encoder ?? sentenceEncoder()) : undefined;
  const [sources, codeVersion] = await Promise.all([sourceHashes(options.dir), indexCodeVersion()]);
  let artifact: IndexArtifact | undefined;
  let rebuilt = false;
  try {
    artifact = await readArtifact(options.indexPath);
  } catch (error) {
    if (!isAssistantError(error, 'INDEX_INVALID')) throw error;
    notice(`${error.message}; rebuilding`);
  }
  const why = artifact ? staleness(artifact, sources, codeVersion, options.semantic) : `${options.indexPath} does not exist`;
  if (artifact === undefined || why !== undefined) {
    if (artifact) notice(`index is stale (${why ?? ''}); rebuilding`);
    artifact = await buildArtifact(options.dir, {
      ...(encoder ? { encoder } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(artifact ? { previous: artifact } : {}),
    });
    rebuilt = true;
    try {
      await writeArtifact(options.indexPath, artifact);
    } catch (error) {
      notice(`could not save the index to ${options.indexPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return fromArtifact(artifact, options, encoder, rebuilt);
}

/** Build the artifact and write it to `indexPath`, whatever is there (`knowledge build`). */
export async function rebuildIndex(options: Pick<OpenKnowledgeBaseOptions, 'dir' | 'indexPath' | 'semantic' | 'onProgress' | 'encoder'>): Promise<IndexArtifact> {
  const encoder = options.semantic ? (options.encoder ?? sentenceEncoder()) : undefined;
  let previous: IndexArtifact | undefined;
  try {
    previous = await readArtifact(options.indexPath);
  } catch {
    previous = undefined;
  }
  const artifact = await buildArtifact(options.dir, {
    ...(encoder ? { encoder } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(previous ? { previous } : {}),
  });
  options.onProgress?.({ stage: 'write', done: 0, total: 1 });
  await writeArtifact(options.indexPath, artifact);
  options.onProgress?.({ stage: 'write', done: 1, total: 1 });
  return artifact;
}

async function fromArtifact(artifact: IndexArtifact, options: OpenKnowledgeBaseOptions, encoder: SentenceEncoder | undefined, rebuilt: boolean): Promise<OpenedKnowledgeBase> {
  const trusts = artifact.trusts;
  const glossary = await loadGlossary(path.join(options.dir, GLOSSARY_FILE), trusts.map((t) => t.id));
  const documents = artifactDocuments(artifact);
  const sectionsById = new Map(artifact.sections.map((s) => [s.id, s]));
  const indexes = new Map<TrustId, TrustIndex>();
  const indexedSections: Section[] = [];
  for (const trust of trusts) {
    const sections = documents.filter((d) => d.trust === trust.id).flatMap((d) => d.sections);
    const stored = artifact.indexes[trust.id];
    if (!stored) continue;
    indexes.set(trust.id, TrustIndex.load(trust.id, sections, stored.records, stored.minisearch, glossary));
    for (const s of sections) indexedSections.push(s);
  }

  // Stored by the build; worked out here only for an artifact written before it was.
  const vocabulary = artifact.vocabulary ? new Map(Object.entries(artifact.vocabulary)) : vocabularyOf(indexedSections);

  let semantic: { encoder: SentenceEncoder; vectors: Map<TrustId, TrustVectors> } | undefined;
  if (encoder && artifact.embeddings) {
    const e = artifact.embeddings;
    const sectionVectors = unpackVectors(e.sections, e.sectionCount);
    const unitVectors = unpackVectors(e.units, e.unitCount);
    const bySection = new Map(artifact.sections.map((s, i) => [s.id, sectionVectors[i]]));
    const vectors = new Map<TrustId, TrustVectors>();
    let next = 0;
    for (const trust of trusts) {
      const index = indexes.get(trust.id);
      if (!index) continue;
      const zero = new Float32Array(sectionVectors[0]?.length ?? 0);
      vectors.set(trust.id, {
        sections: index.sections.map((s) => bySection.get(s.section.id) ?? zero),
        units: index.sections.map((s) => (isSearchable(s.section) ? s.units.map(() => unitVectors[next++] ?? zero) : [])),
      });
    }
    semantic = { encoder, vectors };
  }

  const answerer = new PolicyAnswerer({
    indexes,
    documents,
    glossary,
    corrector: new SpellingCorrector(vocabulary, englishWords()),
    clock: options.clock,
    ...(semantic ? { semantic } : {}),
  });
  return {
    trusts,
    trust: (id) => trusts.find((t) => t.id === id),
    trustsForTenant: (tenantId) => trustsForTenant(trusts, tenantId),
    answerer,
    section: (id) => sectionsById.get(id),
    policies: (trust) => answerer.policies(trust),
    documents,
    rebuilt,
  };
}
