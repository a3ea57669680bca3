import { MetricsModule } from '@app/core';
import { Module } from '@nestjs/common';
import { NotificationDeliveries } from './notifications/notification-deliveries';
import { MessageBudgetRepository } from './limits/message-budget.repository';
import { MessagingMetrics } from './operations/messaging-metrics';
import { NotificationOutbox } from './outbox/notification-outbox';

/**
 * The outbox as other features use it (API and worker alike): writing messages in their transaction,
 * with the trust's message budget counted there too.
 */
@Module({
  imports: [MetricsModule],
  providers: [NotificationOutbox, NotificationDeliveries, MessageBudgetRepository, MessagingMetrics],
  exports: [NotificationOutbox, NotificationDeliveries, MessageBudgetRepository, MessagingMetrics],
})
export class NotificationOutboxModule {}
