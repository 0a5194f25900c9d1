/**
 * Scale: synthetic corpora of 5 to 1,000 policies recombined from the five real
 * ones (`bench/synthetic-corpus.ts`), each built, saved and loaded in its own
 * process (`bench/scale-worker.ts`) for clean heap figures.
 *
 * Two layouts. The deployment layout is how the product grows: more trusts,
 * each with its own handful of policies (five each; the five real trusts among
 * them, and the dev questions asked of those), so a question searches one
 * trust's policies however many the deployment holds. The stress layout puts
 * every policy in the five real trusts (N/5 each), so one trust's index grows
 * with the corpus: the worst case for a question.
 *
 * The semantic stage is measured with a stand-in encoder (`bench/standin-encoder.ts`):
 * real vectors' size, storage, load and similarity cost, without a model run
 * per text (about 80 ms each, far too slow for thousands of sections). The
 * model's own cost per text is measured on real sections and extrapolated.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../src/config.js';
import type { Config } from '../src/config.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import type { Trust } from '../src/knowledge/types.js';
import { sentenceEncoder } from '../src/search/semantic.js';
import { splitUnits } from '../src/search/sentences.js';
import { describeGrowth, growthExponent, summarise } from './lib/stats.js';
import type { LatencySummary } from './lib/stats.js';
import { bytes, ms } from './lib/table.js';
import type { Table } from './lib/table.js';
import { generateCorpus, sourceSections, writeCorpus } from './synthetic-corpus.js';

/** Policies per trust in the deployment layout. */
export const POLICIES_PER_TRUST = 5;

/** How to run the scale benchmark. */
export interface ScaleOptions {
  /** Corpus sizes (documents) in the deployment layout. */
  sizes: number[];
  /** Corpus sizes in the stress layout (every policy in the five real trusts). */
  stressSizes: number[];
  /** Corpus sizes measured again with the semantic stage (stand-in vectors). */
  semanticSizes: number[];
  /** Timed passes over the dev questions per size. */
  rounds: number;
  seed: number;
  /** Measure the model's embedding cost per text (loads the bundled model). */
  measureModel: boolean;
  onProgress?: (message: string) => void;
}

/** Figures for one corpus. */
export interface ScaleRow {
  layout: 'deployment' | 'stress';
  semantic: boolean;
  documents: number;
  trusts: number;
  sections: number;
  /** Start with no artifact: parse, index, (embed,) write and load, ms. */
  rebuildMs: number;
  parseMs: number;
  indexMs: number;
  /** The manifest and every trust's file, bytes. */
  artifactBytes: number;
  /** The manifest alone, bytes. */
  manifestBytes: number;
  /** The largest trust file, bytes. */
  largestTrustFileBytes: number;
  /** Start with a fresh artifact: read and validate the manifest, ms. */
  loadMs: number;
  /** Heap after start and a full collection, plus typed arrays (the vectors), bytes. */
  memory: number;
  /** Heap of the same process before loading (modules only), bytes. */
  heapBefore: number;
  /** The first question to each asked trust, which loads it, ms. */
  firstQuestion: LatencySummary;
  query: LatencySummary;
  /** Heap plus typed arrays after the questions (the asked trusts loaded, their caches warm), bytes. */
  memoryAsked: number;
  /** Loading every other trust, ms. */
  loadRestMs: number;
  /** Heap plus typed arrays with every trust loaded, bytes. */
  memoryAll: number;
}

/** Results of the scale benchmark. */
export interface ScaleResult {
  rows: ScaleRow[];
  /** The model's embedding time per section or unit text, ms (when measured). */
  modelMsPerText?: number;
  /** Texts embedded per section at 5 policies (the section and its units). */
  textsPerSection: number;
}

const rebuildSchema = z.object({
  mode: z.literal('rebuild'),
  totalMs: z.number(),
  parseMs: z.number(),
  indexMs: z.number(),
  embedMs: z.number(),
  artifactBytes: z.number(),
  manifestBytes: z.number(),
  largestTrustFileBytes: z.number(),
  sections: z.number(),
});

