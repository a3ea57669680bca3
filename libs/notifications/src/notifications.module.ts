import { WebModule } from '@app/web';
import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { DeliveryReceiptController, NotificationController } from './notification.controller';
import { NotificationRepository } from './notification.repository';
import { NotificationService } from './notification.service';
import { MetricsController } from './operations/metrics.controller';
import { NotificationOutbox } from './outbox/notification-outbox';

/** API side: the outbox other features write to, the notification routes, receipts and metrics. */
@Module({
  imports: [WebModule.forFeature(join(__dirname, 'views'))],
  controllers: [NotificationController, DeliveryReceiptController, MetricsController],
  providers: [NotificationRepository, NotificationService, NotificationOutbox],
  exports: [NotificationOutbox],
})
export class NotificationsModule {}
