import type { ParticipationAnswer } from '@app/walkouts';
import type { DepartmentKind } from '@app/organisations';
import { formatLondonZonedDateTime } from '@app/core';
import { CoverRuleCode, ShiftTimes } from './cover-rule-violation';
import { checkWorkingTime } from './working-time';
import { DEFAULT_WORKING_TIME_LIMITS, WorkingTimeLimits } from './working-time-limits';
import { checkScopeOfPractice } from './scope-of-practice';

/**
 * Why a cover shift is refused. The working-time and scope codes come from the engine's checks; the
 * two below are about the walkout itself. INVALID_RANGE never reaches here: the service refuses a
 * backwards range as bad input (400) before asking these rules.
 */
export type CoverRefusalCode = Exclude<CoverRuleCode, 'INVALID_RANGE'> | 'TAKING_PART_IN_WALKOUT' | 'OUTSIDE_WALKOUT';

export interface CoverRefusal {
  code: CoverRefusalCode;
  message: string;
  conflictingShift?: ShiftTimes;
}

/**
 * The order a client sees them in, and the first one names the refusal: first what rules the person or
 * the period out altogether (no other shift could fix it), then overlap, then the working-time limits.
 */
export const REFUSAL_ORDER: readonly CoverRefusalCode[] = [
  'OUTSIDE_WALKOUT',
  'TAKING_PART_IN_WALKOUT',
  'SCOPE_OF_PRACTICE',
  'OVERLAP',
  'WORKING_TIME_SHIFT_TOO_LONG',
  'WORKING_TIME_REST',
  'WORKING_TIME_WEEKLY_LIMIT',
];

export interface WalkoutScope {
  startsAt: Date;
  endsAt: Date;
  /** The staff groups (grades) the union notice names. */
  staffGroups: readonly string[];
  /** Empty: every site of the trust. */
  siteIds: readonly string[];
}

export interface CoverCandidate {
  grade: string;
  specialty: string;
  siteId: string | null;
  /** What they told the trust about this walkout; null when never asked. */
  participation: ParticipationAnswer | null;
}

/**
 * Someone is out for this walkout if they said so, or if the notice names their staff group at their
 * workplace. A person whose site is not recorded is treated as at an affected site: a striking group
 * with an unknown workplace must not be rostered on a guess. A "no" does not take someone out of a
 * named group (the rule): the notice covers them whatever they told the trust, and a rota
 * built on an intention that can change on the day is the gap this planner exists to show.
 */
export function takingPartReason(candidate: CoverCandidate, walkout: WalkoutScope): string | null {
  if (candidate.participation === 'yes') return 'They have declared they are taking part in this walkout.';
  if (!walkout.staffGroups.includes(candidate.grade)) return null;
  const siteAffected = walkout.siteIds.length === 0 || candidate.siteId === null || walkout.siteIds.includes(candidate.siteId);
  return siteAffected ? `Staff group "${candidate.grade}" is named in the notice for this walkout.` : null;
}

export interface CoverAssignmentCheckInput {
  shift: ShiftTimes;
  walkout: WalkoutScope;
  candidate: CoverCandidate;
  departmentKind: DepartmentKind;
  /** The person's other active shifts at any site (the proposed one excluded). */
  existingShifts: readonly ShiftTimes[];
  limits?: WorkingTimeLimits;
}

export interface CoverAssignmentCheck {
  /** In REFUSAL_ORDER; empty when the shift may be rostered. */
  refusals: CoverRefusal[];
  breakRequired: boolean;
  breakMinutes: number;
}

/** Every rule for one proposed cover shift; each broken rule is listed so the rota is fixed in one pass. */
export function checkCoverAssignment(input: CoverAssignmentCheckInput): CoverAssignmentCheck {
  const { shift, walkout, candidate } = input;
  const refusals: CoverRefusal[] = [];
  if (shift.startsAt < walkout.startsAt || shift.endsAt > walkout.endsAt) {
    refusals.push({
      code: 'OUTSIDE_WALKOUT',
      message: `Cover shifts must lie within the walkout (${formatLondonZonedDateTime(walkout.startsAt.getTime())} → ${formatLondonZonedDateTime(walkout.endsAt.getTime())}).`,
    });
  }
  const takingPart = takingPartReason(candidate, walkout);
  if (takingPart) refusals.push({ code: 'TAKING_PART_IN_WALKOUT', message: `${takingPart} They cannot be rostered for cover.` });
  const scope = checkScopeOfPractice(candidate, input.departmentKind);
  if (scope) refusals.push({ code: 'SCOPE_OF_PRACTICE', message: scope.message });

  const workingTime = checkWorkingTime(shift, input.existingShifts, input.limits ?? DEFAULT_WORKING_TIME_LIMITS);
  for (const violation of workingTime.violations) {
    if (violation.code === 'INVALID_RANGE') throw new RangeError('A cover shift must end after it starts');
    refusals.push({ code: violation.code, message: violation.message, ...(violation.conflictingShift ? { conflictingShift: violation.conflictingShift } : {}) });
  }
  refusals.sort((a, b) => REFUSAL_ORDER.indexOf(a.code) - REFUSAL_ORDER.indexOf(b.code));
  return { refusals, breakRequired: workingTime.breakRequired, breakMinutes: workingTime.breakMinutes };
}
