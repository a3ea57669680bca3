import { DAY_MS, HOUR_MS } from '@app/core';
/**
 * Working-time limits for extra-contractual consultant cover (docs/domain.md, "Consultant cover").
 * Configurable because trusts apply local agreements on top of the statutory floor; the defaults are the
 * product's rules. All durations are real elapsed time, never wall-clock differences, so a night across
 * the BST/GMT change is measured as the hours actually worked.
 */
export interface WorkingTimeLimits {
  /** A shift of exactly this length is allowed; one minute more is not. */
  maxShiftHours: number;
  /** Rest of exactly this length between two shifts is allowed. */
  minRestHours: number;
  maxHoursInRollingWindow: number;
  /** Measured as elapsed days of 24 h, so a week across a clock change is still 168 h. */
  rollingWindowDays: number;
  /** A shift longer than this (not equal) needs a break; it is a flag for the rota, not a refusal. */
  breakRequiredAfterHours: number;
  breakMinutes: number;
  /** A non-resident on-call period may be longer than a shift (it is availability, not work); at most this long. */
  maxNonResidentOnCallHours: number;
}

export const DEFAULT_WORKING_TIME_LIMITS: Readonly<WorkingTimeLimits> = Object.freeze({
  maxShiftHours: 13,
  minRestHours: 11,
  maxHoursInRollingWindow: 72,
  rollingWindowDays: 7,
  breakRequiredAfterHours: 6,
  breakMinutes: 20,
  maxNonResidentOnCallHours: 24,
});


/** The limits in milliseconds, converted once so hot loops compare integers. */
export interface WorkingTimeLimitsMs {
  maxShiftMs: number;
  minRestMs: number;
  maxWorkedInWindowMs: number;
  rollingWindowMs: number;
  breakRequiredAfterMs: number;
}

export function toWorkingTimeLimitsMs(limits: WorkingTimeLimits): WorkingTimeLimitsMs {
  return {
    maxShiftMs: Math.round(limits.maxShiftHours * HOUR_MS),
    minRestMs: Math.round(limits.minRestHours * HOUR_MS),
    maxWorkedInWindowMs: Math.round(limits.maxHoursInRollingWindow * HOUR_MS),
    rollingWindowMs: Math.round(limits.rollingWindowDays * DAY_MS),
    breakRequiredAfterMs: Math.round(limits.breakRequiredAfterHours * HOUR_MS),
  };
}
