import { Injectable, Logger, OnApplicationBootstrap, Type } from '@nestjs/common';
import { JobName } from './queue-names';
import { QueueService, RepeatingJob } from './queue.service';

/**
 * A worker provider that puts `job`'s schedule in place when the worker starts (one schedule, however
 * many workers: see QueueService.repeatEvery). A lib names its schedule by extending it:
 * `export class DeclarationSchedule extends RepeatingJobSchedule({ … }) {}`.
 */
export function RepeatingJobSchedule<N extends JobName>(job: RepeatingJob<N>): Type<OnApplicationBootstrap> {
  @Injectable()
  class Schedule implements OnApplicationBootstrap {
    private readonly logger = new Logger('RepeatingJobs');

    constructor(private readonly queues: QueueService) {}

    async onApplicationBootstrap(): Promise<void> {
      try {
        await this.queues.repeatEvery(job);
      } catch (error) {
        // Redis down at start: the worker cannot run jobs either; it fails its own health check and restarts.
        this.logger.warn({ msg: 'could not schedule a repeating job', job: job.name, error: (error as Error).message });
      }
    }
  }
  return Schedule;
}
