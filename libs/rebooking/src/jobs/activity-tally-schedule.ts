import { JobName, QueueService } from '@app/core';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { FOLD_ACTIVITY_TALLY_MS, FOLD_ACTIVITY_TALLY_SCHEDULER_ID } from './activity-tally-jobs';

/** Puts the repeating fold job in place when the worker starts (one schedule, however many workers). */
@Injectable()
export class ActivityTallySchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger('ActivityTally');

  constructor(private readonly queues: QueueService) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.queues.repeatEvery({ name: JobName.FoldActivityTally, data: {}, schedulerId: FOLD_ACTIVITY_TALLY_SCHEDULER_ID, everyMs: FOLD_ACTIVITY_TALLY_MS });
    } catch (error) {
      // Redis down at start: the worker cannot run jobs either; it fails its own health check and restarts.
      this.logger.warn({ msg: 'could not schedule the activity tally fold', error: (error as Error).message });
    }
  }
}
