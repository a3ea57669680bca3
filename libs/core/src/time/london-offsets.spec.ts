import { DateTime } from 'luxon';
import { splitAtUtcOffsetChanges, wallClockHourBoundaries, wallClockHourNumber } from './london-offsets';

const london = (isoLocal: string): Date => DateTime.fromISO(isoLocal, { zone: 'Europe/London' }).toJSDate();

const HOUR = 3_600_000;

describe('London wall clock', () => {
  it('splits a range at the autumn clock change, 01:00 UTC', () => {
    const spans = splitAtUtcOffsetChanges(london('2026-10-24T07:00').getTime(), london('2026-10-25T07:00').getTime());
    expect(spans).toEqual([
      { start: Date.parse('2026-10-24T06:00Z'), end: Date.parse('2026-10-25T01:00Z'), offsetMs: HOUR },
      { start: Date.parse('2026-10-25T01:00Z'), end: Date.parse('2026-10-25T07:00Z'), offsetMs: 0 },
    ]);
  });

  it('finds both clock changes in a range longer than the probe step', () => {
    const spans = splitAtUtcOffsetChanges(Date.parse('2026-01-01T00:00Z'), Date.parse('2027-01-01T00:00Z'));
    expect(spans.map((s) => new Date(s.start).toISOString())).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
    ]);
  });

  it('has 23 wall-clock hours on the spring change day and 25 on the autumn one', () => {
    const count = (from: string, to: string) =>
      wallClockHourBoundaries(london(from).getTime(), london(to).getTime()).length - 1;
    expect(count('2026-03-29T07:00', '2026-03-30T07:00')).toBe(24);
    expect(count('2026-03-28T07:00', '2026-03-29T07:00')).toBe(23);
    expect(count('2026-10-24T07:00', '2026-10-25T07:00')).toBe(25);
  });

  it('gives both 01:00 hours of the autumn change the same wall-clock hour number', () => {
    expect(wallClockHourNumber(Date.parse('2026-10-25T00:00Z'))).toBe(wallClockHourNumber(Date.parse('2026-10-25T01:00Z')));
  });
});
