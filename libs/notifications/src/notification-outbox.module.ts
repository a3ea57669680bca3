import { MetricsModule } from '@app/core';
import { Module } from '@nestjs/common';
import { MessageBudgetRepository } from './limits/message-budget.repository';
import { MessagingMetrics } from './operations/messaging-metrics';
import { NotificationOutbox } from './outbox/notification-outbox';

/**
 * The outbox as other features use it (API and worker alike): writing messages in their transaction,
 * with the trust's message budget counted there too.
 */
@Module({
  imports: [MetricsModule],
  providers: [NotificationOutbox, MessageBudgetRepository, MessagingMetrics],
  exports: [NotificationOutbox, MessageBudgetRepository, MessagingMetrics],
})
export class NotificationOutboxModule {}
