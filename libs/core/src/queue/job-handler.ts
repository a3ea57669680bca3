import { SetMetadata } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobName, JobPayload } from './queue-names';

export const JOB_HANDLER = 'queue:job-handler';

export interface JobContext {
  jobId: string;
  attemptsMade: number;
}

/**
 * The one handler of job `N`. The worker has no HTTP pipe: `parse` checks the job's data at this
 * boundary (throwing `InvalidJobPayloadError`) before `handle` sees it typed.
 */
export interface JobHandler<N extends JobName> {
  parse(data: unknown): JobPayload<N>;
  handle(payload: JobPayload<N>, context: JobContext): Promise<void>;
}

/**
 * Marks a provider as the one handler of job `name`; the worker finds it by this metadata at start-up.
 * The class must be a `JobHandler` of that same job, so its payload type is the job's.
 */
export function HandlesJob<N extends JobName>(name: N) {
  return <T extends abstract new (...args: never[]) => JobHandler<N>>(target: T): void => {
    SetMetadata(JOB_HANDLER, name)(target);
  };
}

/**
 * A job whose data is not what its handler takes. Retrying cannot help, so the worker fails the job
 * at once (BullMQ's UnrecoverableError) with this message, naming the job and the field.
 */
export class InvalidJobPayloadError extends UnrecoverableError {
  constructor(job: JobName, problem: string) {
    super(`job "${job}" has a bad payload: ${problem}`);
    this.name = 'InvalidJobPayloadError';
  }
}

/** Runs one job through its handler: parsed first, so a bad payload never reaches `handle`. */
export function runJob<N extends JobName>(handler: JobHandler<N>, data: unknown, context: JobContext): Promise<void> {
  return handler.handle(handler.parse(data), context);
}

type FieldKind = 'uuid' | 'uuid[]' | 'non-negative-integer';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fieldProblem(value: unknown, kind: FieldKind): string | null {
  switch (kind) {
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? null : 'must be a uuid';
    case 'uuid[]':
      return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && UUID.test(item)) ? null : 'must be a non-empty array of uuids';
    case 'non-negative-integer':
      return Number.isInteger(value) && (value as number) >= 0 ? null : 'must be a non-negative integer';
  }
}

/**
 * A payload parser for job `name` from the kind of each field: returns exactly those fields, or throws
 * InvalidJobPayloadError naming the first field that is wrong.
 */
export function jobPayloadParser<N extends JobName>(name: N, shape: { [K in keyof JobPayload<N>]: FieldKind }): (data: unknown) => JobPayload<N> {
  return (data: unknown) => {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InvalidJobPayloadError(name, 'must be an object');
    const record = data as Record<string, unknown>;
    const payload: Record<string, unknown> = {};
    for (const [field, kind] of Object.entries(shape) as [string, FieldKind][]) {
      const problem = fieldProblem(record[field], kind);
      if (problem) throw new InvalidJobPayloadError(name, `${field} ${problem}`);
      payload[field] = record[field];
    }
    return payload as unknown as JobPayload<N>;
  };
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
