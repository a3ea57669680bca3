import { APP_CONFIG, AppConfig } from '@app/core';
import { Module } from '@nestjs/common';
import { NotificationDispatcher } from './dispatch/notification-dispatcher';
import { SendNoticesHandler, SendStaffAlertHandler } from './dispatch/send-notification.handlers';
import { MessageBudgetRepository } from './limits/message-budget.repository';
import { NotifyDailyUsageRepository } from './limits/notify-daily-usage.repository';
import { SendingServices } from './limits/sending-services';
import { NotificationRepository } from './notification.repository';
import { MessagingHousekeeping } from './operations/messaging-housekeeping';
import { OutboxRelay } from './outbox/outbox-relay';
import { GovukNotifyProvider } from './providers/govuk-notify.provider';
import { LogProvider } from './providers/log.provider';
import { NOTIFICATION_PROVIDER } from './providers/notification-provider';

/** Worker side: the outbox relay, the two send lanes and the upkeep of the message counters. */
@Module({
  providers: [
    NotificationRepository,
    NotificationDispatcher,
    OutboxRelay,
    SendStaffAlertHandler,
    SendNoticesHandler,
    SendingServices,
    NotifyDailyUsageRepository,
    MessageBudgetRepository,
    MessagingHousekeeping,
    {
      provide: NOTIFICATION_PROVIDER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => (config.notify.provider === 'govuk-notify' ? new GovukNotifyProvider(config.notify.apiKey!, config.notify.baseUrl) : new LogProvider()),
    },
  ],
  exports: [OutboxRelay],
})
export class NotificationsWorkerModule {}
