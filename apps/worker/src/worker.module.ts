import { ClockModule, ConfigModule, DatabaseModule, QueueModule, WorkerHostModule } from '@app/core';
import { Module } from '@nestjs/common';

/** Worker composition root: the job handlers of each feature are added here as features land. */
@Module({
  imports: [ConfigModule, ClockModule, DatabaseModule.forRoot({ migrateOnStart: false }), QueueModule, WorkerHostModule],
})
export class WorkerModule {}
