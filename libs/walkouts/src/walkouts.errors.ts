import { DomainError } from '@app/core';

export enum WalkoutErrorCode {
  WalkoutNotFound = 'WALKOUT_NOT_FOUND',
  AlreadyCalledOff = 'WALKOUT_ALREADY_CALLED_OFF',
  AlreadyEnded = 'WALKOUT_ALREADY_ENDED',
  AlreadyStarted = 'WALKOUT_ALREADY_STARTED',
  /** An edit refused by a lib whose work under the old times is still under way; `conflict` names it. */
  ChangeBlocked = 'WALKOUT_CHANGE_BLOCKED',
  UnknownStaff = 'UNKNOWN_STAFF',
}

export class WalkoutError extends DomainError<WalkoutErrorCode> {
  get httpStatus(): number {
    switch (this.code) {
      case WalkoutErrorCode.WalkoutNotFound:
        return 404;
      case WalkoutErrorCode.AlreadyCalledOff:
      case WalkoutErrorCode.AlreadyEnded:
      case WalkoutErrorCode.AlreadyStarted:
      case WalkoutErrorCode.ChangeBlocked:
        return 409;
      case WalkoutErrorCode.UnknownStaff:
        return 400;
    }
  }
}
