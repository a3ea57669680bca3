import { DomainError } from '@app/core';

export enum RecallErrorCode {
  IncidentNotFound = 'INCIDENT_NOT_FOUND',
  DerogationNotFound = 'DEROGATION_NOT_FOUND',
  /** Unknown token, or the incident or derogation it belongs to has ended. */
  RecallLinkNotFound = 'RECALL_LINK_NOT_FOUND',
  IllegalTransition = 'ILLEGAL_INCIDENT_TRANSITION',
  DerogationAlreadyDecided = 'DEROGATION_ALREADY_DECIDED',
  DecisionDeadlinePassed = 'DEROGATION_DECISION_DEADLINE_PASSED',
  WalkoutOver = 'DEROGATION_WALKOUT_OVER',
  UnknownStaff = 'UNKNOWN_STAFF',
}

export class RecallError extends DomainError<RecallErrorCode> {
  get httpStatus(): number {
    switch (this.code) {
      case RecallErrorCode.IncidentNotFound:
      case RecallErrorCode.DerogationNotFound:
      case RecallErrorCode.RecallLinkNotFound:
        return 404;
      case RecallErrorCode.IllegalTransition:
      case RecallErrorCode.DerogationAlreadyDecided:
      case RecallErrorCode.WalkoutOver:
        return 409;
      case RecallErrorCode.DecisionDeadlinePassed:
        return 422;
      case RecallErrorCode.UnknownStaff:
        return 400;
    }
  }
}
