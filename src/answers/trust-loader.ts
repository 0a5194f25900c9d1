/**
 * Each trust's part of the knowledge base (search index, sections, documents,
 * embeddings), loaded from its file of the index artifact the first time the
 * trust is asked about and kept, up to a set number of trusts: past it, the
 * trust asked about least recently is let go, and read again when it is next
 * asked about. A deployment of hundreds of trusts starts by reading the
 * manifest only; a trust nobody asks about costs nothing. Loading is
 * synchronous (a trust's file is read, checked and turned into its index in
 * one step, tens of milliseconds for five policies), so a section can be
 * looked up by id as it always could.
 */
import { AssistantError, isAssistantError } from '../errors.js';
import type { PolicyDocument, Section, TrustId } from '../knowledge/types.js';
import { openShard, ShardShapeError, type DocumentEntry } from '../search/artifact-shard.js';
import { INDEX_FORMAT_VERSION, type IndexManifest } from '../search/artifact.js';
import type { Glossary } from '../search/glossary.js';
import { unpackByteVectors } from '../search/semantic.js';
import { TrustIndex, isSearchable } from '../search/trust-index.js';
import type { TrustVectors } from './policy-answerer.js';

/** One trust, loaded. */
export interface LoadedTrust {
  index: TrustIndex;
  documents: PolicyDocument[];
  sections: ReadonlyMap<string, Section>;
  /** Embeddings, when the semantic stage is on. */
  vectors?: TrustVectors;
}

/** Most trusts held at once unless configured otherwise: about 1 MB each for five policies, 4 MB with embeddings. */
export const DEFAULT_MAX_LOADED_TRUSTS = 100;

/** Where a trust's file comes from: its text, and a name for it in error messages. */
export type TrustFileReader = (trust: TrustId) => { name: string; text: string };

/** Loads trusts from an artifact's files on first use. */
export class TrustLoader {
  private readonly manifest: IndexManifest;
  private readonly read: TrustFileReader;
  private readonly glossary: Glossary;
  private readonly semantic: boolean;
  private readonly documentsOf = new Map<TrustId, DocumentEntry[]>();
  /** Loaded trusts, least recently asked about first. */
  private readonly loaded = new Map<TrustId, LoadedTrust>();
  private readonly maxLoaded: number;

  /** @param parts.maxLoaded most trusts held at once (default {@link DEFAULT_MAX_LOADED_TRUSTS}) */
  constructor(parts: { manifest: IndexManifest; read: TrustFileReader; glossary: Glossary; semantic: boolean; maxLoaded?: number }) {
    this.manifest = parts.manifest;
    this.read = parts.read;
    this.glossary = parts.glossary;
    this.semantic = parts.semantic;
    this.maxLoaded = Math.max(1, parts.maxLoaded ?? DEFAULT_MAX_LOADED_TRUSTS);
    for (const trust of Object.keys(parts.manifest.trustFiles)) this.documentsOf.set(trust, []);
    for (const d of parts.manifest.documents) this.documentsOf.get(d.trust)?.push(d);
  }

  /** The trusts the artifact holds, in registry order. */
  ids(): IterableIterator<TrustId> {
    return this.documentsOf.keys();
  }

  /** How many trusts are held now. */
  get loadedCount(): number {
    return this.loaded.size;
  }

  /**
   * The trust, loaded on first use; `undefined` when the artifact does not hold it.
   * @throws AssistantError `INDEX_INVALID` naming the trust's file when it cannot be read or is not what the manifest says
   */
  get(trust: TrustId): LoadedTrust | undefined {
    const cached = this.loaded.get(trust);
    if (cached) {
      // Most recently asked about last.
      this.loaded.delete(trust);
      this.loaded.set(trust, cached);
      return cached;
    }
    const documents = this.documentsOf.get(trust);
    if (documents === undefined) return undefined;
    const { name, text } = this.read(trust);
    let loaded: LoadedTrust;
    try {
      loaded = this.open(trust, text, documents);
    } catch (error) {
      if (isAssistantError(error)) throw error;
      if (error instanceof ShardShapeError || error instanceof RangeError) throw new AssistantError('INDEX_INVALID', `${name}: ${error.message}`, { cause: error });
      throw error;
    }
    this.loaded.set(trust, loaded);
    for (const oldest of this.loaded.keys()) {
      if (this.loaded.size <= this.maxLoaded) break;
      this.loaded.delete(oldest);
    }
    return loaded;
  }

  /** The section with this id (`<trust>/<document>/<n>`), loading its trust if needed. */
  section(id: string): Section | undefined {
    const slash = id.indexOf('/');
    return slash > 0 ? this.get(id.slice(0, slash))?.sections.get(id) : undefined;
  }

  /** Every trust's documents with their sections, in the manifest's order (loads every trust). */
  documents(): PolicyDocument[] {
    const byFile = new Map<string, PolicyDocument>();
    for (const trust of this.ids()) for (const d of this.get(trust)?.documents ?? []) byFile.set(`${d.trust}\n${d.file}`, d);
    return this.manifest.documents.flatMap((d) => byFile.get(`${d.trust}\n${d.file}`) ?? []);
  }

  private open(trust: TrustId, text: string, documents: readonly DocumentEntry[]): LoadedTrust {
    const shard = openShard(text, { trust, formatVersion: INDEX_FORMAT_VERSION, documents });
    let index: TrustIndex;
    try {
      index = TrustIndex.load(trust, shard.sections, shard.index, this.glossary);
    } catch (error) {
      throw new ShardShapeError(`index.${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const sections = new Map(shard.sections.map((s) => [s.id, s]));
    if (!this.semantic) return { index, documents: shard.documents, sections };
    const e = shard.embeddings;
    if (!e) throw new ShardShapeError('embeddings: missing, and the semantic stage is on');
    const unitCount = index.sections.reduce((n, s) => n + (isSearchable(s.section) ? s.units.length : 0), 0);
    if (e.keys.length !== shard.sections.length + unitCount) throw new ShardShapeError(`embeddings.keys: ${e.keys.length} keys for ${shard.sections.length} sections and ${unitCount} units`);
    const unpack = (field: string, packed: string, count: number) => {
      try {
        return unpackByteVectors(packed, count);
      } catch (error) {
        throw new ShardShapeError(`embeddings.${field}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    };
    const sectionVectors = unpack('sections', e.sections, shard.sections.length);
    const unitVectors = unpack('units', e.units, unitCount);
    let next = 0;
    const vectors: TrustVectors = {
      sections: sectionVectors,
      units: index.sections.map((s) => (isSearchable(s.section) ? s.units.map(() => unitVectors[next++] ?? { bytes: new Int8Array(0), scale: 0 }) : [])),
    };
    return { index, documents: shard.documents, sections, vectors };
  }
}
