import { HandlesJob, JobHandler, JobName } from '@app/core';
import { Injectable, Logger } from '@nestjs/common';
import { ActivityTallyRepository } from '../sitreps/activity-tally.repository';
import { FoldActivityTallyJob, parseFoldActivityTally } from './activity-tally-jobs';

/** Folds the walkout activity tally; safe to run twice or at once (a fold changes no figure, and each row is folded once). */
@Injectable()
@HandlesJob(JobName.FoldActivityTally)
export class FoldActivityTallyHandler implements JobHandler<JobName.FoldActivityTally> {
  private readonly logger = new Logger('ActivityTally');

  constructor(private readonly tally: ActivityTallyRepository) {}

  parse(data: unknown): FoldActivityTallyJob {
    return parseFoldActivityTally(data);
  }

  async handle(): Promise<void> {
    const walkouts = await this.tally.fold();
    if (walkouts) this.logger.debug({ msg: 'activity tally folded', walkouts });
  }
}
