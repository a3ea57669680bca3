import { Module } from '@nestjs/common';
import { MessageBudgetRepository } from './limits/message-budget.repository';
import { MetricsRegistry } from './operations/metrics-registry';
import { NotificationOutbox } from './outbox/notification-outbox';

/**
 * The outbox as other features use it (API and worker alike): writing messages in their transaction,
 * with the trust's message budget counted there too.
 */
@Module({
  providers: [NotificationOutbox, MessageBudgetRepository, MetricsRegistry],
  exports: [NotificationOutbox, MessageBudgetRepository, MetricsRegistry],
})
export class NotificationOutboxModule {}
