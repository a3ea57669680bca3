/**
 * The codes name the rule that refused a cover shift. docs/errors.md lists their HTTP statuses: OVERLAP → 409, the
 * others → 422, so each refusal must carry exactly one code rather than a free-text reason.
 */
export type CoverRuleCode =
  | 'INVALID_RANGE'
  | 'SCOPE_OF_PRACTICE'
  | 'WORKING_TIME_SHIFT_TOO_LONG'
  | 'WORKING_TIME_REST'
  | 'WORKING_TIME_WEEKLY_LIMIT'
  | 'OVERLAP';

export interface ShiftTimes {
  startsAt: Date;
  endsAt: Date;
}

export interface CoverRuleViolation {
  code: CoverRuleCode;
  /** Written for the operations admin who has to fix the rota, not for a developer. */
  message: string;
  /** The existing shift that causes an OVERLAP or WORKING_TIME_REST refusal, so the UI can point at it. */
  conflictingShift?: ShiftTimes;
  /** How far past the limit (rest missing, hours over the rolling limit, length over the maximum): what compensatory rest is owed from. */
  overByMs?: number;
}
