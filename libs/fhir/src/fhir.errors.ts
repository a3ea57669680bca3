import { DomainError, DomainErrorOptions, ErrorDetail } from '@app/core';

export enum FhirErrorCode {
  /** An Appointment or Slot id that is not this trust's (or not at all). */
  ResourceNotFound = 'FHIR_RESOURCE_NOT_FOUND',
}

export class FhirError extends DomainError<FhirErrorCode> {
  get httpStatus(): number {
    switch (this.code) {
      case FhirErrorCode.ResourceNotFound:
        return 404;
    }
  }
}

/**
 * An import's refusal (its code and status kept) with each detail moved from the JSON import's row
 * (`items[3].slotExternalRef`) to the bundle element it came from (`Bundle.entry[7].resource.slot[0].reference`).
 */
export class BundleEntryError extends DomainError<string> {
  constructor(
    readonly httpStatus: number,
    code: string,
    message: string,
    details: ErrorDetail[],
    options: DomainErrorOptions = {},
  ) {
    super(code, message, details, options);
  }
}
