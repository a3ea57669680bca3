import { SetMetadata } from '@nestjs/common';
import { JobName, JobPayload } from './queue-names';

export const JOB_HANDLER = 'queue:job-handler';

/** Marks a provider as the one handler of a job; the worker finds it by this metadata at start-up. */
export const HandlesJob = (name: JobName): ClassDecorator => SetMetadata(JOB_HANDLER, name);

export interface JobHandler<N extends JobName = JobName> {
  handle(payload: JobPayload<N>, context: { jobId: string; attemptsMade: number }): Promise<void>;
}

/**
 * Start-up check (as in immich): every job name has exactly one handler. A job without a handler
 * would sit in Redis forever; two handlers would race. Returns the problems, empty when all is well.
 */
export function checkJobHandlers(allJobs: readonly string[], registered: readonly string[]): string[] {
  const problems: string[] = [];
  for (const job of allJobs) {
    const count = registered.filter((name) => name === job).length;
    if (count === 0) problems.push(`job "${job}" has no handler`);
    if (count > 1) problems.push(`job "${job}" has ${count} handlers`);
  }
  for (const name of new Set(registered)) {
    if (!allJobs.includes(name)) problems.push(`handler for unknown job "${name}"`);
  }
  return problems;
}
