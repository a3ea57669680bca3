import { jobPayloadParser, JobName } from '@app/core';

/** No data: each run folds every walkout with rows appended since the last one. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FoldActivityTallyJob {}

declare module '@app/core/queue/queue-names' {
  interface JobPayloads {
    [JobName.FoldActivityTally]: FoldActivityTallyJob;
  }
}

export const parseFoldActivityTally = jobPayloadParser(JobName.FoldActivityTally, {});

/**
 * How often the fold runs. Reads are exact whether folded or not; between folds a walkout gains a few
 * rows per statement that changed its appointments (a rebooking batch, a patient's answer), so a minute
 * keeps even a national walkout's busiest hour to a few thousand rows to add up.
 */
export const FOLD_ACTIVITY_TALLY_MS = 60_000;
export const FOLD_ACTIVITY_TALLY_SCHEDULER_ID = 'fold-activity-tally';
