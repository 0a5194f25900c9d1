/**
 * Per-person and per-tenant question limits, counted in memory per instance over a
 * sliding minute. Keys are ids only.
 */
import type { Clock } from '../src/clock.js';
import { systemClock } from '../src/clock.js';

/** Limits per minute. */
export interface RateLimits {
  userPerMinute: number;
  tenantPerMinute: number;
}

const WINDOW_MS = 60_000;

/** Counts questions and says whether another one is allowed now. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limits: RateLimits,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Count a question by `userId` in `tenantId`; false when either limit is already reached (the question is not counted). */
  allow(userId: string, tenantId: string | undefined): boolean {
    const now = this.clock().getTime();
    const keys: [string, number][] = [[`user:${userId}`, this.limits.userPerMinute]];
    if (tenantId) keys.push([`tenant:${tenantId}`, this.limits.tenantPerMinute]);
    const windows = keys.map(([key, limit]) => {
      const recent = (this.hits.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
      this.hits.set(key, recent);
      return { recent, limit };
    });
    if (windows.some(({ recent, limit }) => recent.length >= limit)) return false;
    for (const { recent } of windows) recent.push(now);
    this.prune(now);
    return true;
  }

  /** Drop keys with no recent questions, so memory stays bounded by active users. */
  private prune(now: number): void {
    if (this.hits.size < 10_000) return;
    for (const [key, times] of this.hits) {
      if (times.every((t) => now - t >= WINDOW_MS)) this.hits.delete(key);
    }
  }
}
