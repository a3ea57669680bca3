import { formatDuration, formatLondonZonedDateTime } from '@app/core';
import { CoverRuleViolation, ShiftTimes } from './cover-rule-violation';
import { MergedTimeline, MsInterval, worstRollingWindow } from './rolling-window';
import {
  DEFAULT_WORKING_TIME_LIMITS,
  WorkingTimeLimits,
  toWorkingTimeLimitsMs,
} from './working-time-limits';

export interface WorkingTimeCheck {
  /** Empty when the shift may be rostered. */
  violations: CoverRuleViolation[];
  /** Not a refusal: the rota must show the break so the department plans for it. */
  breakRequired: boolean;
  breakMinutes: number;
}

export function isBreakRequired(shift: ShiftTimes, limits: WorkingTimeLimits = DEFAULT_WORKING_TIME_LIMITS): boolean {
  const { breakRequiredAfterMs } = toWorkingTimeLimitsMs(limits);
  return shift.endsAt.getTime() - shift.startsAt.getTime() > breakRequiredAfterMs;
}

function describeShift(interval: MsInterval): string {
  return `${formatLondonZonedDateTime(interval.start)} → ${formatLondonZonedDateTime(interval.end)}`;
}

function toShiftTimes(interval: MsInterval): ShiftTimes {
  return { startsAt: new Date(interval.start), endsAt: new Date(interval.end) };
}

/**
 * Every working-time rule for one proposed cover shift against the same person's other shifts at any
 * site. Each broken rule is reported (not just the first) so an admin fixes the rota in one pass.
 * Durations are elapsed UTC time, so a 20:00 → 08:00 night over the autumn clock change is 13 h.
 */
export function checkWorkingTime(
  candidate: ShiftTimes,
  existingShifts: readonly ShiftTimes[],
  limits: WorkingTimeLimits = DEFAULT_WORKING_TIME_LIMITS,
): WorkingTimeCheck {
  const limitsMs = toWorkingTimeLimitsMs(limits);
  const shift: MsInterval = { start: candidate.startsAt.getTime(), end: candidate.endsAt.getTime() };
  const durationMs = shift.end - shift.start;
  if (!(durationMs > 0)) {
    return {
      violations: [{ code: 'INVALID_RANGE', message: 'The shift must end after it starts.' }],
      breakRequired: false,
      breakMinutes: 0,
    };
  }

  const violations: CoverRuleViolation[] = [];
  if (durationMs > limitsMs.maxShiftMs) {
    violations.push({
      code: 'WORKING_TIME_SHIFT_TOO_LONG',
      message: `The shift lasts ${formatDuration(durationMs)}; the limit is ${formatDuration(limitsMs.maxShiftMs)}.`,
      overByMs: durationMs - limitsMs.maxShiftMs,
    });
  }

  // Invalid stored shifts (end <= start) cannot conflict with anything, so they are ignored.
  const others: MsInterval[] = existingShifts
    .map((s) => ({ start: s.startsAt.getTime(), end: s.endsAt.getTime() }))
    .filter((s) => s.end > s.start);

  let firstOverlap: MsInterval | null = null;
  let previous: MsInterval | null = null;
  let next: MsInterval | null = null;
  for (const other of others) {
    if (other.start < shift.end && other.end > shift.start) {
      if (!firstOverlap || other.start < firstOverlap.start) firstOverlap = other;
    } else if (other.end <= shift.start) {
      if (!previous || other.end > previous.end) previous = other;
    } else if (!next || other.start < next.start) {
      next = other;
    }
  }

  if (firstOverlap) {
    violations.push({
      code: 'OVERLAP',
      message: `The shift overlaps another shift of the same person (${describeShift(firstOverlap)}).`,
      conflictingShift: toShiftTimes(firstOverlap),
    });
  }
  if (previous && shift.start - previous.end < limitsMs.minRestMs) {
    violations.push({
      code: 'WORKING_TIME_REST',
      message: `Only ${formatDuration(shift.start - previous.end)} of rest after the previous shift (${describeShift(
        previous,
      )}); at least ${formatDuration(limitsMs.minRestMs)} is required.`,
      conflictingShift: toShiftTimes(previous),
      overByMs: limitsMs.minRestMs - (shift.start - previous.end),
    });
  }
  if (next && next.start - shift.end < limitsMs.minRestMs) {
    violations.push({
      code: 'WORKING_TIME_REST',
      message: `Only ${formatDuration(next.start - shift.end)} of rest before the next shift (${describeShift(
        next,
      )}); at least ${formatDuration(limitsMs.minRestMs)} is required.`,
      conflictingShift: toShiftTimes(next),
      overByMs: limitsMs.minRestMs - (next.start - shift.end),
    });
  }

  // Only windows that contain the candidate are judged: a week that was already over the limit without
  // it is a pre-existing problem, not a reason attributable to this shift.
  const timeline = new MergedTimeline([...others, shift]);
  const worst = worstRollingWindow(
    timeline,
    null,
    shift.start - limitsMs.rollingWindowMs,
    shift.end,
    limitsMs.rollingWindowMs,
  );
  if (worst.workedMs > limitsMs.maxWorkedInWindowMs) {
    violations.push({
      code: 'WORKING_TIME_WEEKLY_LIMIT',
      message: `With this shift ${formatDuration(worst.workedMs)} would be worked in the ${limits.rollingWindowDays} days from ${formatLondonZonedDateTime(
        worst.windowStart,
      )}; the limit is ${formatDuration(limitsMs.maxWorkedInWindowMs)}.`,
      overByMs: worst.workedMs - limitsMs.maxWorkedInWindowMs,
    });
  }

  const breakRequired = durationMs > limitsMs.breakRequiredAfterMs;
  return { violations, breakRequired, breakMinutes: breakRequired ? limits.breakMinutes : 0 };
}
