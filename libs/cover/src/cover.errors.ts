import { DomainError } from '@app/core';
import { CoverRefusal, CoverRefusalCode } from './engine/assignment-rules';

export enum CoverErrorCode {
  RequirementNotFound = 'COVER_REQUIREMENT_NOT_FOUND',
  AssignmentNotFound = 'COVER_ASSIGNMENT_NOT_FOUND',
  CalendarNotFound = 'COVER_CALENDAR_NOT_FOUND',
  UnknownDepartment = 'UNKNOWN_DEPARTMENT',
  UnknownStaff = 'UNKNOWN_STAFF',
  ConsentNotRecorded = 'CONSENT_NOT_RECORDED',
  WalkoutCalledOff = 'WALKOUT_CALLED_OFF',
  AssignmentAlreadyCancelled = 'COVER_ASSIGNMENT_ALREADY_CANCELLED',
  ShiftOverlap = 'SHIFT_OVERLAP',
  RotaChanged = 'COVER_ROTA_CHANGED',
  OutsideWalkout = 'OUTSIDE_WALKOUT',
  TakingPartInWalkout = 'TAKING_PART_IN_WALKOUT',
  ScopeOfPractice = 'SCOPE_OF_PRACTICE',
  ShiftTooLong = 'WORKING_TIME_SHIFT_TOO_LONG',
  RestTooShort = 'WORKING_TIME_REST',
  WeeklyLimit = 'WORKING_TIME_WEEKLY_LIMIT',
}

const CODE_OF_REFUSAL: Record<CoverRefusalCode, CoverErrorCode> = {
  OUTSIDE_WALKOUT: CoverErrorCode.OutsideWalkout,
  TAKING_PART_IN_WALKOUT: CoverErrorCode.TakingPartInWalkout,
  SCOPE_OF_PRACTICE: CoverErrorCode.ScopeOfPractice,
  OVERLAP: CoverErrorCode.ShiftOverlap,
  WORKING_TIME_SHIFT_TOO_LONG: CoverErrorCode.ShiftTooLong,
  WORKING_TIME_REST: CoverErrorCode.RestTooShort,
  WORKING_TIME_WEEKLY_LIMIT: CoverErrorCode.WeeklyLimit,
};

export class CoverError extends DomainError<CoverErrorCode> {
  /**
   * A refused shift: the code names the first rule broken (REFUSAL_ORDER), the details list every
   * broken rule (by its code: a rule is about the shift as a whole, not one request field) so the
   * planner can fix the rota in one pass.
   */
  static refused(refusals: readonly CoverRefusal[]): CoverError {
    const [first] = refusals;
    return new CoverError(
      CODE_OF_REFUSAL[first.code],
      first.message,
      refusals.map((r) => ({ code: CODE_OF_REFUSAL[r.code], message: r.message })),
    );
  }

  /** The exclusion constraint refused it: another writer got there first, or skipped the rules. */
  static overlap(): CoverError {
    const message = 'The shift overlaps another active cover shift of the same person';
    return new CoverError(CoverErrorCode.ShiftOverlap, message, [{ code: CoverErrorCode.ShiftOverlap, message }]);
  }

  get httpStatus(): number {
    switch (this.code) {
      case CoverErrorCode.RequirementNotFound:
      case CoverErrorCode.AssignmentNotFound:
      case CoverErrorCode.CalendarNotFound:
        return 404;
      case CoverErrorCode.UnknownDepartment:
      case CoverErrorCode.UnknownStaff:
      case CoverErrorCode.ConsentNotRecorded:
        return 400;
      case CoverErrorCode.WalkoutCalledOff:
      case CoverErrorCode.AssignmentAlreadyCancelled:
      case CoverErrorCode.ShiftOverlap:
      case CoverErrorCode.RotaChanged:
        return 409;
      case CoverErrorCode.OutsideWalkout:
      case CoverErrorCode.TakingPartInWalkout:
      case CoverErrorCode.ScopeOfPractice:
      case CoverErrorCode.ShiftTooLong:
      case CoverErrorCode.RestTooShort:
      case CoverErrorCode.WeeklyLimit:
        return 422;
    }
  }
}
