import type { SitrepCsvRow } from '@app/walkouts';

/** What NHS England's daily rescheduled-activity collection counts, per trust per walkout day. */
export const DAILY_ACTIVITY_CATEGORIES = ['electiveInpatient', 'electiveDayCase', 'outpatient', 'community', 'mentalHealth'] as const;
export type DailyActivityCategory = (typeof DAILY_ACTIVITY_CATEGORIES)[number];

/** A day's figures. Community and mental health are null when the trust did not record them (no appointment data reaches us). */
export interface DailyActivityFigures {
  electiveInpatient: number;
  electiveDayCase: number;
  outpatient: number;
  community: number | null;
  mentalHealth: number | null;
}

export interface RescheduledActivityDay extends DailyActivityFigures {
  /** The walkout day (the London date it begins on). */
  date: string;
  /** From the first day of the walkout up to and including this one. */
  cumulative: DailyActivityFigures;
}

/** Appointments the walkout postponed whose original time fell in the day, by kind (the rebooking read port's answer). */
export interface PostponedOnDay {
  date: string;
  inpatient: number;
  dayCase: number;
  outpatient: number;
}

const addNullable = (a: number | null, b: number | null): number | null => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));

/**
 * Rescheduled activity per walkout day and cumulatively: elective inpatient and day-case procedures and
 * outpatient appointments postponed (rescheduled) on each day, and — apart — the community and
 * mental-health cancellations the trust recorded. Every day of the walkout appears (zeros included); a
 * cumulative community figure is null only while no day up to it has one recorded.
 */
export function rescheduledActivityByDay(
  days: readonly string[],
  postponed: readonly PostponedOnDay[],
  recorded: readonly { day: string; community: number | null; mentalHealth: number | null }[],
): RescheduledActivityDay[] {
  const byDay = new Map(postponed.map((row) => [row.date, row]));
  const recordedByDay = new Map(recorded.map((row) => [row.day, row]));
  let running: DailyActivityFigures = { electiveInpatient: 0, electiveDayCase: 0, outpatient: 0, community: null, mentalHealth: null };
  return days.map((date) => {
    const p = byDay.get(date);
    const r = recordedByDay.get(date);
    const figures: DailyActivityFigures = {
      electiveInpatient: p?.inpatient ?? 0,
      electiveDayCase: p?.dayCase ?? 0,
      outpatient: p?.outpatient ?? 0,
      community: r?.community ?? null,
      mentalHealth: r?.mentalHealth ?? null,
    };
    running = {
      electiveInpatient: running.electiveInpatient + figures.electiveInpatient,
      electiveDayCase: running.electiveDayCase + figures.electiveDayCase,
      outpatient: running.outpatient + figures.outpatient,
      community: addNullable(running.community, figures.community),
      mentalHealth: addNullable(running.mentalHealth, figures.mentalHealth),
    };
    return { date, ...figures, cumulative: { ...running } };
  });
}

/** Figures of several trusts added up (the national view); null only when no trust recorded the category. */
export function sumFigures(rows: readonly DailyActivityFigures[]): DailyActivityFigures {
  return rows.reduce<DailyActivityFigures>(
    (total, row) => ({
      electiveInpatient: total.electiveInpatient + row.electiveInpatient,
      electiveDayCase: total.electiveDayCase + row.electiveDayCase,
      outpatient: total.outpatient + row.outpatient,
      community: addNullable(total.community, row.community),
      mentalHealth: addNullable(total.mentalHealth, row.mentalHealth),
    }),
    { electiveInpatient: 0, electiveDayCase: 0, outpatient: 0, community: null, mentalHealth: null },
  );
}

const CSV_CATEGORY: Record<DailyActivityCategory, string> = {
  electiveInpatient: 'elective-inpatient',
  electiveDayCase: 'elective-day-case',
  outpatient: 'outpatient',
  community: 'community',
  mentalHealth: 'mental-health',
};

/** Long-format CSV rows: `rescheduled` and `rescheduledCumulative` per category per day (an unrecorded figure is an empty cell). */
export function rescheduledByDayCsvRows(days: readonly RescheduledActivityDay[]): SitrepCsvRow[] {
  return days.flatMap((day) =>
    DAILY_ACTIVITY_CATEGORIES.flatMap((category) => [
      { day: day.date, category: CSV_CATEGORY[category], measure: 'rescheduled', value: day[category] },
      { day: day.date, category: CSV_CATEGORY[category], measure: 'rescheduledCumulative', value: day.cumulative[category] },
    ]),
  );
}
