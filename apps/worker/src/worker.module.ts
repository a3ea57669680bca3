import { ClockModule, ConfigModule, DatabaseModule, LoggingModule, QueueModule, WorkerHostModule } from '@app/core';
import { NotificationsWorkerModule } from '@app/notifications';
import { RebookingWorkerModule } from '@app/rebooking';
import { RecallWorkerModule } from '@app/recall';
import { WalkoutsWorkerModule } from '@app/walkouts';
import { Module } from '@nestjs/common';

/** Worker composition root: the job handlers of each feature are added here as features land. */
@Module({
  imports: [ConfigModule, LoggingModule.forService('worker'), ClockModule, DatabaseModule.forRoot({ migrateOnStart: false }), QueueModule, WorkerHostModule, NotificationsWorkerModule, RebookingWorkerModule, RecallWorkerModule, WalkoutsWorkerModule],
})
export class WorkerModule {}
