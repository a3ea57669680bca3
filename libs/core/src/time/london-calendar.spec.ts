import { DateTime } from 'luxon';
import { DAY_MS, HOUR_MS } from './london-time';
import {
  addLondonCalendarDays,
  addLondonCalendarMonths,
  londonCalendarDaysBetween,
  londonDayNumber,
  londonUtcOffsetMs,
  londonWallClockToUtc,
} from './london-calendar';

const LONDON = 'Europe/London';
const luxonOffsetMs = (utcMs: number): number => DateTime.fromMillis(utcMs, { zone: LONDON }).offset * 60_000;
const luxonDayNumber = (utcMs: number): number => {
  const local = DateTime.fromMillis(utcMs, { zone: LONDON });
  return Date.UTC(local.year, local.month - 1, local.day) / DAY_MS;
};

/** Every 20 minutes across the day before, of and after each clock change in the years given. */
function instantsAroundClockChanges(years: number[]): number[] {
  const instants: number[] = [];
  for (const year of years) {
    for (const month of [3, 10]) {
      const lastDayOfMonth = DateTime.fromObject({ year, month, day: 31 }, { zone: 'UTC' });
      const lastSunday = lastDayOfMonth.minus({ days: lastDayOfMonth.weekday % 7 }).toMillis();
      for (let at = lastSunday - DAY_MS; at < lastSunday + 2 * DAY_MS; at += 20 * 60_000) instants.push(at);
    }
  }
  return instants;
}

describe('London calendar arithmetic', () => {
  it('gives the same UTC offset as the tz database every hour of 2025–2027 and around every change to 2040', () => {
    const instants = instantsAroundClockChanges([2000, 2019, 2026, 2031, 2040]);
    for (let at = Date.UTC(2025, 0, 1); at < Date.UTC(2028, 0, 1); at += HOUR_MS) instants.push(at);
    const mismatches = instants.filter((at) => londonUtcOffsetMs(at) !== luxonOffsetMs(at));
    expect(mismatches).toEqual([]);
  });

  it('defers to the tz database before 1996, when British summer time followed other rules', () => {
    // 1995 summer time ended on 22 October, not the last Sunday (29 October).
    const between = Date.UTC(1995, 9, 25, 12);
    expect(londonUtcOffsetMs(between)).toBe(luxonOffsetMs(between));
    expect(londonUtcOffsetMs(between)).toBe(0);
  });

  it('puts instants on the London calendar date, not the UTC one', () => {
    const instants = instantsAroundClockChanges([2026]);
    expect(instants.filter((at) => londonDayNumber(at) !== luxonDayNumber(at))).toEqual([]);
    // 23:30 UTC on 12 April 2026 is 00:30 BST on the 13th.
    expect(londonDayNumber(Date.UTC(2026, 3, 12, 23, 30))).toBe(Date.UTC(2026, 3, 13) / DAY_MS);
  });

  it('counts calendar days across the spring change although the elapsed time is an hour short', () => {
    const walkoutEnd = DateTime.fromISO('2026-03-28T07:00', { zone: LONDON }).toMillis();
    const fourteenDaysLater = DateTime.fromISO('2026-04-11T07:00', { zone: LONDON }).toMillis();
    expect(fourteenDaysLater - walkoutEnd).toBe(14 * DAY_MS - HOUR_MS);
    expect(londonCalendarDaysBetween(walkoutEnd, fourteenDaysLater)).toBe(14);
  });

  it('adds calendar days keeping the wall-clock time, exactly as luxon does, across both changes', () => {
    const mismatches: string[] = [];
    for (const at of instantsAroundClockChanges([2026, 2027])) {
      for (const days of [1, 14, 28, 126]) {
        const expected = DateTime.fromMillis(at, { zone: LONDON }).plus({ days }).toMillis();
        if (addLondonCalendarDays(at, days) !== expected) mismatches.push(`${new Date(at).toISOString()} + ${days}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('adds calendar months keeping the wall-clock time and clamping to the month end, as luxon does', () => {
    const starts = ['2025-11-30T10:00', '2026-01-31T23:30', '2026-03-29T00:30', '2027-12-31T12:00', '2026-08-15T01:30'];
    for (const start of starts) {
      const at = DateTime.fromISO(start, { zone: LONDON });
      for (const months of [1, 3, 12]) {
        expect(addLondonCalendarMonths(at.toMillis(), months)).toBe(at.plus({ months }).toMillis());
      }
    }
    expect(
      DateTime.fromMillis(addLondonCalendarMonths(DateTime.fromISO('2025-11-30T10:00', { zone: LONDON }).toMillis(), 3), {
        zone: LONDON,
      }).toISO(),
    ).toBe('2026-02-28T10:00:00.000+00:00');
  });

  it('reads a wall-clock time skipped by the spring change as the hour after, and a repeated one as BST', () => {
    const skipped = Date.UTC(2026, 2, 29, 1, 30); // 01:30 on 29 March 2026 never shows on London clocks
    expect(londonWallClockToUtc(skipped)).toBe(DateTime.fromISO('2026-03-29T01:30', { zone: LONDON }).toMillis());
    const repeated = Date.UTC(2026, 9, 25, 1, 30); // 01:30 on 25 October 2026 shows twice
    expect(londonWallClockToUtc(repeated)).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });
});
