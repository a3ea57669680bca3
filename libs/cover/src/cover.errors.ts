import { defineErrors } from '@app/core';
import { CoverRefusal, CoverRefusalCode } from './engine/assignment-rules';

export enum CoverErrorCode {
  RequirementNotFound = 'COVER_REQUIREMENT_NOT_FOUND',
  AssignmentNotFound = 'COVER_ASSIGNMENT_NOT_FOUND',
  CalendarNotFound = 'COVER_CALENDAR_NOT_FOUND',
  UnknownDepartment = 'UNKNOWN_DEPARTMENT',
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
  RequestLinkNotFound = 'COVER_REQUEST_LINK_NOT_FOUND',
  AvailabilityNotFound = 'COVER_AVAILABILITY_NOT_FOUND',
  AvailabilityOverlap = 'COVER_AVAILABILITY_OVERLAP',
  AvailabilityAlreadyWithdrawn = 'COVER_AVAILABILITY_ALREADY_WITHDRAWN',
  NotOnCall = 'COVER_CALL_IN_NOT_ON_CALL',
  CallInOutsideOnCall = 'COVER_CALL_IN_OUTSIDE_ON_CALL',
  CallInOverlap = 'COVER_CALL_IN_OVERLAP',
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

export class CoverError extends defineErrors<CoverErrorCode>({
  [CoverErrorCode.RequirementNotFound]: 404,
  [CoverErrorCode.AssignmentNotFound]: 404,
  [CoverErrorCode.CalendarNotFound]: 404,
  [CoverErrorCode.UnknownDepartment]: 400,
  [CoverErrorCode.ConsentNotRecorded]: 400,
  [CoverErrorCode.WalkoutCalledOff]: 409,
  [CoverErrorCode.AssignmentAlreadyCancelled]: 409,
  [CoverErrorCode.ShiftOverlap]: 409,
  [CoverErrorCode.RotaChanged]: 409,
  [CoverErrorCode.OutsideWalkout]: 422,
  [CoverErrorCode.TakingPartInWalkout]: 422,
  [CoverErrorCode.ScopeOfPractice]: 422,
  [CoverErrorCode.ShiftTooLong]: 422,
  [CoverErrorCode.RestTooShort]: 422,
  [CoverErrorCode.WeeklyLimit]: 422,
  [CoverErrorCode.RequestLinkNotFound]: 404,
  [CoverErrorCode.AvailabilityNotFound]: 404,
  [CoverErrorCode.AvailabilityOverlap]: 409,
  [CoverErrorCode.AvailabilityAlreadyWithdrawn]: 409,
  [CoverErrorCode.NotOnCall]: 409,
  [CoverErrorCode.CallInOutsideOnCall]: 422,
  [CoverErrorCode.CallInOverlap]: 409,
}) {
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
}