const loadSchema = z.object({
  mode: z.literal('load'),
  loadMs: z.number(),
  heapUsed: z.number(),
  arrayBuffers: z.number(),
  heapBefore: z.number(),
  rebuilt: z.boolean(),
  firstQuestions: z.array(z.number()),
  latencies: z.array(z.number()),
  memoryAsked: z.number(),
  loadRestMs: z.number(),
  memoryAll: z.number(),
});

const NODE = path.join(projectRoot, 'node_modules', '.bin', 'node');
const WORKER = path.join(projectRoot, 'bench', 'scale-worker.ts');

/** Run the worker in a fresh process and return its one JSON line. */
function runWorker(args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, ['--expose-gc', '--import', 'tsx', WORKER, ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`scale worker ${args.join(' ')} exited with ${String(code)}: ${err.trim()}`));
        return;
      }
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? ''));
      } catch (error) {
        reject(new Error(`scale worker printed no JSON: ${out.slice(0, 200)} ${err.slice(0, 500)}`, { cause: error }));
      }
    });
  });
}

/** Trusts for a deployment of `documents` policies, five to a trust: the real trusts first, then synthetic ones. */
export function deploymentTrusts(real: readonly Trust[], documents: number): Omit<Trust, 'policies'>[] {
  const count = Math.max(real.length, Math.ceil(documents / POLICIES_PER_TRUST));
  const out: Omit<Trust, 'policies'>[] = real.map(({ policies: _policies, ...t }) => t);
  for (let i = out.length; i < count; i++) {
    const n = String(i + 1).padStart(4, '0');
    out.push({ id: `synthetic-trust-${n}`, displayName: `Synthetic Trust ${n}`, tenantIds: [`00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`], sendcoRole: 'SENCO' });
  }
  return out;
}

/** The model's embedding time per text, measured on real section and unit texts. */
async function modelCostPerText(texts: readonly string[]): Promise<number> {
  const encoder = sentenceEncoder();
  await encoder.embed(['warm up the model']);
  const started = performance.now();
  await encoder.embed(texts);
  return (performance.now() - started) / texts.length;
}

