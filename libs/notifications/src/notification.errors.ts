import { DomainError } from '@app/core';

export enum NotificationErrorCode {
  NotificationNotFound = 'NOTIFICATION_NOT_FOUND',
  CallbackUnauthorised = 'CALLBACK_UNAUTHORISED',
  InvalidReceipt = 'INVALID_DELIVERY_RECEIPT',
  /** A command would queue more messages than the trust's budget allows now; `conflict` says which and until when. */
  MessageBudgetExceeded = 'MESSAGE_BUDGET_EXCEEDED',
}

export class NotificationError extends DomainError<NotificationErrorCode> {
  get httpStatus(): number {
    switch (this.code) {
      case NotificationErrorCode.NotificationNotFound:
        return 404;
      case NotificationErrorCode.CallbackUnauthorised:
        return 401;
      case NotificationErrorCode.InvalidReceipt:
        return 400;
      case NotificationErrorCode.MessageBudgetExceeded:
        return 429;
    }
  }
}
