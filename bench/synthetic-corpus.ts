/**
 * A synthetic policy corpus for the scale benchmark: any number of distinct
 * Markdown policies recombined from the real policies' sections, generated
 * deterministically from a seed. Each document takes a school's name as its
 * title and 30–60 sections drawn without repetition from every source policy,
 * with a few everyday words swapped (a document-wide choice of "pupil" →
 * "student", "school" → "academy", ...), so documents differ in words as well as
 * in which sections they hold. Documents are dealt round-robin to the given
 * trusts (at least one each), so every trust's index grows with the corpus.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PolicyDocument, Trust, TrustId } from '../src/knowledge/types.js';

/** A seeded pseudo-random generator returning numbers in [0, 1): mulberry32. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One section of a real policy that synthetic documents may reuse. */
export interface SourceSection {
  trust: TrustId;
  /** The section's own (last) heading. */
  heading: string;
  text: string;
}

/** One generated policy file. */
export interface SyntheticDocument {
  trust: TrustId;
  /** Path relative to the knowledge folder, e.g. `policies/synthetic-0001.md`. */
  file: string;
  title: string;
  /** Number of source sections the document holds. */
  sections: number;
  /** The Markdown text. */
  text: string;
  policyDate: string;
  reviewDate: string;
}

/** A generated corpus: its documents and the registry that lists them. */
export interface SyntheticCorpus {
  seed: number;
  documents: SyntheticDocument[];
  /** The registry (`trusts.json`) holding the given trusts with the synthetic policies. */
  registry: { $comment: string; trusts: (Omit<Trust, 'policies'> & { policies: { file: string; policyDate: string; reviewDate: string }[] })[] };
}

/** How to generate a corpus. */
export interface CorpusOptions {
  /** Number of documents. */
  documents: number;
  /** Seed of the generator; the same seed and sources give the same corpus. */
  seed: number;
  /** Trusts the documents are dealt to, in turn. */
  trusts: readonly Omit<Trust, 'policies'>[];
  /** Fewest and most sections per document (default 30 and 60). */
  minSections?: number;
  maxSections?: number;
}

/** Word swaps a document may make, each chosen per document with {@link SWAP_CHANCE}. */
export const WORD_SWAPS: readonly (readonly [string, string])[] = [
  ['pupil', 'student'],
  ['pupils', 'students'],
  ['school', 'academy'],
  ['schools', 'academies'],
  ['parents', 'families'],
  ['teacher', 'class teacher'],
  ['staff', 'colleagues'],
  ['support', 'help'],
  ['ensure', 'make sure'],
  ['meeting', 'review meeting'],
  ['child', 'learner'],
  ['children', 'learners'],
];

/** Chance that a document makes a given word swap. */
export const SWAP_CHANCE = 0.3;

const PLACES = [
  'Ashby', 'Brookfield', 'Castleford', 'Danesbury', 'Elmwood', 'Fernhill', 'Glenmoor', 'Hartley', 'Ivybridge', 'Juniper Hill',
  'Kingsmead', 'Larkrise', 'Millbrook', 'Northgate', 'Oakfield', 'Penrose', 'Queensway', 'Riverside', 'Stonebridge', 'Thornbury',
  'Upton', 'Valley Road', 'Westfield', 'Yarrow', 'Alderley', 'Beechwood', 'Coppice', 'Deanery', 'Eastbrook', 'Foxhollow',
];
const KINDS = ['Primary School', 'Academy', 'High School', 'Infant School', 'Junior Academy', 'Learning Centre', 'Free School', 'Church of England Primary'];

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick: no items');
  return item;
}

/** `count` distinct positions of `0..total-1` in random order (a partial Fisher–Yates shuffle). */
function sample(total: number, count: number, random: () => number): number[] {
  const positions = Array.from({ length: total }, (_, i) => i);
  const n = Math.min(count, total);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (total - i));
    const a = positions[i] ?? i;
    positions[i] = positions[j] ?? j;
    positions[j] = a;
  }
  return positions.slice(0, n);
}

function swapWords(text: string, swaps: readonly (readonly [string, string])[]): string {
  let out = text;
  for (const [from, to] of swaps) {
    out = out.replace(new RegExp(`\\b${from}\\b`, 'gi'), (word) => (word[0] === word[0]?.toUpperCase() ? to[0]?.toUpperCase() + to.slice(1) : to));
  }
  return out;
}

