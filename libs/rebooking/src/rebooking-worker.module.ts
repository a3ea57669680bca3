import { NotificationOutbox } from '@app/notifications';
import { OrganisationsModule } from '@app/organisations';
import { WalkoutsModule } from '@app/walkouts';
import { Module } from '@nestjs/common';
import { RebookingRunRepository } from './rebooking-run.repository';
import { RebookingRunService } from './rebooking-run.service';
import { RunRebookingHandler } from './run-rebooking.handler';

/**
 * Worker side: the rebooking-run job. The outbox is provided directly (it has no dependencies) rather
 * than through NotificationsModule, whose HTTP controllers the worker has no use for.
 */
@Module({
  imports: [OrganisationsModule, WalkoutsModule],
  providers: [RebookingRunRepository, RebookingRunService, NotificationOutbox, RunRebookingHandler],
})
export class RebookingWorkerModule {}
