import { formatLondonZonedDateTime, MINUTE_MS } from '@app/core';
import { ShiftTimes } from './cover-rule-violation';
import { WorkingTimeLimits } from './working-time-limits';

export interface PlannedBreak {
  startsAt: Date;
  endsAt: Date;
  minutes: number;
}

const FIVE_MINUTES = 5 * MINUTE_MS;

/**
 * The break a shift longer than the limit (6 h) must have, planned rather than only flagged: where the
 * planner asked for it, or else in the middle of the shift (on a five-minute mark), so neither stretch of
 * work is longer than it need be. Null when no break is required (or for non-resident on-call, which is
 * not work until called in). A requested break must lie wholly inside the shift.
 */
export function planBreak(shift: ShiftTimes, limits: WorkingTimeLimits, requestedStart: Date | null = null): { ok: true; plannedBreak: PlannedBreak | null } | { ok: false; message: string } {
  const durationMs = shift.endsAt.getTime() - shift.startsAt.getTime();
  if (!(durationMs > limits.breakRequiredAfterHours * 3_600_000)) {
    return requestedStart ? { ok: false, message: `a shift of ${limits.breakRequiredAfterHours} h or less needs no planned break` } : { ok: true, plannedBreak: null };
  }
  const breakMs = limits.breakMinutes * MINUTE_MS;
  let startMs: number;
  if (requestedStart) {
    startMs = requestedStart.getTime();
    if (startMs < shift.startsAt.getTime() || startMs + breakMs > shift.endsAt.getTime()) {
      return { ok: false, message: `the ${limits.breakMinutes}-minute break must lie within the shift (${formatLondonZonedDateTime(shift.startsAt.getTime())} → ${formatLondonZonedDateTime(shift.endsAt.getTime())})` };
    }
  } else {
    startMs = shift.startsAt.getTime() + Math.floor((durationMs - breakMs) / 2 / FIVE_MINUTES) * FIVE_MINUTES;
  }
  return { ok: true, plannedBreak: { startsAt: new Date(startMs), endsAt: new Date(startMs + breakMs), minutes: limits.breakMinutes } };
}
