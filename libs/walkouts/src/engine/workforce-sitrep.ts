import { STAFF_GRADES } from '@app/organisations';
import { nextLondonDate, walkoutDays } from './walkout-days';

/** Head counts of one named staff group on one walkout day, from staff records and that day's answers. */
export interface StaffGroupDayCounts {
  /** The walkout day (its London start date). */
  day: string;
  staffGroup: string;
  /** Staff of the group at the walkout's sites (see organisations' StaffHeadcounts for who counts). */
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
  /** NHS England collects a day's figures the day after (one day in arrears): this London date. */
  reportDueOn: string;
  /** The day had ended when the sitrep was made: its figures are the ones to submit. */
  complete: boolean;
  /** The walkout was called off before this day began: nobody is out. */
  calledOff: boolean;
  groups: WorkforceGroupDay[];
  totals: Omit<WorkforceGroupDay, 'staffGroup'>;
}

export interface WorkforceSitrep {
  /** The staff groups the walkout names: the only ones counted (docs/domain.md, "Workforce sitrep"). */
  staffGroups: string[];
  days: WorkforceDay[];
}

export interface WorkforceSitrepInput {
  startsAt: Date;
  endsAt: Date;
  calledOffAt: Date | null;
  /** Named in the notice: always reported, even with no staff recorded; nobody else is counted. */
  staffGroups: readonly string[];
  counts: readonly StaffGroupDayCounts[];
  /** When the sitrep is made: which days are complete. */
  asOf: Date;
}

/**
 * The workforce sitrep: per walkout day (walkoutDays), staff taking part against staff due at work, for
 * each staff group the walkout names — NHS England's daily collection, submitted one day in arrears.
 *
 * Only the named groups are counted: the others are not being asked to strike, so they are neither
 * "due at work" for this walkout nor "unknown"; a count that lists them only dilutes the percentage
 * NHS England reads. There is no duty roster here, so "due at work" is everyone of the group who would
 * work at the affected sites, and "taking part" is those whose answer for that day is yes (the day's own
 * declaration, else the whole-walkout answer). From the first day that begins after a call-off, nobody
 * is taking part.
 */
export function workforceSitrep(input: WorkforceSitrepInput): WorkforceSitrep {
  const groups = orderedGroups(input.staffGroups);
  const byDayGroup = new Map(input.counts.map((c) => [`${c.day}|${c.staffGroup}`, c]));
  const days = walkoutDays(input.startsAt, input.endsAt).map((day): WorkforceDay => {
    const calledOff = input.calledOffAt !== null && input.calledOffAt.getTime() <= day.from.getTime();
    const rows = groups.map((staffGroup) => groupDay(staffGroup, byDayGroup.get(`${day.date}|${staffGroup}`), calledOff));
    return { ...day, reportDueOn: nextLondonDate(day.date), complete: day.to <= input.asOf, calledOff, groups: rows, totals: totalsOf(rows) };
  });
  return { staffGroups: groups, days };
}

function groupDay(staffGroup: string, counts: StaffGroupDayCounts | undefined, calledOff: boolean): WorkforceGroupDay {
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
function orderedGroups(groups: readonly string[]): string[] {
  const unique = [...new Set(groups)];
  const rank = (group: string) => {
    const index = (STAFF_GRADES as readonly string[]).indexOf(group);
    return index === -1 ? STAFF_GRADES.length : index;
  };
  return unique.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
