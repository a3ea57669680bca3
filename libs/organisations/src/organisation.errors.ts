import { DomainError } from '@app/core';

export enum OrganisationErrorCode {
  TrustNotFound = 'TRUST_NOT_FOUND',
  SiteNotFound = 'SITE_NOT_FOUND',
  OdsCodeTaken = 'ODS_CODE_TAKEN',
  DepartmentNameTaken = 'DEPARTMENT_NAME_TAKEN',
}

export class OrganisationError extends DomainError<OrganisationErrorCode> {
  get httpStatus(): number {
    switch (this.code) {
      case OrganisationErrorCode.TrustNotFound:
      case OrganisationErrorCode.SiteNotFound:
        return 404;
      case OrganisationErrorCode.OdsCodeTaken:
      case OrganisationErrorCode.DepartmentNameTaken:
        return 409;
    }
  }
}
