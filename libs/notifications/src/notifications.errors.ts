import { defineErrors } from '@app/core';

export enum NotificationErrorCode {
  NotificationNotFound = 'NOTIFICATION_NOT_FOUND',
  CallbackUnauthorised = 'CALLBACK_UNAUTHORISED',
  InvalidReceipt = 'INVALID_DELIVERY_RECEIPT',
  /** A command would queue more messages than the trust's budget allows now; `conflict` says which and until when. */
  MessageBudgetExceeded = 'MESSAGE_BUDGET_EXCEEDED',
}

export class NotificationError extends defineErrors<NotificationErrorCode>({
  [NotificationErrorCode.NotificationNotFound]: 404,
  [NotificationErrorCode.CallbackUnauthorised]: 401,
  [NotificationErrorCode.InvalidReceipt]: 400,
  [NotificationErrorCode.MessageBudgetExceeded]: 429,
}) {}
