import { DomainError, ErrorDetail } from '@app/core';

export enum OrganisationErrorCode {
  TrustNotFound = 'TRUST_NOT_FOUND',
  SiteNotFound = 'SITE_NOT_FOUND',
  OdsCodeTaken = 'ODS_CODE_TAKEN',
  DepartmentNameTaken = 'DEPARTMENT_NAME_TAKEN',
}

export class OrganisationError extends DomainError {
  constructor(code: OrganisationErrorCode, message: string, details: ErrorDetail[] = []) {
    super(code, message, details);
  }

  get httpStatus(): number {
    switch (this.code as OrganisationErrorCode) {
      case OrganisationErrorCode.TrustNotFound:
      case OrganisationErrorCode.SiteNotFound:
        return 404;
      case OrganisationErrorCode.OdsCodeTaken:
      case OrganisationErrorCode.DepartmentNameTaken:
        return 409;
    }
  }
}
