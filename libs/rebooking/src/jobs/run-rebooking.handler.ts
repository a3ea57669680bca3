import { HandlesJob, JobHandler, jobPayloadParser, JobName, JobPayload } from '@app/core';
import { Injectable } from '@nestjs/common';
import { RebookingRunService, RUN_REBOOKING_ATTEMPTS } from '../runs/rebooking-run.service';

/** A rebooking run to execute (job id `rebooking-<runId>`). */
export interface RunRebookingJob {
  runId: string;
}

declare module '@app/core/queue/queue-names' {
  interface JobPayloads {
    [JobName.RunRebooking]: RunRebookingJob;
  }
}

const parseRunRebooking = jobPayloadParser(JobName.RunRebooking, { runId: 'uuid' });

/** Runs a rebooking run; the service reloads everything from the run id and is safe to run twice. */
@Injectable()
@HandlesJob(JobName.RunRebooking)
export class RunRebookingHandler implements JobHandler<JobName.RunRebooking> {
  constructor(private readonly runs: RebookingRunService) {}

  parse(data: unknown): RunRebookingJob {
    return parseRunRebooking(data);
  }

  async handle(payload: JobPayload<JobName.RunRebooking>, context: { jobId: string; attemptsMade: number }): Promise<void> {
    await this.runs.execute(payload.runId, { finalAttempt: context.attemptsMade + 1 >= RUN_REBOOKING_ATTEMPTS });
  }
}
