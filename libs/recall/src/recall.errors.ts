import { defineErrors } from '@app/core';

export enum RecallErrorCode {
  IncidentNotFound = 'INCIDENT_NOT_FOUND',
  DerogationNotFound = 'DEROGATION_NOT_FOUND',
  /** Unknown token, or the incident or derogation it belongs to has ended. */
  RecallLinkNotFound = 'RECALL_LINK_NOT_FOUND',
  IllegalTransition = 'ILLEGAL_INCIDENT_TRANSITION',
  DerogationAlreadyDecided = 'DEROGATION_ALREADY_DECIDED',
  DecisionDeadlinePassed = 'DEROGATION_DECISION_DEADLINE_PASSED',
  WalkoutOver = 'DEROGATION_WALKOUT_OVER',
}

export class RecallError extends defineErrors<RecallErrorCode>({
  [RecallErrorCode.IncidentNotFound]: 404,
  [RecallErrorCode.DerogationNotFound]: 404,
  [RecallErrorCode.RecallLinkNotFound]: 404,
  [RecallErrorCode.IllegalTransition]: 409,
  [RecallErrorCode.DerogationAlreadyDecided]: 409,
  [RecallErrorCode.WalkoutOver]: 409,
  [RecallErrorCode.DecisionDeadlinePassed]: 422,
}) {}