/** A heading as a Markdown heading line's text: no emphasis markers, one line. */
function headingText(heading: string): string {
  return heading.replace(/\*+/g, '').replace(/\s+/g, ' ').trim();
}

function isoDate(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/**
 * The sections of `documents` worth recombining: those with words in them,
 * leaving out the title page and the table of contents.
 */
export function sourceSections(documents: readonly PolicyDocument[]): SourceSection[] {
  return documents.flatMap((d) =>
    d.sections
      .filter((s) => s.order > 0 && /[A-Za-z]{3}/.test(s.text) && !/^\s*(?:table of\s+)?contents\s*:?\s*$/i.test(s.headingPath.at(-1) ?? ''))
      .map((s) => ({ trust: d.trust, heading: headingText(s.headingPath.at(-1) ?? d.title), text: s.text })),
  );
}

/** Generate a corpus of `options.documents` policies from `sources`. */
export function generateCorpus(sources: readonly SourceSection[], options: CorpusOptions): SyntheticCorpus {
  if (sources.length === 0) throw new RangeError('generateCorpus: no source sections');
  // Every trust needs a policy (the registry and the glossary's per-trust entries name them all).
  if (options.trusts.length === 0 || options.documents < options.trusts.length) {
    throw new RangeError(`generateCorpus: ${options.documents} documents cannot give each of ${options.trusts.length} trusts a policy`);
  }
  const random = mulberry32(options.seed);
  const min = options.minSections ?? 30;
  const max = Math.max(min, options.maxSections ?? 60);
  const documents: SyntheticDocument[] = [];
  for (let i = 0; i < options.documents; i++) {
    const trust = options.trusts[i % options.trusts.length];
    if (!trust) throw new RangeError('generateCorpus: no trust');
    const number = String(i + 1).padStart(4, '0');
    const school = `${pick(PLACES, random)} ${pick(KINDS, random)}`;
    const title = `${school} SEND Policy ${number}`;
    const swaps = WORD_SWAPS.filter(() => random() < SWAP_CHANCE);
    const count = min + Math.floor(random() * (max - min + 1));
    const chosen = sample(sources.length, count, random);
    const year = 2024 + Math.floor(random() * 3);
    const month = 1 + Math.floor(random() * 12);
    const lines = [`# ${title}`, '', `This policy applies to ${school} (policy ${number}).`, ''];
    for (const position of chosen) {
      const section = sources[position];
      if (!section) continue;
      lines.push(`## ${swapWords(section.heading, swaps)}`, '', swapWords(section.text, swaps).trim(), '');
    }
    documents.push({
      trust: trust.id,
      file: `policies/synthetic-${number}.md`,
      title,
      sections: chosen.length,
      text: lines.join('\n'),
      policyDate: isoDate(year, month),
      reviewDate: isoDate(year + 1, month),
    });
  }
  const registry: SyntheticCorpus['registry'] = {
    $comment: `Synthetic corpus of ${options.documents} policies, seed ${options.seed}.`,
    trusts: options.trusts.map((t) => ({
      id: t.id,
      displayName: t.displayName,
      tenantIds: [...t.tenantIds],
      sendcoRole: t.sendcoRole,
      policies: documents.filter((d) => d.trust === t.id).map((d) => ({ file: d.file, policyDate: d.policyDate, reviewDate: d.reviewDate })),
    })),
  };
  return { seed: options.seed, documents, registry };
}

/**
 * Write `corpus` as a knowledge folder at `dir`: `trusts.json`, the policies and
 * a copy of `glossaryFile`.
 */
export async function writeCorpus(dir: string, corpus: SyntheticCorpus, glossaryFile: string): Promise<void> {
  await mkdir(path.join(dir, 'policies'), { recursive: true });
  await writeFile(path.join(dir, 'trusts.json'), `${JSON.stringify(corpus.registry, null, 2)}\n`);
  await copyFile(glossaryFile, path.join(dir, 'glossary.json'));
  for (const document of corpus.documents) await writeFile(path.join(dir, document.file), document.text);
}
