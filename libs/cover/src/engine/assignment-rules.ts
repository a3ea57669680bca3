import type { ParticipationAnswer } from '@app/walkouts';
import type { DepartmentKind } from '@app/organisations';
import { formatDuration, formatLondonZonedDateTime, MINUTE_MS } from '@app/core';
import { CoverRuleCode, ShiftTimes } from './cover-rule-violation';
import type { OnCallKind } from './rate-card';
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
  overByMs?: number;
}

/**
 * The limits a consultant may agree to exceed, with a recorded reason: the rest between shifts and the
 * hours in a rolling week (the Working Time Regulations let a worker agree; compensatory rest is then owed).
 * Never the shift length (a safety limit the database enforces too), overlap, scope or the walkout itself.
 */
export const EXCEEDABLE_RULES: readonly CoverRefusalCode[] = ['WORKING_TIME_REST', 'WORKING_TIME_WEEKLY_LIMIT'];

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
  /**
   * The person's other worked periods at any site (the proposed one excluded): resident shifts, and the
   * hours called in during non-resident on-call. Rest and the rolling limit are judged against these.
   */
  existingShifts: readonly ShiftTimes[];
  /** Every period the person is already committed to (non-resident on-call periods whole); overlap is judged against these. Defaults to existingShifts. */
  occupiedShifts?: readonly ShiftTimes[];
  /** Resident by default. A non-resident on-call period counts towards working time only when called in. */
  onCall?: OnCallKind;
  /** The consultant agreed, with a recorded reason, to exceed the limits in EXCEEDABLE_RULES. */
  agreedToExceed?: boolean;
  limits?: WorkingTimeLimits;
}

export interface CoverAssignmentCheck {
  /** In REFUSAL_ORDER; empty when the shift may be rostered. */
  refusals: CoverRefusal[];
  /** Limits broken with the consultant's agreement (agreedToExceed); the shift may be rostered. */
  exceeded: CoverRefusal[];
  /** Owed for the limits exceeded: the rest that was missed plus the hours over the rolling limit (docs/domain.md). */
  compensatoryRestMinutes: number;
  breakRequired: boolean;
  breakMinutes: number;
}

/** Compensatory rest owed for limits broken by agreement: each broken limit's shortfall, whole minutes rounded up. */
export function compensatoryRestMinutes(exceeded: readonly { overByMs?: number }[]): number {
  return Math.ceil(exceeded.reduce((sum, e) => sum + Math.max(0, e.overByMs ?? 0), 0) / MINUTE_MS);
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

  const limits = input.limits ?? DEFAULT_WORKING_TIME_LIMITS;
  const onCall = input.onCall ?? 'resident';
  const toRefusal = (violation: ReturnType<typeof checkWorkingTime>['violations'][number]): CoverRefusal => {
    if (violation.code === 'INVALID_RANGE') throw new RangeError('A cover shift must end after it starts');
    return {
      code: violation.code,
      message: violation.message,
      ...(violation.conflictingShift ? { conflictingShift: violation.conflictingShift } : {}),
      ...(violation.overByMs !== undefined ? { overByMs: violation.overByMs } : {}),
    };
  };
  // Overlap is about being in two places at once: against every commitment, on-call periods whole.
  const occupied = checkWorkingTime(shift, input.occupiedShifts ?? input.existingShifts, limits);
  refusals.push(...occupied.violations.filter((v) => v.code === 'OVERLAP' || v.code === 'INVALID_RANGE').map(toRefusal));
  let breakRequired = false;
  let breakMinutes = 0;
  if (onCall === 'resident') {
    const workingTime = checkWorkingTime(shift, input.existingShifts, limits);
    refusals.push(...workingTime.violations.filter((v) => v.code !== 'OVERLAP').map(toRefusal));
    breakRequired = workingTime.breakRequired;
    breakMinutes = workingTime.breakMinutes;
  } else {
    const durationMs = shift.endsAt.getTime() - shift.startsAt.getTime();
    const maxMs = limits.maxNonResidentOnCallHours * 3_600_000;
    if (durationMs > maxMs) {
      refusals.push({ code: 'WORKING_TIME_SHIFT_TOO_LONG', message: `The on-call period lasts ${formatDuration(durationMs)}; the limit is ${formatDuration(maxMs)}.`, overByMs: durationMs - maxMs });
    }
  }
  refusals.sort((a, b) => REFUSAL_ORDER.indexOf(a.code) - REFUSAL_ORDER.indexOf(b.code));
  const exceeded = input.agreedToExceed ? refusals.filter((r) => EXCEEDABLE_RULES.includes(r.code)) : [];
  const remaining = refusals.filter((r) => !exceeded.includes(r));
  return { refusals: remaining, exceeded, compensatoryRestMinutes: compensatoryRestMinutes(exceeded), breakRequired, breakMinutes };
}
