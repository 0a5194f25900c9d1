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

/** One key's questions in the window: times in the order they came, the expired ones before `head`. */
interface Window {
  times: number[];
  head: number;
}

/** Counts questions and says whether another one is allowed now. */
export class RateLimiter {
  private readonly hits = new Map<string, Window>();

  constructor(
    private readonly limits: RateLimits,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Count a question by `userId` in `tenantId`; false when either limit is already reached (the question is not counted). */
  allow(userId: string, tenantId: string | undefined): boolean {
    const now = this.clock().getTime();
    const user = this.recent(`user:${userId}`, now);
    if (user.times.length - user.head >= this.limits.userPerMinute) return false;
    const tenant = tenantId ? this.recent(`tenant:${tenantId}`, now) : undefined;
    if (tenant && tenant.times.length - tenant.head >= this.limits.tenantPerMinute) return false;
    user.times.push(now);
    tenant?.times.push(now);
    this.prune(now);
    return true;
  }

  /**
   * The key's window with the questions older than a minute moved past: times
   * arrive in order, so they are dropped from the front, never by rescanning
   * every question of the minute (a busy tenant asks thousands).
   */
  private recent(key: string, now: number): Window {
    let window = this.hits.get(key);
    if (!window) {
      window = { times: [], head: 0 };
      this.hits.set(key, window);
    }
    while (window.head < window.times.length && now - (window.times[window.head] ?? now) >= WINDOW_MS) window.head += 1;
    if (window.head >= 1_024 && window.head * 2 >= window.times.length) {
      window.times = window.times.slice(window.head);
      window.head = 0;
    }
    return window;
  }

  /** Drop keys with no recent questions, so memory stays bounded by active users. */
  private prune(now: number): void {
    if (this.hits.size < 10_000) return;
    for (const [key, window] of this.hits) {
      if (window.times.slice(window.head).every((t) => now - t >= WINDOW_MS)) this.hits.delete(key);
    }
  }
}
