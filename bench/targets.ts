/** The performance targets and whether a run met them. */
import type { RetrievalResult } from './retrieval.js';
import type { HttpResult } from './http.js';
import type { ScaleResult } from './scale.js';
import { ms, ratio } from './lib/table.js';
import type { Table } from './lib/table.js';

/** One target, what was measured and whether it was met. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

/** The lexical pipeline's cost over plain minisearch may be at most this (p95 over p95). */
export const LEXICAL_OVERHEAD_MAX = 1.5;
/** A whole answer (retrieval, quote, card) p95, ms. */
export const WHOLE_ANSWER_P95_MS = 30;

/** Retrieval targets. */
export function retrievalTargets(result: RetrievalResult): TargetCheck[] {
  const overhead = result.lexical.p95 / result.baseline.p95;
  const checks: TargetCheck[] = [
    {
      target: `lexical pipeline p95 ≤ ${LEXICAL_OVERHEAD_MAX}× plain minisearch p95`,
      measured: `${ratio(overhead)} (${ms(result.lexical.p95)} vs ${ms(result.baseline.p95)} ms)`,
      met: overhead <= LEXICAL_OVERHEAD_MAX,
    },
    {
      target: `whole answer, lexical, p95 ≤ ${WHOLE_ANSWER_P95_MS} ms`,
      measured: `${ms(result.wholeLexical.p95)} ms`,
      met: result.wholeLexical.p95 <= WHOLE_ANSWER_P95_MS,
    },
  ];
  if (result.wholeSemantic) {
    checks.push({
      target: `whole answer with the semantic stage p95 ≤ ${WHOLE_ANSWER_P95_MS} ms`,
      measured: `${ms(result.wholeSemantic.p95)} ms (question embedding alone p95 ${ms(result.embedding?.p95 ?? Number.NaN)} ms)`,
      met: result.wholeSemantic.p95 <= WHOLE_ANSWER_P95_MS,
    });
  }
  return checks;
}

/** At 1,000 policies: query p95 (ms), artifact load (ms), heap after load (bytes). */
export const SCALE_QUERY_P95_MS = 10;
export const SCALE_LOAD_MS = 1_000;
export const SCALE_HEAP_BYTES = 300e6;

/** Scale targets, at the largest deployment-layout size (1,000 policies in a full run). */
export function scaleTargets(result: ScaleResult): TargetCheck[] {
  const largest = result.rows.filter((r) => r.layout === 'deployment' && !r.semantic).at(-1);
  if (!largest) return [];
  const at = `at ${largest.documents} policies`;
  const checks: TargetCheck[] = [
    { target: `query p95 ≤ ${SCALE_QUERY_P95_MS} ms ${at}`, measured: `${ms(largest.query.p95)} ms`, met: largest.query.p95 <= SCALE_QUERY_P95_MS },
    { target: `start from the artifact ≤ ${SCALE_LOAD_MS / 1000} s ${at}`, measured: `${ms(largest.loadMs)} ms`, met: largest.loadMs <= SCALE_LOAD_MS },
    {
      target: `memory after load ≤ ${SCALE_HEAP_BYTES / 1e6} MB ${at}`,
      measured: `${(largest.memory / 1e6).toFixed(1)} MB (every trust loaded: ${(largest.memoryAll / 1e6).toFixed(1)} MB)`,
      met: largest.memory <= SCALE_HEAP_BYTES,
    },
  ];
  const stress = result.rows.filter((r) => r.layout === 'stress').at(-1);
  if (stress) {
    checks.push({
      target: `query p95 ≤ ${SCALE_QUERY_P95_MS} ms, stress: one trust holds ${stress.documents / 5} policies`,
      measured: `${ms(stress.query.p95)} ms`,
      met: stress.query.p95 <= SCALE_QUERY_P95_MS,
    });
  }
  return checks;
}

/** At 50 connections: the bot's throughput as a share of the bare handler's, and its p95 (ms). */
export const HTTP_THROUGHPUT_SHARE = 0.5;
export const HTTP_P95_MS = 25;

/** HTTP targets, at the most connections measured (50 in a full run). */
export function httpTargets(result: HttpResult): TargetCheck[] {
  const most = Math.max(...result.runs.map((r) => r.connections));
  const bot = result.runs.find((r) => r.target === 'bot, lexical' && r.connections === most);
  const bare = result.runs.find((r) => r.target === 'bare restify' && r.connections === most);
  if (!bot || !bare) return [];
  const share = bot.requestsPerSecond / bare.requestsPerSecond;
  return [
    {
      target: `answer turns ≥ ${HTTP_THROUGHPUT_SHARE * 100}% of the bare handler's req/s at ${most} connections`,
      measured: `${(share * 100).toFixed(1)}% (${bot.requestsPerSecond.toFixed(0)} vs ${bare.requestsPerSecond.toFixed(0)} req/s)`,
      met: share >= HTTP_THROUGHPUT_SHARE,
    },
    { target: `answer turn p95 ≤ ${HTTP_P95_MS} ms at ${most} connections`, measured: `${ms(bot.latency.p95)} ms`, met: bot.latency.p95 <= HTTP_P95_MS },
    { target: 'no failed requests', measured: `${result.runs.reduce((n, r) => n + r.failures, 0)} failed`, met: result.runs.every((r) => r.failures === 0) },
  ];
}

/** The targets table. */
export function targetsTable(checks: readonly TargetCheck[]): Table {
  return {
    title: 'Targets',
    columns: ['target', 'measured', 'met'],
    rows: checks.map((c) => [c.target, c.measured, c.met ? 'yes' : 'NO']),
  };
}
