export * from './notifications.module';
export * from './notifications-worker.module';
export * from './notification-outbox.module';
export { NotificationDeliveries } from './notifications/notification-deliveries';
export * from './outbox/notification-outbox';
export { MESSAGE_BUDGETS, budgetOf } from './limits/message-budget';
export type { MessageBudgetName } from './limits/message-budget';
export type { NewNotification, NotificationRecipient } from './outbox/new-notification';
export * from './outbox/outbox-relay';
// Walkouts' daily declarations, written through the outbox (registered by the worker module; tests register it themselves).
export { ParticipationDeclarationOutbox } from './outbox/participation-declaration-outbox';
export type { NoticeBatchJob, NotificationJob } from './jobs/notification-jobs';
export * from './messages/notify-purpose';
export type { PersonalisationByPurpose } from './messages/render-message';
export * from './notifications/notification-status';
export * from './notifications.errors';
export * from './operations/queue-dashboard';
export { mountDevMessageViewer, DEV_MESSAGES_PATH } from './operations/dev-messages/dev-message-viewer';
export { NotificationService } from './notifications/notification.service';
export type { DailyLimitView, LaneCounts, SendForecast } from './notifications/notification.service';
export type { SendEstimate } from './operations/send-estimate';
// SMS fragment and cost arithmetic by GOV.UK Notify's rules (docs/domain.md, "Messages").
export * from './messages/sms-fragments';
// What the worker delivers through: the provider seam (GOV.UK Notify, the log, a test's own).
export { NOTIFICATION_PROVIDER } from './providers/notification-provider';
export type { NotificationProvider, NotifySender, OutgoingMessage } from './providers/notification-provider';
// Which GOV.UK Notify service each trust sends through (its own, or the deployment's): docs/domain.md.
export { NotifyServiceDirectory, DEPLOYMENT_SENDING_SERVICE, DIRECTORY_REFRESH_MS } from './notify-services/notify-service-directory';
export type { ResolvedNotifyService, ResolvedTemplates, CallbackIdentity } from './notify-services/notify-service-directory';
export type { LetterPostage } from './notify-services/notify-service.rules';
export { NotifyServiceService } from './notify-services/notify-service.service';
// Two-way SMS (docs/domain.md "Replies by text"): libs register a handler for the replies to their messages.
export { ReplyHandlers } from './replies/reply-handlers';
export type { ReplyHandler, MatchedReply, UnattributedReply, ReplyOutcome } from './replies/reply-handler';
export { ReceivedTextPoller } from './replies/received-text-poller';
export { RECALL_REPLY_INSTRUCTION } from './messages/recall.message';
// Refusing a text too long for Notify when it is written (MESSAGE_TOO_LONG).
export { textTooLongForSms, smsTooLong, SMS_FITS_BY_CONSTRUCTION } from './messages/sms-fit';
