import { defineErrors } from '@app/core';

export enum RecallErrorCode {
  IncidentNotFound = 'INCIDENT_NOT_FOUND',
  DerogationNotFound = 'DEROGATION_NOT_FOUND',
  /** Unknown token, or the incident or derogation it belongs to has ended. */
  RecallLinkNotFound = 'RECALL_LINK_NOT_FOUND',
  IllegalTransition = 'ILLEGAL_INCIDENT_TRANSITION',
  IllegalDerogationTransition = 'ILLEGAL_DEROGATION_TRANSITION',
  WalkoutOver = 'DEROGATION_WALKOUT_OVER',
  StaffGroupNotOnStrike = 'DEROGATION_STAFF_GROUP_NOT_ON_STRIKE',
  NotDeclined = 'DEROGATION_NOT_DECLINED',
}

export class RecallError extends defineErrors<RecallErrorCode>({
  [RecallErrorCode.IncidentNotFound]: 404,
  [RecallErrorCode.DerogationNotFound]: 404,
  [RecallErrorCode.RecallLinkNotFound]: 404,
  [RecallErrorCode.IllegalTransition]: 409,
  [RecallErrorCode.IllegalDerogationTransition]: 409,
  [RecallErrorCode.WalkoutOver]: 409,
  [RecallErrorCode.StaffGroupNotOnStrike]: 422,
  [RecallErrorCode.NotDeclined]: 409,
}) {}
