import { HandlesJob, JobHandler, JobName, JobPayload } from '@app/core';
import { Injectable } from '@nestjs/common';
import { RebookingRunService, RUN_REBOOKING_ATTEMPTS } from '../runs/rebooking-run.service';

/** Runs a rebooking run; the service reloads everything from the run id and is safe to run twice. */
@Injectable()
@HandlesJob(JobName.RunRebooking)
export class RunRebookingHandler implements JobHandler<JobName.RunRebooking> {
  constructor(private readonly runs: RebookingRunService) {}

  async handle(payload: JobPayload<JobName.RunRebooking>, context: { jobId: string; attemptsMade: number }): Promise<void> {
    await this.runs.execute(payload.runId, { finalAttempt: context.attemptsMade + 1 >= RUN_REBOOKING_ATTEMPTS });
  }
}
