/**
 * Latency statistics for the benchmarks: percentiles by the nearest-rank
 * method over recorded samples, and a timer that records one sample per call.
 */

/** Summary of a latency sample, in milliseconds. */
export interface LatencySummary {
  /** Number of samples. */
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

/** The `p`-th percentile (0–100) of ascending `sorted` by nearest rank; 0 for no samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

/** Summarise latency samples (ms). */
export function summarise(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  return {
    n: sorted.length,
    mean: sorted.length > 0 ? total / sorted.length : 0,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? 0,
    max: sorted.at(-1) ?? 0,
  };
}

/** Records one latency sample per timed call. */
export class Recorder {
  readonly samples: number[] = [];

  /** Run `work`, record how long it took (ms), and return its result. */
  async time<T>(work: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    const result = await work();
    this.samples.push(performance.now() - started);
    return result;
  }

  /** Synchronous variant of {@link Recorder.time}, for work that must not yield to the event loop. */
  timeSync<T>(work: () => T): T {
    const started = performance.now();
    const result = work();
    this.samples.push(performance.now() - started);
    return result;
  }

  summary(): LatencySummary {
    return summarise(this.samples);
  }
}

/**
 * Log-log slope of `y` between two sizes: about 1 when `y` grows linearly with
 * size, below 1 sublinearly, about 0 when it stays flat.
 */
export function growthExponent(x1: number, y1: number, x2: number, y2: number): number {
  if (x1 <= 0 || x2 <= 0 || y1 <= 0 || y2 <= 0 || x1 === x2) return Number.NaN;
  return Math.log(y2 / y1) / Math.log(x2 / x1);
}

/** How a log-log slope reads in words. */
export function describeGrowth(exponent: number): string {
  if (!Number.isFinite(exponent)) return 'n/a';
  if (exponent < 0.15) return 'flat';
  if (exponent < 0.85) return 'sublinear';
  if (exponent <= 1.15) return 'linear';
  return 'superlinear';
}