/** Run the scale benchmark. */
export async function benchScale(config: Config, options: ScaleOptions): Promise<ScaleResult> {
  const progress = options.onProgress ?? (() => undefined);
  const real = await loadKnowledge(config.knowledge.dir);
  const sources = sourceSections(real.documents);
  const glossary = path.join(config.knowledge.dir, 'glossary.json');
  const work = await mkdtemp(path.join(tmpdir(), 'send-bench-scale-'));
  const rows: ScaleRow[] = [];

  const unitsPerSection = sources.reduce((n, s) => n + splitUnits(s.text).length, 0) / sources.length;
  let modelMsPerText: number | undefined;
  try {
    if (options.measureModel) {
      progress('scale: the model’s embedding cost per section and unit text');
      const sample = sources.slice(0, 24).flatMap((s) => [s.text, ...splitUnits(s.text).slice(0, 2).map((u) => s.text.slice(u.start, u.end))]);
      modelMsPerText = await modelCostPerText(sample);
    }

    const plans: { layout: ScaleRow['layout']; documents: number; semantic: boolean }[] = [
      ...options.sizes.map((documents) => ({ layout: 'deployment' as const, documents, semantic: false })),
      ...options.semanticSizes.map((documents) => ({ layout: 'deployment' as const, documents, semantic: true })),
      ...options.stressSizes.map((documents) => ({ layout: 'stress' as const, documents, semantic: false })),
    ];
    for (const plan of plans) {
      const trusts = plan.layout === 'deployment' ? deploymentTrusts(real.trusts, plan.documents) : real.trusts;
      const label = `${plan.layout} ${plan.documents} policies${plan.semantic ? ' + vectors' : ''}`;
      const dir = path.join(work, `${plan.layout}-${plan.documents}${plan.semantic ? '-semantic' : ''}`);
      const index = path.join(dir, 'index.json');
      progress(`scale: ${label}: generating`);
      const corpus = generateCorpus(sources, { documents: plan.documents, seed: options.seed, trusts });
      await writeCorpus(dir, corpus, glossary);
      const flags = ['--dir', dir, '--index', index, ...(plan.semantic ? ['--semantic'] : [])];
      progress(`scale: ${label}: rebuild (no artifact)`);
      const rebuild = rebuildSchema.parse(await runWorker(['--mode', 'rebuild', ...flags]));
      progress(`scale: ${label}: load (fresh artifact) and ${options.rounds} rounds of questions`);
      const load = loadSchema.parse(await runWorker(['--mode', 'load', ...flags, '--rounds', String(options.rounds)]));
      if (load.rebuilt) throw new Error(`scale: ${label}: the artifact was rebuilt when it should have loaded`);
      rows.push({
        layout: plan.layout,
        semantic: plan.semantic,
        documents: plan.documents,
        trusts: corpus.registry.trusts.length,
        sections: rebuild.sections,
        rebuildMs: rebuild.totalMs,
        parseMs: rebuild.parseMs,
        indexMs: rebuild.indexMs,
        artifactBytes: rebuild.artifactBytes,
        manifestBytes: rebuild.manifestBytes,
        largestTrustFileBytes: rebuild.largestTrustFileBytes,
        loadMs: load.loadMs,
        memory: load.heapUsed + load.arrayBuffers,
        heapBefore: load.heapBefore,
        firstQuestion: summarise(load.firstQuestions),
        query: summarise(load.latencies),
        memoryAsked: load.memoryAsked,
        loadRestMs: load.loadRestMs,
        memoryAll: load.memoryAll,
      });
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { rows, ...(modelMsPerText === undefined ? {} : { modelMsPerText }), textsPerSection: 1 + unitsPerSection };
}

const MB = 1e6;

function slope(rows: readonly ScaleRow[], pick: (r: ScaleRow) => number): { exponent: number; from: number; to: number } | undefined {
  const [a, b] = rows.slice(-2);
  if (!a || !b) return undefined;
  return { exponent: growthExponent(a.documents, pick(a), b.documents, pick(b)), from: a.documents, to: b.documents };
}

/** The scale tables: figures per size, and how each grows. */
export function scaleTables(result: ScaleResult): Table[] {
  const lexical = result.rows.filter((r) => !r.semantic && r.layout === 'deployment');
  const semantic = result.rows.filter((r) => r.semantic);
  const stress = result.rows.filter((r) => r.layout === 'stress');
  const row = (r: ScaleRow) => [
    r.documents,
    r.trusts,
    r.sections,
    `${(r.rebuildMs / 1000).toFixed(2)} s`,
    `${(r.indexMs / 1000).toFixed(2)} s`,
    `${bytes(r.artifactBytes)} (${bytes(r.manifestBytes)})`,
    ms(r.loadMs),
    (r.memory / MB).toFixed(1),
    `${ms(r.firstQuestion.p50)} / ${ms(r.firstQuestion.max)}`,
    ms(r.query.p50),
    ms(r.query.p95),
    `${(r.loadRestMs / 1000).toFixed(2)} s`,
    (r.memoryAll / MB).toFixed(1),
  ];
  const columns = [
    'policies',
    'trusts',
    'sections',
    'start, no artifact',
    'of it: index',
    'artifact (manifest)',
    'start, artifact (ms)',
    'memory MB',
    'first question ms',
    'query p50',
    'query p95',
    'every trust: load',
    'every trust: MB',
  ];
  const tables: Table[] = [
    {
      title: 'Scale, deployment layout: five policies per trust, dev questions asked of the five real trusts',
      columns,
      rows: lexical.map(row),
      notes: [
        '"start, no artifact" is opening the knowledge base with no index artifact (parse, index, write, then open), as a server does when none was shipped; "start, artifact" opens the fresh artifact: it hashes the sources and reads and checks the manifest, and each trust\'s file is read when that trust is first asked about. Each in its own process.',
        '"artifact" is the manifest and every trust\'s file; the manifest alone, which a start reads, in brackets.',
        `"memory" is heapUsed plus typed arrays after the start and a forced full GC (modules alone: ${((lexical[0]?.heapBefore ?? 0) / MB).toFixed(1)} MB; the English word list for typo correction is part of every figure).`,
        '"first question" is the first question to each of the five asked trusts, which reads, checks and loads that trust\'s file: median / slowest, ms. Query latency is per question after that (answer with quote, semantic stage off), ms.',
        '"every trust" is then loading every other trust (as a process does once each trust has asked something) and the memory with all of them loaded, after a full GC: the most a process holds, with MAX_LOADED_TRUSTS at least the number of trusts (by default at most 100 trusts are held).',
      ],
    },
  ];
  const growth: (string | number)[][] = [];
  const describe = (name: string, rows: readonly ScaleRow[], pick: (r: ScaleRow) => number) => {
    const s = slope(rows, pick);
    if (s) growth.push([name, `${s.from} → ${s.to}`, Number.isFinite(s.exponent) ? s.exponent.toFixed(2) : 'n/a', describeGrowth(s.exponent)]);
  };
  describe('start, no artifact (deployment)', lexical, (r) => r.rebuildMs);
  describe('artifact size (deployment)', lexical, (r) => r.artifactBytes);
  describe('start, artifact (deployment)', lexical, (r) => r.loadMs);
  describe('heap after start, above modules (deployment)', lexical, (r) => r.memory - r.heapBefore);
  describe('first question to a trust (deployment)', lexical, (r) => r.firstQuestion.p50);
  describe('heap, every trust loaded, above modules (deployment)', lexical, (r) => r.memoryAll - r.heapBefore);
  describe('query p95 (deployment)', lexical, (r) => r.query.p95);
  describe('query p95 (stress: one trust grows)', stress, (r) => r.query.p95);
  describe('heap, every trust loaded, above modules (with vectors)', semantic, (r) => r.memoryAll - r.heapBefore);
  tables.push({
    title: 'Scale: how each figure grows (log-log slope between the two largest sizes: 1 = linear, 0 = flat)',
    columns: ['figure', 'policies', 'slope', 'growth'],
    rows: growth,
  });
  if (stress.length > 0) {
    tables.push({
      title: 'Scale, stress layout: every policy in the five real trusts (N/5 policies each)',
      columns,
      rows: stress.map(row),
      notes: [
        'The worst case for a question: its trust holds a fifth of the corpus. The lexical stage hands at most 100 sections on to the sentence-level ranking, so past that size the cost left growing is the full-text search\'s own (one pass over the posting lists of the question\'s terms).',
        'The first question to a trust here reads one trust file of a fifth of the corpus.',
      ],
    });
  }
  if (semantic.length > 0) {
    const notes = [
      'Vectors from the stand-in encoder: the real dimension (512), stored as signed bytes in the artifact and in memory, so size, load, heap and the similarity cost are real; the question vector is the stand-in too, so query latency here excludes the model (see the retrieval table for the question embedding).',
    ];
    const perText = result.modelMsPerText;
    if (perText !== undefined) {
      for (const size of [200, 1000]) {
        const base = semantic.at(-1);
        if (!base) continue;
        const sections = (base.sections / base.documents) * size;
        const texts = sections * result.textsPerSection;
        const vectorHeap = (base.memoryAll - (lexical.find((r) => r.documents === base.documents)?.memoryAll ?? base.heapBefore)) * (size / base.documents);
        notes.push(
          `Extrapolated to ${size} policies (linear in sections, from the largest measured size): about ${Math.round(texts).toLocaleString('en-GB')} texts to embed at ${perText.toFixed(1)} ms each (measured with the model here) = ${(texts * perText / 60_000).toFixed(0)} min to build, once; with every trust loaded, vectors add about ${(vectorHeap / MB).toFixed(0)} MB of heap.`,
        );
      }
    }
    tables.push({
      title: 'Scale with the semantic stage (deployment layout, stand-in vectors)',
      columns,
      rows: semantic.map(row),
      notes,
    });
  }
  return tables;
}
