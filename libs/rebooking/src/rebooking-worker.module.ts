import { NotificationOutboxModule } from '@app/notifications';
import { OrganisationsModule } from '@app/organisations';
import { WalkoutsModule } from '@app/walkouts';
import { Module } from '@nestjs/common';
import { RebookingRunRepository } from './runs/rebooking-run.repository';
import { RebookingRunService } from './runs/rebooking-run.service';
import { RunRebookingHandler } from './jobs/run-rebooking.handler';
import { FoldActivityTallyHandler } from './jobs/fold-activity-tally.handler';
import { ActivityTallySchedule } from './jobs/activity-tally-schedule';
import { ActivityTallyRepository } from './sitreps/activity-tally.repository';

/**
 * Worker side: the rebooking-run job and the activity tally's fold. The outbox comes from NotificationOutboxModule rather than
 * NotificationsModule, whose HTTP controllers the worker has no use for.
 */
@Module({
  imports: [OrganisationsModule, WalkoutsModule, NotificationOutboxModule],
  providers: [RebookingRunRepository, RebookingRunService, RunRebookingHandler, ActivityTallyRepository, FoldActivityTallyHandler, ActivityTallySchedule],
})
export class RebookingWorkerModule {}
