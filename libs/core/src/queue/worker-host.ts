import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { runWithRequestContext } from '../http/request-context';
import { checkJobHandlers, JOB_HANDLER, JobHandler, runJob } from './job-handler';
import { JOB_QUEUE, JobName, QueueName } from './queue-names';
import { assertNoEviction, createRedisConnection } from './redis-connection';

/** How many jobs of each queue one worker process runs at once. */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = {
  // Sending is I/O-bound (a database row and one HTTP call per message): many in flight per process.
  [QueueName.StaffAlerts]: 50,
  // Each notice job is a batch of 50 of one Notify service, sent a few at a time (batchParallelism in
  // notifications); each service has at most a small window of batches out (two at 3,000/min), so 40 a
  // process lets two workers run 20 services' windows at once.
  [QueueName.PatientNotices]: 40,
  [QueueName.Work]: 2,
};

/**
 * The consumer side: finds the job handlers, checks each job has exactly one, refuses to run on a
 * Redis that may evict jobs, and runs one BullMQ worker per queue that has handlers.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];
  private connection: Redis | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handlers = new Map<string, JobHandler<JobName>>();
    const registered: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const name = wrapper.metatype ? Reflect.getMetadata(JOB_HANDLER, wrapper.metatype) : undefined;
      if (name && wrapper.instance) {
        registered.push(name);
        handlers.set(name, wrapper.instance as JobHandler<JobName>);
      }
    }
    const problems = checkJobHandlers(Object.values(JobName), registered);
    if (problems.length) throw new Error(`Job handlers are wrong: ${problems.join('; ')}`);

    this.connection = createRedisConnection(this.config.redisUrl, 'worker', 'worker');
    await this.connection.ping();
    await assertNoEviction(this.connection);

    const queues = new Set([...handlers.keys()].map((name) => JOB_QUEUE[name as unknown as JobName]));
    for (const queueName of queues) {
      const worker = new Worker(queueName, (job: Job) => this.run(handlers, job), {
        connection: this.connection,
        prefix: this.config.queuePrefix,
        concurrency: QUEUE_CONCURRENCY[queueName],
        // A worker that dies mid-job loses its lock after 15 s and the job is retried within ~5 s more
        // (BullMQ's defaults would leave it for up to a minute). Locks are renewed while a job runs.
        lockDuration: 15_000,
        stalledInterval: 5_000,
        maxStalledCount: 3,
      });
      worker.on('error', (error) => this.logger.warn({ msg: 'worker error', queue: queueName, error: error.message }));
      worker.on('failed', (job, error) => this.logger.warn({ msg: 'job failed', queue: queueName, jobId: job?.id, attempts: job?.attemptsMade, error: error.message }));
      this.workers.push(worker);
    }
    this.logger.log({ msg: 'worker started', queues: [...queues], handlers: registered.length });
  }

  private async run(handlers: Map<string, JobHandler<JobName>>, job: Job): Promise<void> {
    const handler = handlers.get(job.name);
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    // The handler parses the data first: a bad payload fails the job for good (no retry) with a clear message.
    await runWithRequestContext({ requestId: `job:${job.id}` }, () => runJob(handler, job.data, { jobId: String(job.id), attemptsMade: job.attemptsMade }));
  }

  /**
   * Lets running jobs finish (BullMQ's close waits for them) for half the shutdown grace, then stops
   * waiting: with Redis unreachable a job can neither finish nor fail. Such a job is not lost — its
   * lock lapses and another worker retries it; a message it was sending is looked up at Notify first.
   */
  async onApplicationShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.config.workerShutdownGraceMs / 2)));
    const closed = await Promise.race([Promise.allSettled(this.workers.map((worker) => worker.close())).then(() => true), patience]);
    clearTimeout(timer);
    if (!closed) {
      this.logger.warn({ msg: 'jobs still running at shutdown are left to be retried by another worker' });
      for (const worker of this.workers) void worker.close(true).catch(() => undefined);
    }
    this.connection?.disconnect();
    this.logger.log({ msg: 'worker stopped', clean: closed });
  }
}
