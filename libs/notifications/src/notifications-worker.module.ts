import { APP_CONFIG, AppConfig, QueueService } from '@app/core';
import { Module } from '@nestjs/common';
import { DevMessageStore } from './operations/dev-messages/dev-message-store';
import { NotificationDispatcher } from './dispatch/notification-dispatcher';
import { SendNoticesHandler, SendStaffAlertHandler } from './dispatch/send-notification.handlers';
import { NotificationRepository } from './notification.repository';
import { OutboxRelay } from './outbox/outbox-relay';
import { GovukNotifyProvider } from './providers/govuk-notify.provider';
import { LogProvider } from './providers/log.provider';
import { NOTIFICATION_PROVIDER } from './providers/notification-provider';

/** Worker side: the outbox relay and the two send lanes. */
@Module({
  providers: [
    NotificationRepository,
    NotificationDispatcher,
    OutboxRelay,
    SendStaffAlertHandler,
    SendNoticesHandler,
    {
      provide: NOTIFICATION_PROVIDER,
      inject: [APP_CONFIG, QueueService],
      useFactory: (config: AppConfig, queues: QueueService) =>
        config.notify.provider === 'govuk-notify'
          ? new GovukNotifyProvider(config.notify.apiKey!, config.notify.baseUrl)
          : // Never in production: the viewer's store holds personal details and live links.
            new LogProvider(config.nodeEnv === 'production' ? null : new DevMessageStore(queues.redis(), config.queuePrefix)),
    },
  ],
  exports: [OutboxRelay],
})
export class NotificationsWorkerModule {}
