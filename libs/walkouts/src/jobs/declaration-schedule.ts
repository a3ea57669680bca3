import { QueueService } from '@app/core';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobName } from '@app/core';
import { DECLARATION_SCHEDULER_ID, DECLARATION_SWEEP_MS } from './declaration-jobs';

/** Puts the repeating declaration job in place when the worker starts (one schedule, however many workers). */
@Injectable()
export class DeclarationSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Declarations');

  constructor(private readonly queues: QueueService) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.queues.repeatEvery({ name: JobName.SendParticipationDeclarations, data: {}, schedulerId: DECLARATION_SCHEDULER_ID, everyMs: DECLARATION_SWEEP_MS });
    } catch (error) {
      // Redis down at start: the worker cannot run jobs either; it fails its own health check and restarts.
      this.logger.warn({ msg: 'could not schedule the declaration job', error: (error as Error).message });
    }
  }
}
