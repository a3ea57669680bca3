import { JobName, QueueService } from '@app/core';
import { Injectable, Logger } from '@nestjs/common';
// The payload types of these jobs (merged into core's JobPayloads).
import type {} from '../jobs/recall-jobs';

const JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential' as const, delay: 2_000 },
  removeOnComplete: { age: 24 * 3_600 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

export function escalationJobId(incidentId: string, round: number): string {
  return `escalate-${incidentId}-${round}`;
}

export function derogationRecallJobId(derogationId: string): string {
  return `derogation-recall-${derogationId}`;
}

/**
 * The delayed jobs of the recall. Called after the transaction that decided them has committed; if
 * Redis is unavailable the failure is logged, not thrown (the change is already stored), and the
 * worker's sweeper queues the job from the stored `next_escalation_at` when Redis is back.
 * Deterministic job ids make a repeated schedule a no-op.
 */
@Injectable()
export class RecallScheduler {
  private readonly logger = new Logger('RecallScheduler');

  constructor(private readonly queues: QueueService) {}

  async scheduleEscalation(trustId: string, incidentId: string, round: number, delayMs: number): Promise<boolean> {
    try {
      await this.queues.enqueue({
        name: JobName.EscalateRecall,
        data: { trustId, incidentId, round },
        jobId: escalationJobId(incidentId, round),
        opts: { ...JOB_OPTIONS, delay: Math.max(0, Math.round(delayMs)) },
      });
      return true;
    } catch (error) {
      this.logger.warn({ msg: 'escalation not scheduled; the sweeper will retry', trustId, incidentId, round, error: (error as Error).message });
      return false;
    }
  }

  /**
   * For the sweeper: queue the job if it is missing, and retry it if it failed for good (e.g. the
   * database was down for all its attempts) — a plain add would be a no-op for a failed job's id.
   */
  async ensureEscalation(trustId: string, incidentId: string, round: number, delayMs: number): Promise<void> {
    if (await this.retryIfFailed(JobName.EscalateRecall, escalationJobId(incidentId, round))) return;
    await this.scheduleEscalation(trustId, incidentId, round, delayMs);
  }

  async ensureDerogationRecall(trustId: string, derogationId: string, delayMs: number): Promise<void> {
    if (await this.retryIfFailed(JobName.StartDerogationRecall, derogationRecallJobId(derogationId))) return;
    await this.scheduleDerogationRecall(trustId, derogationId, delayMs);
  }

  private async retryIfFailed(name: JobName.EscalateRecall | JobName.StartDerogationRecall, jobId: string): Promise<boolean> {
    try {
      if (!(await this.queues.retryIfFailed(name, jobId))) return false;
      this.logger.log({ msg: 'failed recall job retried by the sweeper', jobId });
      return true;
    } catch (error) {
      this.logger.warn({ msg: 'could not inspect recall job', jobId, error: (error as Error).message });
      return false;
    }
  }

  /** Removes the pending escalation jobs of these rounds; a job already running re-checks the state itself. */
  async cancelEscalation(incidentId: string, rounds: number[]): Promise<void> {
    for (const round of rounds) {
      try {
        await this.queues.removeJob(JobName.EscalateRecall, escalationJobId(incidentId, round));
      } catch (error) {
        this.logger.warn({ msg: 'escalation job not removed; its handler will find the incident ended', incidentId, round, error: (error as Error).message });
      }
    }
  }

  async scheduleDerogationRecall(trustId: string, derogationId: string, delayMs: number): Promise<boolean> {
    try {
      await this.queues.enqueue({
        name: JobName.StartDerogationRecall,
        data: { trustId, derogationId },
        jobId: derogationRecallJobId(derogationId),
        opts: { ...JOB_OPTIONS, delay: Math.max(0, Math.round(delayMs)) },
      });
      return true;
    } catch (error) {
      this.logger.warn({ msg: 'derogation recall not scheduled; the sweeper will retry', trustId, derogationId, error: (error as Error).message });
      return false;
    }
  }
}
