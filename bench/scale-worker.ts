/**
 * One measurement of the scale benchmark in a fresh process (started by
 * `bench/scale.ts` with `--expose-gc`, so heap figures are this corpus's alone):
 *
 * - `--mode rebuild`: open the knowledge base with no artifact, as the server
 *   does at start when none was shipped: parse, index, write the artifact, load.
 * - `--mode load`: open it from the fresh artifact (its manifest: each trust
 *   loads on its first question), collect garbage and read the heap; time the
 *   first question to each of the trusts the dev questions ask (it loads the
 *   trust), then the dev questions; then load every trust and read the heap
 *   again (a process every trust has asked by now).
 *
 * Prints one JSON line with the figures on stdout.
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openKnowledgeBase } from '../src/answers/knowledge-base.js';
import { systemClock } from '../src/clock.js';
import { readManifest, type BuildProgress } from '../src/search/artifact.js';
import { loadQuestions } from './lib/questions.js';
import { Recorder } from './lib/stats.js';
import { standInEncoder } from './standin-encoder.js';

/** What a rebuild reports. */
export interface RebuildReport {
  mode: 'rebuild';
  /** Start to knowledge base open, ms (parse + index + write + load). */
  totalMs: number;
  parseMs: number;
  /** Analysis and minisearch indexing of every trust, ms. */
  indexMs: number;
  /** Embedding every section and unit (stand-in encoder), ms. */
  embedMs: number;
  /** The manifest and every trust's file, bytes. */
  artifactBytes: number;
  /** The manifest alone (what a start reads), bytes. */
  manifestBytes: number;
  /** The largest trust file (what a trust's first question reads), bytes. */
  largestTrustFileBytes: number;
  sections: number;
}

/** What a load reports. */
export interface LoadReport {
  mode: 'load';
  /** Start to knowledge base open from the fresh artifact, ms. */
  loadMs: number;
  /** Heap after load and a full garbage collection, bytes. */
  heapUsed: number;
  /** Typed-array memory (outside the V8 heap; the embedding vectors live there), bytes. */
  arrayBuffers: number;
  /** Heap before anything was loaded (modules only), bytes. */
  heapBefore: number;
  rebuilt: boolean;
  /** The first question to each trust the dev questions ask, which loads that trust, ms. */
  firstQuestions: number[];
  /** Per-question latency once the trusts are loaded, ms. */
  latencies: number[];
  /** Heap plus typed arrays after the questions (their trusts loaded) and a full collection, bytes. */
  memoryAsked: number;
  /** Loading every other trust, ms. */
  loadRestMs: number;
  /** Heap plus typed arrays with every trust loaded, after a full collection, bytes. */
  memoryAll: number;
}

function memory(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

function collectGarbage(): void {
  const gc = globalThis.gc;
  if (gc) {
    gc();
    gc();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string' },
      dir: { type: 'string' },
      index: { type: 'string' },
      semantic: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const { mode, dir, index } = values;
  if (!dir || !index || (mode !== 'rebuild' && mode !== 'load')) throw new RangeError('usage: --mode rebuild|load --dir KNOWLEDGE --index FILE [--semantic] [--rounds N]');
  const semantic = values.semantic === true;
  // Every trust stays held once loaded (MAX_LOADED_TRUSTS at least the number of trusts): the memory measured is the most a process holds.
  const options = { dir, indexPath: index, semantic, maxLoadedTrusts: Number.MAX_SAFE_INTEGER, clock: systemClock, ...(semantic ? { encoder: standInEncoder() } : {}) };

  if (mode === 'rebuild') {
    const marks = new Map<string, number>();
    const started = performance.now();
    const onProgress = (p: BuildProgress) => {
      const key = `${p.stage}:${p.done === p.total ? 'end' : p.done === 0 ? 'start' : 'mid'}`;
      if (!marks.has(key)) marks.set(key, performance.now());
    };
    const kb = await openKnowledgeBase({ ...options, onProgress });
    const totalMs = performance.now() - started;
    if (!kb.rebuilt) throw new Error(`${index}: an artifact was there, so nothing was built`);
    const at = (key: string) => marks.get(key) ?? Number.NaN;
    const indexEnd = at('index:end');
    const manifest = await readManifest(index);
    const files = Object.values(manifest?.trustFiles ?? {});
    const manifestBytes = (await stat(index)).size;
    const report: RebuildReport = {
      mode,
      totalMs,
      parseMs: at('parse:end') - at('parse:start'),
      indexMs: indexEnd - at('parse:end'),
      embedMs: semantic ? (marks.get('embed:end') ?? indexEnd) - indexEnd : 0,
      artifactBytes: manifestBytes + files.reduce((n, f) => n + f.bytes, 0),
      manifestBytes,
      largestTrustFileBytes: Math.max(0, ...files.map((f) => f.bytes)),
      sections: files.reduce((n, f) => n + f.sections, 0),
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }

  const questions = await loadQuestions();
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const kb = await openKnowledgeBase(options);
  const loadMs = performance.now() - started;
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  const first = new Recorder();
  for (const trust of new Set(questions.map((q) => q.trust))) {
    const question = questions.find((q) => q.trust === trust)?.question ?? '';
    await first.time(() => kb.answerer.answer(trust, question));
  }
  const warmup = Number(values.warmup);
  for (let r = 0; r < warmup; r++) for (const q of questions) await kb.answerer.answer(q.trust, q.question);
  const recorder = new Recorder();
  const rounds = Number(values.rounds);
  for (let r = 0; r < rounds; r++) for (const q of questions) await recorder.time(() => kb.answerer.answer(q.trust, q.question));
  collectGarbage();
  const memoryAsked = memory();
  const rest = performance.now();
  const sections = kb.documents.reduce((n, d) => n + d.sections.length, 0);
  const loadRestMs = performance.now() - rest;
  if (sections === 0 || kb.loadedTrusts !== kb.trusts.length) throw new Error(`loaded ${kb.loadedTrusts} of ${kb.trusts.length} trusts`);
  collectGarbage();
  const report: LoadReport = {
    mode,
    loadMs,
    heapUsed,
    arrayBuffers,
    heapBefore,
    rebuilt: kb.rebuilt,
    firstQuestions: first.samples,
    latencies: recorder.samples,
    memoryAsked,
    loadRestMs,
    memoryAll: memory(),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
