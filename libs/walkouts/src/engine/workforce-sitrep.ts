import { DateTime } from 'luxon';
import { LONDON } from '@app/core';
import { STAFF_GRADES } from '@app/organisations';

/** Head counts of one staff group for one walkout, from staff records and participation answers. */
export interface StaffGroupCounts {
  staffGroup: string;
  /** Staff of the group at the walkout's sites (see organisations' StaffHeadcounts.byGrade for who counts). */
  staff: number;
  declaredYes: number;
  declaredNo: number;
}

export interface WorkforceGroupDay {
  staffGroup: string;
  dueAtWork: number;
  takingPart: number;
  /** Answered "no". */
  notTakingPart: number;
  /** Answered "unknown" or never asked. */
  unknown: number;
  /** takingPart / dueAtWork, one decimal; null when nobody is due. */
  percentTakingPart: number | null;
}

export interface WorkforceDay {
  /** The Europe/London date on which this walkout day begins. */
  date: string;
  from: Date;
  to: Date;
  /** The walkout was called off before this day began: nobody is out. */
  calledOff: boolean;
  groups: WorkforceGroupDay[];
  totals: Omit<WorkforceGroupDay, 'staffGroup'>;
}

export interface WorkforceSitrep {
  days: WorkforceDay[];
}

export interface WorkforceSitrepInput {
  startsAt: Date;
  endsAt: Date;
  calledOffAt: Date | null;
  /** Named in the notice: always reported, even with no staff recorded. */
  staffGroups: readonly string[];
  counts: readonly StaffGroupCounts[];
}

/**
 * The workforce sitrep: per walkout day, staff taking part against staff due at work, by staff group.
 *
 * Walkout days are consecutive 24-hour Europe/London wall-clock days counted from the start (07:00 →
 * 07:00 the next day, 23 or 25 real hours across a clock change), the last cut at the end, and are
 * labelled with the London date they begin on: a 07:00 → 07:00 two-day walkout reports two days, not
 * the three calendar dates it touches (durationDays in walkout-rules.ts counts the same way).
 *
 * There is no duty roster here, so "due at work" is everyone of the group who would work at the
 * affected sites, and "taking part" is those who declared they will strike. Participation is per
 * walkout, not per day, so the days differ only once a walkout is called off: from the first day that
 * begins after the call-off, nobody is taking part.
 */
export function workforceSitrep(input: WorkforceSitrepInput): WorkforceSitrep {
  const groups = orderedGroups([...input.staffGroups, ...input.counts.map((c) => c.staffGroup)]);
  const byGroup = new Map(input.counts.map((c) => [c.staffGroup, c]));
  const days: WorkforceDay[] = [];
  const end = input.endsAt.getTime();
  const first = DateTime.fromJSDate(input.startsAt, { zone: LONDON });
  for (let index = 0; ; index++) {
    const dayStart = first.plus({ days: index });
    if (dayStart.toMillis() >= end) break;
    const from = dayStart.toJSDate();
    const to = new Date(Math.min(dayStart.plus({ days: 1 }).toMillis(), end));
    const calledOff = input.calledOffAt !== null && input.calledOffAt.getTime() <= from.getTime();
    const rows = groups.map((staffGroup) => groupDay(staffGroup, byGroup.get(staffGroup), calledOff));
    days.push({ date: dayStart.toISODate()!, from, to, calledOff, groups: rows, totals: totalsOf(rows) });
  }
  return { days };
}

function groupDay(staffGroup: string, counts: StaffGroupCounts | undefined, calledOff: boolean): WorkforceGroupDay {
  const dueAtWork = counts?.staff ?? 0;
  const declaredYes = counts?.declaredYes ?? 0;
  const notTakingPart = counts?.declaredNo ?? 0;
  const takingPart = calledOff ? 0 : declaredYes;
  return {
    staffGroup,
    dueAtWork,
    takingPart,
    notTakingPart,
    unknown: Math.max(0, dueAtWork - declaredYes - notTakingPart),
    percentTakingPart: percent(takingPart, dueAtWork),
  };
}

function totalsOf(rows: WorkforceGroupDay[]): Omit<WorkforceGroupDay, 'staffGroup'> {
  const sum = (pick: (row: WorkforceGroupDay) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const dueAtWork = sum((r) => r.dueAtWork);
  const takingPart = sum((r) => r.takingPart);
  return { dueAtWork, takingPart, notTakingPart: sum((r) => r.notTakingPart), unknown: sum((r) => r.unknown), percentTakingPart: percent(takingPart, dueAtWork) };
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((1000 * part) / whole) / 10;
}

/** Known grades in their usual order, then anything else alphabetically. */
function orderedGroups(groups: string[]): string[] {
  const unique = [...new Set(groups)];
  const rank = (group: string) => {
    const index = (STAFF_GRADES as readonly string[]).indexOf(group);
    return index === -1 ? STAFF_GRADES.length : index;
  };
  return unique.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
