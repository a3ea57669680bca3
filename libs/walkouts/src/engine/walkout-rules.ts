import { DateTime } from 'luxon';
import { LONDON } from '@app/core';

export const WALKOUT_STATUSES = ['announced', 'in-progress', 'ended', 'called-off'] as const;
export type WalkoutStatus = (typeof WALKOUT_STATUSES)[number];

export const WALKOUT_MODES = ['full-walkout', 'emergency-care-only'] as const;
export type WalkoutMode = (typeof WALKOUT_MODES)[number];

export const PARTICIPATION_ANSWERS = ['yes', 'no', 'unknown'] as const;
export type ParticipationAnswer = (typeof PARTICIPATION_ANSWERS)[number];

/** docs/domain.md: unions give at least 14 days' notice, 7 if the employer agrees. */
export const STANDARD_NOTICE_DAYS = 14;
export const AGREED_MINIMUM_NOTICE_DAYS = 7;
/** Longer than any walkout seen in practice by far: catches a mistyped year, not a real notice. */
export const LONGEST_ACCEPTED_DAYS = 31;
/** Full withdrawals since 2023 run for up to five days; longer is unusual enough to check. */
export const LONGEST_USUAL_WALKOUT_DAYS = 5;

export interface WalkoutTiming {
  startsAt: Date;
  endsAt: Date;
  calledOffAt: Date | null;
}

/** Status is derived from the clock, never stored, so it cannot go stale. */
export function walkoutStatus(walkout: WalkoutTiming, now: Date): WalkoutStatus {
  if (walkout.calledOffAt) return 'called-off';
  if (now < walkout.startsAt) return 'announced';
  if (now < walkout.endsAt) return 'in-progress';
  return 'ended';
}

/** Whole days of notice, counted on the London calendar so a BST change does not lose a day; null when the notice date is unknown. */
export function noticeDays(noticeReceivedAt: Date | null, startsAt: Date): number | null {
  if (noticeReceivedAt === null) return null;
  const days = DateTime.fromJSDate(startsAt, { zone: LONDON }).diff(DateTime.fromJSDate(noticeReceivedAt, { zone: LONDON }), 'days').days;
  return Math.floor(days + 1e-9);
}

/** Length in London calendar days: 07:00 → 07:00 five days later is 5 even across a clock change. */
export function durationDays(startsAt: Date, endsAt: Date): number {
  return DateTime.fromJSDate(endsAt, { zone: LONDON }).diff(DateTime.fromJSDate(startsAt, { zone: LONDON }), 'days').days;
}

export const WALKOUT_WARNING_CODES = [
  'NOTICE_DATE_UNKNOWN',
  'SHORT_NOTICE',
  'BELOW_AGREED_MINIMUM_NOTICE',
  'LONGER_THAN_FIVE_DAYS',
  'OVERLAPS_WALKOUT',
  // In the answer to an edit only: what was done under the old times that the new ones leave behind.
  'POSTPONED_OUTSIDE_WALKOUT',
  'REBOOKED_INTO_WALKOUT',
] as const;
export type WalkoutWarningCode = (typeof WALKOUT_WARNING_CODES)[number];

export interface WalkoutWarning {
  code: WalkoutWarningCode;
  message: string;
  walkoutId?: string;
  /** How many records the warning is about (edit warnings). */
  count?: number;
}

/** A walkout's times as they must be: an end after the start, a plausible length, a notice before the start. */
export function walkoutTimingProblems(
  shape: { startsAt: Date; endsAt: Date; noticeReceivedAt: Date | null },
  sent: { startsAt: boolean; endsAt: boolean },
): { field: string; message: string }[] {
  const problems = [];
  if (shape.endsAt <= shape.startsAt) {
    // Name the field the client sent: an edit of startsAt alone can be what put it after the end.
    problems.push(sent.endsAt || !sent.startsAt ? { field: 'endsAt', message: 'must be after startsAt' } : { field: 'startsAt', message: 'must be before endsAt' });
  } else if (shape.endsAt.getTime() - shape.startsAt.getTime() > LONGEST_ACCEPTED_DAYS * 86_400_000) {
    problems.push({ field: sent.endsAt || !sent.startsAt ? 'endsAt' : 'startsAt', message: `must be within ${LONGEST_ACCEPTED_DAYS} days of ${sent.endsAt || !sent.startsAt ? 'startsAt' : 'endsAt'}` });
  }
  if (shape.noticeReceivedAt && shape.noticeReceivedAt > shape.startsAt) problems.push({ field: 'noticeReceivedAt', message: 'must not be after startsAt' });
  return problems;
}

export interface WalkoutShape {
  id?: string;
  staffGroups: string[];
  startsAt: Date;
  endsAt: Date;
  /** null: not known (e.g. recorded once it was already under way). */
  noticeReceivedAt: Date | null;
  /** Empty: every site of the trust. */
  siteIds: string[];
  calledOffAt?: Date | null;
}

/** Two walkouts clash when they share a staff group, overlap in time and can hit the same site. */
export function walkoutsOverlap(a: WalkoutShape, b: WalkoutShape): boolean {
  if (a.calledOffAt || b.calledOffAt) return false;
  if (!a.staffGroups.some((group) => b.staffGroups.includes(group))) return false;
  if (!(a.startsAt < b.endsAt && b.startsAt < a.endsAt)) return false;
  if (a.siteIds.length === 0 || b.siteIds.length === 0) return true;
  return a.siteIds.some((site) => b.siteIds.includes(site));
}

/** Warnings never refuse a walkout: short notice still has to be planned for (docs/domain.md). */
export function walkoutWarnings(walkout: WalkoutShape, others: (WalkoutShape & { id: string })[]): WalkoutWarning[] {
  const warnings: WalkoutWarning[] = [];
  const notice = noticeDays(walkout.noticeReceivedAt, walkout.startsAt);
  if (notice === null) {
    warnings.push({ code: 'NOTICE_DATE_UNKNOWN', message: 'The notice date is unknown: check it against the union notice (14 days are due, 7 if the trust agreed)' });
  } else if (notice < AGREED_MINIMUM_NOTICE_DAYS) {
    warnings.push({ code: 'BELOW_AGREED_MINIMUM_NOTICE', message: `Only ${notice} day(s) of notice: below even the 7 days allowed when the employer agrees` });
  } else if (notice < STANDARD_NOTICE_DAYS) {
    warnings.push({ code: 'SHORT_NOTICE', message: `Only ${notice} day(s) of notice: unions must give 14 days unless the trust agreed to 7` });
  }
  if (durationDays(walkout.startsAt, walkout.endsAt) > LONGEST_USUAL_WALKOUT_DAYS) {
    warnings.push({ code: 'LONGER_THAN_FIVE_DAYS', message: 'Longer than five days: check the dates against the union notice' });
  }
  for (const other of others) {
    if (other.id !== walkout.id && walkoutsOverlap(walkout, other)) {
      warnings.push({ code: 'OVERLAPS_WALKOUT', walkoutId: other.id, message: 'Overlaps another walkout for the same staff group at the same sites' });
    }
  }
  return warnings;
}
