import { defineErrors } from '@app/core';

export enum OrganisationErrorCode {
  TrustNotFound = 'TRUST_NOT_FOUND',
  SiteNotFound = 'SITE_NOT_FOUND',
  OdsCodeTaken = 'ODS_CODE_TAKEN',
  DepartmentNameTaken = 'DEPARTMENT_NAME_TAKEN',
  /** A staff number a request names (participation, cover, derogation) is not on the trust's staff list. */
  UnknownStaff = 'UNKNOWN_STAFF',
}

export class OrganisationError extends defineErrors<OrganisationErrorCode>({
  [OrganisationErrorCode.TrustNotFound]: 404,
  [OrganisationErrorCode.SiteNotFound]: 404,
  [OrganisationErrorCode.OdsCodeTaken]: 409,
  [OrganisationErrorCode.DepartmentNameTaken]: 409,
  [OrganisationErrorCode.UnknownStaff]: 400,
}) {}
