import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../bot/rate-limiter.js';

/** A clock the test moves by hand. */
function manualClock(start = Date.UTC(2026, 10, 25, 9, 0, 0)) {
  let now = start;
  return {
    clock: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('question limits', () => {
  it('allow a person their limit per minute, then refuse until the oldest question is a minute old', () => {
    const { clock, advance } = manualClock();
    const limiter = new RateLimiter({ userPerMinute: 3, tenantPerMinute: 100 }, clock);
    expect([1, 2, 3, 4].map(() => limiter.allow('sam', 'tenant-a'))).toEqual([true, true, true, false]);
    expect(limiter.allow('alex', 'tenant-a')).toBe(true);
    advance(59_999);
    expect(limiter.allow('sam', 'tenant-a')).toBe(false);
    advance(1);
    expect([1, 2, 3, 4].map(() => limiter.allow('sam', 'tenant-a'))).toEqual([true, true, true, false]);
  });

  it('count a tenant across its people, and do not count a refused question against the tenant or the person', () => {
    const { clock, advance } = manualClock();
    const limiter = new RateLimiter({ userPerMinute: 2, tenantPerMinute: 3 }, clock);
    expect(limiter.allow('sam', 'tenant-a')).toBe(true);
    expect(limiter.allow('sam', 'tenant-a')).toBe(true);
    // Refused by the person's limit: the tenant's count stays at 2.
    expect(limiter.allow('sam', 'tenant-a')).toBe(false);
    expect(limiter.allow('alex', 'tenant-a')).toBe(true);
    // Refused by the tenant's limit: alex's own count stays at 1.
    expect(limiter.allow('alex', 'tenant-a')).toBe(false);
    expect(limiter.allow('alex', 'tenant-b')).toBe(true);
    expect(limiter.allow('alex', 'tenant-b')).toBe(false);
    advance(60_000);
    expect(limiter.allow('alex', 'tenant-a')).toBe(true);
  });

  it('hold a person without a tenant to their own limit only', () => {
    const { clock } = manualClock();
    const limiter = new RateLimiter({ userPerMinute: 2, tenantPerMinute: 1 }, clock);
    expect([1, 2, 3].map(() => limiter.allow('sam', undefined))).toEqual([true, true, false]);
  });

  it('keep counting right over many minutes of a busy tenant', () => {
    const { clock, advance } = manualClock();
    const limiter = new RateLimiter({ userPerMinute: 1_000_000, tenantPerMinute: 5_000 }, clock);
    for (let round = 0; round < 3; round++) {
      let allowed = 0;
      for (let i = 0; i < 6_000; i++) {
        if (limiter.allow(`person-${i % 50}`, 'tenant-a')) allowed++;
        advance(1);
      }
      // One question a millisecond for 6 s: the first 5,000 fit in the tenant's minute.
      expect(allowed).toBe(5_000);
      expect(limiter.allow('someone', 'tenant-a')).toBe(false);
      advance(60_000);
    }
  });
});
