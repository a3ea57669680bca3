import { DomainError, ErrorDetail } from '@app/core';

export enum NotificationErrorCode {
  NotificationNotFound = 'NOTIFICATION_NOT_FOUND',
  CallbackUnauthorised = 'CALLBACK_UNAUTHORISED',
  InvalidReceipt = 'INVALID_DELIVERY_RECEIPT',
}

export class NotificationError extends DomainError {
  constructor(code: NotificationErrorCode, message: string, details: ErrorDetail[] = []) {
    super(code, message, details);
  }

  get httpStatus(): number {
    switch (this.code as NotificationErrorCode) {
      case NotificationErrorCode.NotificationNotFound:
        return 404;
      case NotificationErrorCode.CallbackUnauthorised:
        return 401;
      case NotificationErrorCode.InvalidReceipt:
        return 400;
    }
  }
}
