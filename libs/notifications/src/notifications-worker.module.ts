import { APP_CONFIG, AppConfig, QueueService } from '@app/core';
import { Module } from '@nestjs/common';
import { NotificationDispatcher } from './dispatch/notification-dispatcher';
import { SendNoticesHandler, SendStaffAlertHandler } from './dispatch/send-notification.handlers';
import { NotificationRepository } from './notification.repository';
import { OutboxRelay } from './outbox/outbox-relay';
import { NOTIFICATION_PROVIDER } from './providers/notification-provider';
import { createNotificationProvider } from './providers/provider-factory';

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
      useFactory: (config: AppConfig, queues: QueueService) => createNotificationProvider(config, queues.redis()),
    },
  ],
  exports: [OutboxRelay],
})
export class NotificationsWorkerModule {}
