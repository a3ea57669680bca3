import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, JobState, JobType, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { JOB_QUEUE, JobName, JobPayload, QueueName } from './queue-names';
import { createRedisConnection } from './redis-connection';

/** One job to enqueue: its name fixes the type of its data (a union over the jobs, so a mixed batch is checked too). */
export type TypedJob<N extends JobName = JobName> = {
  [K in N]: {
    name: K;
    data: JobPayload<K>;
    /** Deterministic ids (e.g. `notify-<notificationId>`) make enqueueing idempotent. */
    jobId: string;
    opts?: Omit<JobsOptions, 'jobId'>;
  };
}[N];

/** A job run on a schedule: `name` with `data` every `everyMs`, one schedule per `schedulerId` however many workers ask. */
export interface RepeatingJob<N extends JobName = JobName> {
  name: N;
  data: JobPayload<N>;
  schedulerId: string;
  everyMs: number;
}

/** A stored job as producers may look at it (its data as it was enqueued, not re-checked). */
export interface JobView<N extends JobName> {
  id: string;
  name: N;
  data: JobPayload<N>;
  opts: { delay: number };
  state: JobState | 'unknown';
}

/**
 * Producer side of the queues: one fail-fast connection per process, typed jobs, closed on shutdown.
 * Libs use its named operations; the BullMQ queues and the ioredis connection stay inside core.
 */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger('Queues');
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = createRedisConnection(config.redisUrl, 'producer', 'producer');
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.config.queuePrefix, skipWaitingForReady: true });
      queue.on('error', (error) => this.logger.warn({ msg: 'queue error', queue: name, error: error.message }));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Enqueues one job on its job's queue; a job id already present makes this a no-op. */
  async enqueue(job: TypedJob): Promise<void> {
    await this.queue(JOB_QUEUE[job.name]).add(job.name, job.data, { ...job.opts, jobId: job.jobId });
  }

  /** Enqueues a batch, one round trip per queue. */
  async enqueueMany(jobs: readonly TypedJob[]): Promise<void> {
    const byQueue = new Map<QueueName, TypedJob[]>();
    for (const job of jobs) {
      const queueName = JOB_QUEUE[job.name];
      byQueue.set(queueName, [...(byQueue.get(queueName) ?? []), job]);
    }
    for (const [queueName, queueJobs] of byQueue) {
      await this.queue(queueName).addBulk(queueJobs.map((job) => ({ name: job.name, data: job.data, opts: { ...job.opts, jobId: job.jobId } })));
    }
  }

  /**
   * Keeps one repeating job (a BullMQ job scheduler) running every `everyMs`; `everyMs` 0 removes it. The
   * scheduler id makes calling this again — every start of every worker — update the one schedule rather
   * than add another.
   */
  async repeatEvery<N extends JobName>(job: RepeatingJob<N>): Promise<void> {
    const queue = this.queue(JOB_QUEUE[job.name]);
    if (job.everyMs <= 0) {
      await queue.removeJobScheduler(job.schedulerId);
      return;
    }
    await queue.upsertJobScheduler(job.schedulerId, { every: job.everyMs }, { name: job.name, data: job.data, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }

  /** One job of job `name` by id, as stored (for the sweeper and tests); undefined when there is none. */
  async findJob<N extends JobName>(name: N, jobId: string): Promise<JobView<N> | undefined> {
    const job = await this.queue(JOB_QUEUE[name]).getJob(jobId);
    if (!job) return undefined;
    return { id: String(job.id), name: job.name as N, data: job.data as JobPayload<N>, opts: { delay: job.opts.delay ?? 0 }, state: await job.getState() };
  }

  /** Retries the job `jobId` of job `name` if it failed for good; false when it is missing or not failed. */
  async retryIfFailed(name: JobName, jobId: string): Promise<boolean> {
    const job = await this.queue(JOB_QUEUE[name]).getJob(jobId);
    if (!job || !(await job.isFailed())) return false;
    await job.retry('failed');
    return true;
  }

  /** Removes a waiting or delayed job of job `name` (a running one is left to finish). */
  async removeJob(name: JobName, jobId: string): Promise<void> {
    await this.queue(JOB_QUEUE[name]).remove(jobId);
  }

  /** How many jobs of a queue are in each of these states. */
  async countJobs<S extends JobType>(queueName: QueueName, states: readonly S[]): Promise<Record<S, number>> {
    const counts = await this.queue(queueName).getJobCounts(...states);
    return Object.fromEntries(states.map((state) => [state, counts[state] ?? 0])) as Record<S, number>;
  }

  /** Every queue, for the operators' dashboard (Bull Board reads them; nothing else should). */
  dashboardQueues(): Queue[] {
    return Object.values(QueueName).map((name) => this.queue(name));
  }

  /** The shared producer connection, for health checks and small Redis reads. */
  redis(): Redis {
    return this.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    this.connection.disconnect();
  }
}
