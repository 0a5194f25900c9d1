/**
 * One measurement of the scale benchmark in a fresh process (started by
 * `bench/scale.ts` with `--expose-gc`, so heap figures are this corpus's alone):
 *
 * - `--mode rebuild`: open the knowledge base with no artifact, as the server
 *   does at start when none was shipped: parse, index, write the artifact, load.
 * - `--mode load`: open it from the fresh artifact, then collect garbage and
 *   read the heap, then time the dev questions against it.
 *
 * Prints one JSON line with the figures on stdout.
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openKnowledgeBase } from '../src/answers/knowledge-base.js';
import { systemClock } from '../src/clock.js';
import type { BuildProgress } from '../src/search/artifact.js';
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
  artifactBytes: number;
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
  /** Per-question latency, ms. */
  latencies: number[];
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
  const options = { dir, indexPath: index, semantic, clock: systemClock, ...(semantic ? { encoder: standInEncoder() } : {}) };

  if (mode === 'rebuild') {
    const marks = new Map<string, number>();
    const started = performance.now();
    const onProgress = (p: BuildProgress) => {
      const key = `${p.stage}:${p.done === p.total ? 'end' : p.done === 0 ? 'start' : 'mid'}`;
      if (!marks.has(key)) marks.set(key, performance.now());
    };
    const kb = await openKnowledgeBase({ ...options, onProgress });
    const totalMs = performance.now() - started;
    const at = (key: string) => marks.get(key) ?? Number.NaN;
    const indexEnd = at('index:end');
    const report: RebuildReport = {
      mode,
      totalMs,
      parseMs: at('parse:end') - at('parse:start'),
      indexMs: indexEnd - at('parse:end'),
      embedMs: semantic ? (marks.get('embed:end') ?? indexEnd) - indexEnd : 0,
      artifactBytes: (await stat(index)).size,
      sections: kb.documents.reduce((n, d) => n + d.sections.length, 0),
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
  const warmup = Number(values.warmup);
  for (let r = 0; r < warmup; r++) for (const q of questions) await kb.answerer.answer(q.trust, q.question);
  const recorder = new Recorder();
  const rounds = Number(values.rounds);
  for (let r = 0; r < rounds; r++) for (const q of questions) await recorder.time(() => kb.answerer.answer(q.trust, q.question));
  const report: LoadReport = { mode, loadMs, heapUsed, arrayBuffers, heapBefore, rebuilt: kb.rebuilt, latencies: recorder.samples };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
