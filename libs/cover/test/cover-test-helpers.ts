import { DateTime } from 'luxon';

/** A Europe/London wall-clock time as a Date. Avoid the repeated autumn hour: it is ambiguous. */
export function london(isoLocal: string): Date {
  const value = DateTime.fromISO(isoLocal, { zone: 'Europe/London' });
  if (!value.isValid) throw new Error(`Invalid test time ${isoLocal}`);
  return value.toJSDate();
}

export function shift(startsAtLocal: string, endsAtLocal: string): { startsAt: Date; endsAt: Date } {
  return { startsAt: london(startsAtLocal), endsAt: london(endsAtLocal) };
}

/** Deterministic pseudo-random numbers (mulberry32) so randomised tests are repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
