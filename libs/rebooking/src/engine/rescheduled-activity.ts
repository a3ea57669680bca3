import type { SitrepCsvRow } from '@app/walkouts';

/** NHS England's rescheduled-activity return splits clinic work from elective (day-case and inpatient) procedures. */
export const ACTIVITY_TYPES = ['outpatient', 'elective'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface RescheduledFigures {
  /** Appointments this walkout postponed. */
  postponed: number;
  /** Of those, holding a new date now (offered or confirmed). */
  rebooked: number;
  /** Of those, new dates the patient confirmed. */
  confirmed: number;
  /** Still waiting for a date (never placed, or declined and not yet re-offered). */
  unplaced: number;
  /** Offers patients turned down so far (each decline counts once). */
  declined: number;
  /** New dates within the 14-day target after the walkout. */
  within14Days: number;
  /** New dates more than 28 days after the walkout: breaches to report. */
  breaches28Day: number;
}

export type RescheduledActivity = Record<ActivityType | 'total', RescheduledFigures>;

const MEASURES: (keyof RescheduledFigures)[] = ['postponed', 'rebooked', 'confirmed', 'unplaced', 'declined', 'within14Days', 'breaches28Day'];

const zero = (): RescheduledFigures => ({ postponed: 0, rebooked: 0, confirmed: 0, unplaced: 0, declined: 0, within14Days: 0, breaches28Day: 0 });

/** Both activity types always appear (zeros included), with their total. */
export function rescheduledActivity(rows: readonly ({ activity: ActivityType } & RescheduledFigures)[]): RescheduledActivity {
  const result: RescheduledActivity = { outpatient: zero(), elective: zero(), total: zero() };
  for (const row of rows) {
    for (const measure of MEASURES) {
      result[row.activity][measure] += row[measure];
      result.total[measure] += row[measure];
    }
  }
  return result;
}

/** Long-format CSV rows: whole-walkout figures, so no day. */
export function rescheduledActivityCsvRows(activity: RescheduledActivity): SitrepCsvRow[] {
  const rows: SitrepCsvRow[] = [];
  for (const category of [...ACTIVITY_TYPES, 'total'] as const) {
    for (const measure of MEASURES) rows.push({ day: null, category: category === 'total' ? 'all' : category, measure, value: activity[category][measure] });
  }
  return rows;
}
