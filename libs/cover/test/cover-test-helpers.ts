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

export { seededRandom } from '@app/core/testing';
