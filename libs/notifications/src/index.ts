export * from './notifications.module';
export * from './notifications-worker.module';
export * from './outbox/notification-outbox';
export type { NewNotification, NotificationRecipient } from './outbox/new-notification';
export * from './outbox/outbox-relay';
export * from './messages/notify-purpose';
export type { PersonalisationByPurpose } from './messages/render-message';
export * from './notification-status';
export * from './operations/queue-dashboard';
