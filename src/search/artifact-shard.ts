/**
 * One trust's file of the index artifact: its sections, its search index and,
 * with the semantic stage, its embeddings. The manifest (`artifact.ts`) names
 * each trust's file with its SHA-256; a file is read and checked only when its
 * trust is first asked about. The check walks the data once, without copying
 * it, and names the first field that is wrong (`sections[12].text: expected a
 * string, got a number`).
 */
import type { PolicyDocument, Section, TrustId } from '../knowledge/types.js';
import type { StoredTrustIndex } from './trust-index.js';

/** The `format` of a trust file. */
export const SHARD_FORMAT = 'send-policy-index-trust';

/** A section as a trust file stores it (its trust and document title come from the manifest). */
export interface ShardSection {
  id: string;
  headingPath: string[];
  ownsHeading: boolean;
  text: string;
  order: number;
}

/** Embeddings of a trust's sections and of its searchable sections' units. */
export interface ShardEmbeddings {
  /** One int8 vector per section, in section order (`packVectors`). */
  sections: string;
  /** One int8 vector per unit of each searchable section, in order. */
  units: string;
  /** Short hash of the text behind each vector, sections first, so a rebuild re-embeds only changed text. */
  keys: string[];
}

/** A trust file as stored. */
export interface TrustShard {
  format: typeof SHARD_FORMAT;
  formatVersion: number;
  trust: TrustId;
  sections: ShardSection[];
  index: StoredTrustIndex;
  embeddings?: ShardEmbeddings;
}

/** What the manifest says of one of the trust's documents. */
export type DocumentEntry = Omit<PolicyDocument, 'sections'> & { sections: number };

/** A trust file, checked, with its sections placed in their documents. */
export interface OpenedShard {
  documents: PolicyDocument[];
  sections: Section[];
  index: StoredTrustIndex;
  embeddings?: ShardEmbeddings;
}

/** A trust file whose data does not have the expected shape; the message names the field. */
export class ShardShapeError extends Error {
  override readonly name = 'ShardShapeError';
}

/** Serialise a trust's file. */
export function serialiseShard(shard: TrustShard): string {
  return JSON.stringify(shard);
}

/**
 * Parse and check a trust file against what the manifest says of the trust.
 * @throws ShardShapeError naming the first field that is wrong
 */
export function openShard(text: string, expected: { trust: TrustId; formatVersion: number; documents: readonly DocumentEntry[] }): OpenedShard {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ShardShapeError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const shard = object(data, '(file)');
  if (shard.format !== SHARD_FORMAT) throw new ShardShapeError(`format: expected "${SHARD_FORMAT}", got ${describe(shard.format)}`);
  if (shard.formatVersion !== expected.formatVersion) throw new ShardShapeError(`formatVersion: expected ${expected.formatVersion}, got ${describe(shard.formatVersion)}`);
  if (shard.trust !== expected.trust) throw new ShardShapeError(`trust: expected "${expected.trust}", got ${describe(shard.trust)}`);

  const rawSections = array(shard.sections, 'sections');
  const listed = expected.documents.reduce((n, d) => n + d.sections, 0);
  if (rawSections.length !== listed) throw new ShardShapeError(`sections: ${rawSections.length} sections, the manifest lists ${listed} for this trust`);
  const sections: Section[] = [];
  const documents: PolicyDocument[] = [];
  let next = 0;
  for (const { sections: count, ...entry } of expected.documents) {
    const own: Section[] = [];
    for (let k = 0; k < count; k++, next++) {
      const at = `sections[${next}]`;
      const s = object(rawSections[next], at);
      own.push({
        id: string(s.id, `${at}.id`),
        trust: expected.trust,
        document: entry.title,
        headingPath: strings(s.headingPath, `${at}.headingPath`),
        ownsHeading: boolean(s.ownsHeading, `${at}.ownsHeading`),
        text: string(s.text, `${at}.text`),
        order: integer(s.order, `${at}.order`),
      });
    }
    for (const s of own) sections.push(s);
    documents.push({ ...entry, sections: own });
  }

  const index = object(shard.index, 'index');
  const terms = object(index.terms, 'index.terms');
  const units = object(index.units, 'index.units');
  const lexical = object(index.lexical, 'index.lexical');
  const stored: StoredTrustIndex = {
    terms: {
      stems: strings(terms.stems, 'index.terms.stems'),
      concepts: strings(terms.concepts, 'index.terms.concepts'),
      ids: string(terms.ids, 'index.terms.ids'),
      offsets: string(terms.offsets, 'index.terms.offsets'),
    },
    units: { bounds: string(units.bounds, 'index.units.bounds'), offsets: string(units.offsets, 'index.units.offsets') },
    lexical: {
      fields: strings(lexical.fields, 'index.lexical.fields'),
      terms: strings(lexical.terms, 'index.lexical.terms'),
      documentCount: integer(lexical.documentCount, 'index.lexical.documentCount'),
      documentIds: string(lexical.documentIds, 'index.lexical.documentIds'),
      fieldLengths: string(lexical.fieldLengths, 'index.lexical.fieldLengths'),
      averageFieldLength: numbers(lexical.averageFieldLength, 'index.lexical.averageFieldLength'),
      postings: array(lexical.postings, 'index.lexical.postings').map((p, f) => {
        const at = `index.lexical.postings[${f}]`;
        const o = object(p, at);
        return { offsets: string(o.offsets, `${at}.offsets`), documents: string(o.documents, `${at}.documents`), counts: string(o.counts, `${at}.counts`) };
      }),
    },
  };

  let embeddings: ShardEmbeddings | undefined;
  if (shard.embeddings !== undefined) {
    const e = object(shard.embeddings, 'embeddings');
    embeddings = { sections: string(e.sections, 'embeddings.sections'), units: string(e.units, 'embeddings.units'), keys: strings(e.keys, 'embeddings.keys') };
  }
  return { documents, sections, index: stored, ...(embeddings ? { embeddings } : {}) };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'boolean') return `a boolean (${String(value)})`;
  return typeof value;
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ShardShapeError(`${at}: expected an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new ShardShapeError(`${at}: expected an array, got ${describe(value)}`);
  return value;
}

function string(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new ShardShapeError(`${at}: expected a string, got ${describe(value)}`);
  return value;
}

function boolean(value: unknown, at: string): boolean {
  if (typeof value !== 'boolean') throw new ShardShapeError(`${at}: expected a boolean, got ${describe(value)}`);
  return value;
}

function integer(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ShardShapeError(`${at}: expected a whole number, got ${describe(value)}`);
  return value;
}

function numbers(value: unknown, at: string): number[] {
  const list = array(value, at);
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'number' || !Number.isFinite(list[i])) throw new ShardShapeError(`${at}[${i}]: expected a number, got ${describe(list[i])}`);
  return list as number[];
}

function strings(value: unknown, at: string): string[] {
  const list = array(value, at);
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') throw new ShardShapeError(`${at}[${i}]: expected a string, got ${describe(list[i])}`);
  return list as string[];
}
