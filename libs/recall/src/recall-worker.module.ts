import { NotificationOutboxModule } from '@app/notifications';
import { OrganisationsModule } from '@app/organisations';
import { WalkoutsModule } from '@app/walkouts';
import { Module } from '@nestjs/common';
import { EscalateRecallHandler } from './jobs/escalate-recall.handler';
import { RecallSweeper } from './jobs/recall-sweeper';
import { StartDerogationRecallHandler } from './jobs/start-derogation-recall.handler';
import { RECALL_CORE_PROVIDERS } from './recall.module';

/** Worker side: the escalation checks, deferred derogation recalls and the sweeper that re-queues lost jobs. */
@Module({
  imports: [OrganisationsModule, WalkoutsModule, NotificationOutboxModule],
  providers: [...RECALL_CORE_PROVIDERS, EscalateRecallHandler, StartDerogationRecallHandler, RecallSweeper],
})
export class RecallWorkerModule {}
