import { defineErrors } from '@app/core';

export enum OrganisationErrorCode {
  TrustNotFound = 'TRUST_NOT_FOUND',
  SiteNotFound = 'SITE_NOT_FOUND',
  OdsCodeTaken = 'ODS_CODE_TAKEN',
  DepartmentNameTaken = 'DEPARTMENT_NAME_TAKEN',
}

export class OrganisationError extends defineErrors<OrganisationErrorCode>({
  [OrganisationErrorCode.TrustNotFound]: 404,
  [OrganisationErrorCode.SiteNotFound]: 404,
  [OrganisationErrorCode.OdsCodeTaken]: 409,
  [OrganisationErrorCode.DepartmentNameTaken]: 409,
}) {}
