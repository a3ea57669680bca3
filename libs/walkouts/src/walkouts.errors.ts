import { DomainError, ErrorDetail } from '@app/core';

export enum WalkoutErrorCode {
  WalkoutNotFound = 'WALKOUT_NOT_FOUND',
  AlreadyCalledOff = 'WALKOUT_ALREADY_CALLED_OFF',
  AlreadyEnded = 'WALKOUT_ALREADY_ENDED',
  UnknownStaff = 'UNKNOWN_STAFF',
}

export class WalkoutError extends DomainError {
  constructor(code: WalkoutErrorCode, message: string, details: ErrorDetail[] = []) {
    super(code, message, details);
  }

  get httpStatus(): number {
    switch (this.code as WalkoutErrorCode) {
      case WalkoutErrorCode.WalkoutNotFound:
        return 404;
      case WalkoutErrorCode.AlreadyCalledOff:
      case WalkoutErrorCode.AlreadyEnded:
        return 409;
      case WalkoutErrorCode.UnknownStaff:
        return 400;
    }
  }
}
