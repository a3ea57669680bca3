import { Clock, HandlesJob, JobHandler, JobName } from '@app/core';
import { Injectable, Logger } from '@nestjs/common';
import { DerogationRecallService } from '../derogations/derogation-recall.service';
import { parseStartDerogationRecall, StartDerogationRecallJob } from './recall-jobs';

@Injectable()
@HandlesJob(JobName.StartDerogationRecall)
export class StartDerogationRecallHandler implements JobHandler<JobName.StartDerogationRecall> {
  private readonly logger = new Logger('DerogationRecall');

  constructor(
    private readonly derogationRecall: DerogationRecallService,
    private readonly clock: Clock,
  ) {}

  parse(data: unknown): StartDerogationRecallJob {
    return parseStartDerogationRecall(data);
  }

  async handle(payload: StartDerogationRecallJob): Promise<void> {
    const outcome = await this.derogationRecall.startFromJob(payload.trustId, payload.derogationId, this.clock.now());
    this.logger.log({ msg: 'derogation recall job', trustId: payload.trustId, derogationId: payload.derogationId, outcome: outcome?.status ?? 'not found' });
  }
}
