import { MetricsModule } from '@app/core';
import { OrganisationsModule } from '@app/organisations';
import { WalkoutsModule } from '@app/walkouts';
import { WebModule } from '@app/web';
import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { NotifyServiceDirectory } from './notify-services/notify-service-directory';
import { NotifyServiceRepository } from './notify-services/notify-service.repository';
import { NotifyDailyUsageRepository } from './limits/notify-daily-usage.repository';
import { DeliveryReceiptController } from './notifications/delivery-receipt.controller';
import { NotificationController } from './notifications/notification.controller';
import { NotificationOutboxModule } from './notification-outbox.module';
import { NotificationRepository } from './notifications/notification.repository';
import { NotificationService } from './notifications/notification.service';
import { MetricsController } from './operations/metrics.controller';
import { NotifyServiceController } from './notify-services/notify-service.controller';
import { NotifyServiceService } from './notify-services/notify-service.service';
import { ReceivedTextController } from './replies/received-text.controller';
import { ReceivedTextRepository } from './replies/received-text.repository';
import { DeclarationReplyHandler } from './replies/declaration-reply.handler';
import { ReceivedTextService } from './replies/received-text.service';

/** API side: the outbox other features write to, the notification routes, receipts and metrics. */
@Module({
  imports: [MetricsModule, OrganisationsModule, WalkoutsModule, NotificationOutboxModule, WebModule.forFeature(join(__dirname, 'views'))],
  controllers: [NotificationController, NotifyServiceController, DeliveryReceiptController, ReceivedTextController, MetricsController],
  providers: [NotificationRepository, NotificationService, NotifyDailyUsageRepository, NotifyServiceDirectory, NotifyServiceRepository, NotifyServiceService, ReceivedTextService, ReceivedTextRepository, DeclarationReplyHandler],
  exports: [NotificationOutboxModule, NotificationService, NotifyServiceDirectory],
})
export class NotificationsModule {}
