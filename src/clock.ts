/** The product's notion of "now"; injected so tests can set today's date. */
export type Clock = () => Date;

/** The real wall clock. */
export const systemClock: Clock = () => new Date();

/** A clock stopped at `iso` (e.g. `"2026-11-25"`), for tests and `--today`. */
export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new RangeError(`fixedClock: "${iso}" is not a date`);
  return () => new Date(at);
}
