import { DateTime } from 'luxon';
import { LONDON } from '@app/core';

/** One walkout day: a 24-hour Europe/London wall-clock day from the walkout's start time, the last cut at its end. */
export interface WalkoutDay {
  /** The Europe/London date on which this walkout day begins (YYYY-MM-DD): the day's name everywhere. */
  date: string;
  from: Date;
  to: Date;
}

/**
 * The days of a walkout: consecutive 24-hour London wall-clock days counted from the start (07:00 →
 * 07:00 the next day, 23 or 25 real hours across a clock change), the last cut at the end, each named
 * by the London date it begins on. A 07:00 → 07:00 two-day walkout has two days, not the three calendar
 * dates it touches (durationDays in walkout-rules.ts counts the same way).
 */
export function walkoutDays(startsAt: Date, endsAt: Date): WalkoutDay[] {
  const days: WalkoutDay[] = [];
  const end = endsAt.getTime();
  const first = DateTime.fromJSDate(startsAt, { zone: LONDON });
  for (let index = 0; ; index++) {
    const dayStart = first.plus({ days: index });
    if (dayStart.toMillis() >= end) break;
    days.push({ date: dayStart.toISODate()!, from: dayStart.toJSDate(), to: new Date(Math.min(dayStart.plus({ days: 1 }).toMillis(), end)) });
  }
  return days;
}

/** The walkout day running at `at`, or null outside the walkout. */
export function dayAt(days: readonly WalkoutDay[], at: Date): WalkoutDay | null {
  return days.find((day) => day.from <= at && at < day.to) ?? null;
}

/** The walkout days that [from, to) overlaps (a cover shift across 07:00 touches two). */
export function daysTouching(days: readonly WalkoutDay[], from: Date, to: Date): WalkoutDay[] {
  return days.filter((day) => day.from < to && from < day.to);
}

/** Whole hours and quarters of a day, for rostering (23, 24 or 25 across a clock change; less on a cut last day). */
export function dayHours(day: WalkoutDay): number {
  return Math.round(((day.to.getTime() - day.from.getTime()) / 3_600_000) * 4) / 4;
}

/** The London date after `date` (YYYY-MM-DD): when NHS England collects that day's figures (one day in arrears). */
export function nextLondonDate(date: string): string {
  return DateTime.fromISO(date, { zone: LONDON }).plus({ days: 1 }).toISODate()!;
}
