import { DateTime } from 'luxon';
import { DAY_MS, HOUR_MS, LONDON } from './london-time';

/**
 * Europe/London calendar arithmetic on epoch milliseconds, fast enough for the rebooking engine's hot path.
 *
 * Why not luxon everywhere: the engine converts ~200,000 slot times per run, and a luxon DateTime per
 * conversion costs several microseconds each. UK summer time has followed one rule since 1996
 * (EU-harmonised): it starts at 01:00 UTC on the last Sunday of March and ends at 01:00 UTC on the last
 * Sunday of October. Inside that range the offset is computed here; outside it we defer to luxon (tz
 * database), which is slower but never wrong. The spec file checks this module against luxon.
 */

const FIRST_YEAR_OF_CURRENT_RULE = 1996;
const LAST_YEAR_TRUSTED = 2099;

function lastSundayAt0100Utc(year: number, monthIndex: number): number {
  const lastDayOfMonth = Date.UTC(year, monthIndex + 1, 0);
  const weekday = new Date(lastDayOfMonth).getUTCDay();
  return lastDayOfMonth - weekday * DAY_MS + HOUR_MS;
}

// Per-year table of [year start, summer time start, summer time end], filled on first use. Runs mix
// years (2026 slots, 2025 referral dates), so a table beats remembering only the last year asked for.
const yearTable = new Float64Array((LAST_YEAR_TRUSTED - FIRST_YEAR_OF_CURRENT_RULE + 2) * 3).fill(Number.NaN);
const AVERAGE_YEAR_MS = 365.2425 * DAY_MS;

function yearRow(year: number): number {
  const row = (year - FIRST_YEAR_OF_CURRENT_RULE) * 3;
  if (Number.isNaN(yearTable[row])) {
    yearTable[row] = Date.UTC(year, 0, 1);
    yearTable[row + 1] = lastSundayAt0100Utc(year, 2);
    yearTable[row + 2] = lastSundayAt0100Utc(year, 9);
  }
  return row;
}

const RULE_STARTS_AT = Date.UTC(FIRST_YEAR_OF_CURRENT_RULE, 0, 1);
const RULE_ENDS_AT = Date.UTC(LAST_YEAR_TRUSTED + 1, 0, 1);

/** Offset of London wall-clock time from UTC at an instant: 0 in GMT, one hour in BST. */
export function londonUtcOffsetMs(utcMs: number): number {
  if (!(utcMs >= RULE_STARTS_AT && utcMs < RULE_ENDS_AT)) {
    return DateTime.fromMillis(utcMs, { zone: LONDON }).offset * 60_000;
  }
  // The average-length estimate is off by at most a day near New Year; one step corrects it.
  let year = Math.min(
    LAST_YEAR_TRUSTED,
    Math.max(FIRST_YEAR_OF_CURRENT_RULE, 1970 + Math.floor(utcMs / AVERAGE_YEAR_MS)),
  );
  if (utcMs < yearTable[yearRow(year)]) year -= 1;
  else if (year < LAST_YEAR_TRUSTED && utcMs >= yearTable[yearRow(year + 1)]) year += 1;
  const row = yearRow(year);
  return utcMs >= yearTable[row + 1] && utcMs < yearTable[row + 2] ? HOUR_MS : 0;
}

/** Days since 1970-01-01 of the London calendar date an instant falls on. */
export function londonDayNumber(utcMs: number): number {
  return Math.floor((utcMs + londonUtcOffsetMs(utcMs)) / DAY_MS);
}

/**
 * Calendar days between the London dates of two instants — "within 14 days of the walkout's end"
 * is about dates on a calendar, so a slot at 00:30 on day 14 counts as day 14 even though fewer than
 * 14 × 24 hours have passed (and a BST change in between shifts nothing).
 */
export function londonCalendarDaysBetween(fromUtcMs: number, toUtcMs: number): number {
  return londonDayNumber(toUtcMs) - londonDayNumber(fromUtcMs);
}

/**
 * The instant at which London clocks show a wall-clock time (given as ms since the epoch as if the
 * wall clock were UTC). A time skipped by the spring change (01:00–02:00) is read as the same time an
 * hour on, as luxon does; a time repeated in autumn is read as its first (BST) occurrence. Only the
 * small hours of two days a year are affected — never a clinic time.
 */
export function londonWallClockToUtc(wallClockMs: number): number {
  const ifSummerTime = wallClockMs - HOUR_MS;
  if (londonUtcOffsetMs(ifSummerTime) === HOUR_MS) return ifSummerTime;
  return wallClockMs;
}

/** Same London wall-clock time a number of calendar days later (a day is 23 or 25 hours across a change). */
export function addLondonCalendarDays(utcMs: number, days: number): number {
  return londonWallClockToUtc(utcMs + londonUtcOffsetMs(utcMs) + days * DAY_MS);
}

/** Same London wall-clock time a number of calendar months later; 31 Jan + 1 month is 28/29 Feb. */
export function addLondonCalendarMonths(utcMs: number, months: number): number {
  const wallClockMs = utcMs + londonUtcOffsetMs(utcMs);
  const wallClock = new Date(wallClockMs);
  const year = wallClock.getUTCFullYear();
  const targetMonthIndex = wallClock.getUTCMonth() + months;
  const daysInTargetMonth = new Date(Date.UTC(year, targetMonthIndex + 1, 0)).getUTCDate();
  const dayOfMonth = Math.min(wallClock.getUTCDate(), daysInTargetMonth);
  const timeOfDayMs = wallClockMs - Math.floor(wallClockMs / DAY_MS) * DAY_MS;
  return londonWallClockToUtc(Date.UTC(year, targetMonthIndex, dayOfMonth) + timeOfDayMs);
}

/** The London calendar day [start, end) holding `now`: what "today" means on the national view. */
export function londonDayAround(now: Date): { from: Date; to: Date } {
  const start = DateTime.fromJSDate(now, { zone: LONDON }).startOf('day');
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}
