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
  /** The trust has not connected its own GOV.UK Notify service (it sends through the deployment's). */
  NotifyServiceNotConnected = 'NOTIFY_SERVICE_NOT_CONNECTED',
  /** GOV.UK Notify refused the API key, a template id or a test message; `details[].field` names which. */
  NotifyServiceRejected = 'NOTIFY_SERVICE_REJECTED',
  /** Another trust already uses this callback token (each token speaks for one trust only). */
  CallbackTokenTaken = 'CALLBACK_TOKEN_TAKEN',
  /** GOV.UK Notify could not be reached to check the service (or send the test); nothing was changed. */
  NotifyUnavailable = 'NOTIFY_UNAVAILABLE',
  /** This deployment has no SECRETS_KEY, so it cannot store a trust's API key (docs/secrets.md). */
  SecretsKeyMissing = 'SECRETS_KEY_MISSING',
}

export class NotificationError extends defineErrors<NotificationErrorCode>({
  [NotificationErrorCode.NotificationNotFound]: 404,
  [NotificationErrorCode.CallbackUnauthorised]: 401,
  [NotificationErrorCode.InvalidReceipt]: 400,
  [NotificationErrorCode.InvalidReceivedText]: 400,
  [NotificationErrorCode.MessageTooLong]: 400,
  [NotificationErrorCode.MessageBudgetExceeded]: 429,
  [NotificationErrorCode.NotifyServiceNotConnected]: 404,
  [NotificationErrorCode.NotifyServiceRejected]: 422,
  [NotificationErrorCode.CallbackTokenTaken]: 409,
  [NotificationErrorCode.NotifyUnavailable]: 503,
  [NotificationErrorCode.SecretsKeyMissing]: 503,
}) {}
