import { JobName, RepeatingJobSchedule } from '@app/core';
import { Injectable } from '@nestjs/common';
import { FOLD_ACTIVITY_TALLY_MS, FOLD_ACTIVITY_TALLY_SCHEDULER_ID } from './activity-tally-jobs';

/** The repeating fold of the walkout activity tally, put in place when the worker starts. */
@Injectable()
export class ActivityTallySchedule extends RepeatingJobSchedule({ name: JobName.FoldActivityTally, data: {}, schedulerId: FOLD_ACTIVITY_TALLY_SCHEDULER_ID, everyMs: FOLD_ACTIVITY_TALLY_MS }) {}
