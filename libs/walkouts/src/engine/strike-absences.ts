import { CsvCell, toCsv } from '@app/core';
import { dayHours, WalkoutDay } from './walkout-days';

/** The reason rostering systems are given for every strike-day absence. */
export const STRIKE_ABSENCE_REASON = 'industrial action';

export interface StrikeAbsence {
  staffNumber: string;
  /** The walkout day's London date. */
  date: string;
  hours: number;
  reason: typeof STRIKE_ABSENCE_REASON;
}

/**
 * Strike-day absences for the rostering system: one line per person per walkout day whose answer for
 * that day is yes. Hours are the walkout day's hours (24, 23 or 25 across a clock change, fewer on a
 * cut last day): there is no duty roster here to say which of them the person was due to work, so the
 * rostering system intersects them with its own shifts. Days that begin after a call-off are absent.
 */
export function strikeAbsences(days: readonly WalkoutDay[], takingPart: readonly { staffNumber: string; day: string }[], calledOffAt: Date | null): StrikeAbsence[] {
  const byDate = new Map(days.filter((day) => calledOffAt === null || day.from < calledOffAt).map((day) => [day.date, day]));
  return takingPart
    .flatMap((row): StrikeAbsence[] => {
      const day = byDate.get(row.day);
      return day ? [{ staffNumber: row.staffNumber, date: day.date, hours: dayHours(day), reason: STRIKE_ABSENCE_REASON }] : [];
    })
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.staffNumber < b.staffNumber ? -1 : a.staffNumber > b.staffNumber ? 1 : 0));
}

export const STRIKE_ABSENCE_CSV_HEADER = ['staff_number', 'date', 'hours', 'reason'] as const;

/** Through core's toCsv, like every export (RFC 4180, formula-safe). */
export function strikeAbsencesCsv(rows: readonly StrikeAbsence[]): string {
  const records: CsvCell[][] = [[...STRIKE_ABSENCE_CSV_HEADER], ...rows.map((row) => [row.staffNumber, row.date, row.hours, row.reason])];
  return toCsv(records);
}
