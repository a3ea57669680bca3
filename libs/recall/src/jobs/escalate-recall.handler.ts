import { HandlesJob, JobHandler, JobName } from '@app/core';
import { Injectable } from '@nestjs/common';
import { EscalationService } from '../recall/escalation.service';
import { EscalateRecallJob, parseEscalateRecall } from './recall-jobs';

@Injectable()
@HandlesJob(JobName.EscalateRecall)
export class EscalateRecallHandler implements JobHandler<JobName.EscalateRecall> {
  constructor(private readonly escalation: EscalationService) {}

  parse(data: unknown): EscalateRecallJob {
    return parseEscalateRecall(data);
  }

  async handle(payload: EscalateRecallJob): Promise<void> {
    await this.escalation.escalate(payload.trustId, payload.incidentId, payload.round);
  }
}
