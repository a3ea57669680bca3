export * from './notifications.module';
export * from './notifications-worker.module';
export * from './notification-outbox.module';
export * from './outbox/notification-outbox';
export { MESSAGE_BUDGETS, budgetOf } from './limits/message-budget';
export type { MessageBudgetName } from './limits/message-budget';
export type { NewNotification, NotificationRecipient } from './outbox/new-notification';
export * from './outbox/outbox-relay';
export * from './messages/notify-purpose';
export type { PersonalisationByPurpose } from './messages/render-message';
export * from './notification-status';
export * from './notification.errors';
export * from './operations/queue-dashboard';
export { mountDevMessageViewer, DEV_MESSAGES_PATH } from './operations/dev-messages/dev-message-viewer';
export { NotificationService } from './notification.service';
export type { DailyLimitView, LaneCounts } from './notification.service';
export type { SendEstimate } from './operations/send-estimate';
// SMS fragment and cost arithmetic by GOV.UK Notify's rules (docs/domain.md, "Messages").
export * from './messages/sms-fragments';
