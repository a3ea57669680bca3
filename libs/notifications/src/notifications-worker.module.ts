import { APP_CONFIG, AppConfig, QueueService } from '@app/core';
import { WalkoutsModule } from '@app/walkouts';
import { Module } from '@nestjs/common';
import { NotificationDispatcher } from './dispatch/notification-dispatcher';
import { SendNoticesHandler } from './jobs/send-notices.handler';
import { SendStaffAlertHandler } from './jobs/send-staff-alert.handler';
import { MessageBudgetRepository } from './limits/message-budget.repository';
import { NotifyDailyUsageRepository } from './limits/notify-daily-usage.repository';
import { NotifyServiceDirectory } from './notify-services/notify-service-directory';
import { NotifyServiceRepository } from './notify-services/notify-service.repository';
import { SmsNumberCaps } from './limits/sms-number-caps';
import { NotificationRepository } from './notifications/notification.repository';
import { MessagingHousekeeping } from './operations/messaging-housekeeping';
import { OutboxRelay } from './outbox/outbox-relay';
import { ParticipationDeclarationOutbox } from './outbox/participation-declaration-outbox';
import { DeclarationReplyHandler } from './replies/declaration-reply.handler';
import { NotificationOutboxModule } from './notification-outbox.module';
import { PollReceivedTextsHandler } from './jobs/poll-received-texts.handler';
import { ReceivedTextSource } from './providers/received-text-source';
import { ReceivedTextPoller } from './replies/received-text-poller';
import { ReceivedTextRepository } from './replies/received-text.repository';
import { ReceivedTextService } from './replies/received-text.service';
import { NOTIFICATION_PROVIDER } from './providers/notification-provider';
import { createNotificationProvider } from './providers/provider-factory';

/** Worker side: the outbox relay, the two send lanes, the upkeep of the message counters, and the outbox of walkouts' daily declarations. */
@Module({
  imports: [WalkoutsModule, NotificationOutboxModule],
  providers: [
    ParticipationDeclarationOutbox,
    DeclarationReplyHandler,
    ReceivedTextRepository,
    ReceivedTextService,
    ReceivedTextSource,
    ReceivedTextPoller,
    PollReceivedTextsHandler,
    NotificationRepository,
    NotificationDispatcher,
    OutboxRelay,
    SendStaffAlertHandler,
    SendNoticesHandler,
    NotifyServiceDirectory,
    NotifyServiceRepository,
    SmsNumberCaps,
    NotifyDailyUsageRepository,
    MessageBudgetRepository,
    MessagingHousekeeping,
    {
      provide: NOTIFICATION_PROVIDER,
      inject: [APP_CONFIG, QueueService],
      useFactory: (config: AppConfig, queues: QueueService) => createNotificationProvider(config, queues.redis()),
    },
  ],
  exports: [OutboxRelay],
})
export class NotificationsWorkerModule {}
