import { MetricsModule } from '@app/core';
import { Module } from '@nestjs/common';
import { NotificationDeliveries } from './notifications/notification-deliveries';
import { MessageBudgetRepository } from './limits/message-budget.repository';
import { MessagingMetrics } from './operations/messaging-metrics';
import { NotificationOutbox } from './outbox/notification-outbox';
import { ReplyHandlers } from './replies/reply-handlers';

/**
 * The outbox as other features use it (API and worker alike): writing messages in their transaction,
 * with the trust's message budget counted there too.
 */
@Module({
  imports: [MetricsModule],
  // ReplyHandlers lives here so that every lib registering a reply handler, in the API and the worker, shares one registry.
  providers: [NotificationOutbox, NotificationDeliveries, MessageBudgetRepository, MessagingMetrics, ReplyHandlers],
  exports: [NotificationOutbox, NotificationDeliveries, MessageBudgetRepository, MessagingMetrics, ReplyHandlers],
})
export class NotificationOutboxModule {}
