import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { JOB_QUEUE, JobName, JobPayload, QueueName } from './queue-names';
import { createRedisConnection } from './redis-connection';

export interface TypedJob<N extends JobName = JobName> {
  name: N;
  data: JobPayload<N>;
  /** Deterministic ids (e.g. `notify-<notificationId>`) make enqueueing idempotent. */
  jobId: string;
  opts?: Omit<JobsOptions, 'jobId'>;
}

/** Producer side of the queues: one fail-fast connection per process, typed jobs, closed on shutdown. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger('Queues');
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = createRedisConnection(config.redisUrl, 'producer', 'producer');
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.config.queuePrefix, skipWaitingForReady: true });
      queue.on('error', (error) => this.logger.warn({ msg: 'queue error', queue: name, error: error.message }));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add<N extends JobName>(job: TypedJob<N>): Promise<void> {
    await this.queue(JOB_QUEUE[job.name]).add(String(job.name), job.data, { ...job.opts, jobId: job.jobId });
  }

  async addBulk(jobs: TypedJob[]): Promise<void> {
    const byQueue = new Map<QueueName, TypedJob[]>();
    for (const job of jobs) {
      const queueName = JOB_QUEUE[job.name];
      byQueue.set(queueName, [...(byQueue.get(queueName) ?? []), job]);
    }
    for (const [queueName, queueJobs] of byQueue) {
      await this.queue(queueName).addBulk(queueJobs.map((job) => ({ name: String(job.name), data: job.data as unknown, opts: { ...job.opts, jobId: job.jobId } })));
    }
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
