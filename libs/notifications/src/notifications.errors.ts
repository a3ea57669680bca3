import { defineErrors } from '@app/core';

export enum NotificationErrorCode {
  NotificationNotFound = 'NOTIFICATION_NOT_FOUND',
  CallbackUnauthorised = 'CALLBACK_UNAUTHORISED',
  InvalidReceipt = 'INVALID_DELIVERY_RECEIPT',
  /** The received-text callback's body is not a Notify received text; `details` name the fields. */
  InvalidReceivedText = 'INVALID_RECEIVED_TEXT',
  /** A text written into a message would make an SMS longer than Notify's 918 characters; `details` name the field. */
  MessageTooLong = 'MESSAGE_TOO_LONG',
  /** A command would queue more messages than the trust's budget allows now; `conflict` says which and until when. */
  MessageBudgetExceeded = 'MESSAGE_BUDGET_EXCEEDED',
}

export class NotificationError extends defineErrors<NotificationErrorCode>({
  [NotificationErrorCode.NotificationNotFound]: 404,
  [NotificationErrorCode.CallbackUnauthorised]: 401,
  [NotificationErrorCode.InvalidReceipt]: 400,
  [NotificationErrorCode.InvalidReceivedText]: 400,
  [NotificationErrorCode.MessageTooLong]: 400,
  [NotificationErrorCode.MessageBudgetExceeded]: 429,
}) {}
