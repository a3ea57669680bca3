import { jobPayloadParser, JobName } from '@app/core';

/** `round` is the round whose wait has ended (0 = the initial recall); job id `escalate-<incidentId>-<round>`. */
export interface EscalateRecallJob {
  trustId: string;
  incidentId: string;
  round: number;
}

/** An approved (or failsafe) derogation whose walkout had not started: recall when it starts; job id `derogation-recall-<derogationId>`. */
export interface StartDerogationRecallJob {
  trustId: string;
  derogationId: string;
}

declare module '@app/core/queue/queue-names' {
  interface JobPayloads {
    [JobName.EscalateRecall]: EscalateRecallJob;
    [JobName.StartDerogationRecall]: StartDerogationRecallJob;
  }
}

export const parseEscalateRecall = jobPayloadParser(JobName.EscalateRecall, { trustId: 'uuid', incidentId: 'uuid', round: 'non-negative-integer' });
export const parseStartDerogationRecall = jobPayloadParser(JobName.StartDerogationRecall, { trustId: 'uuid', derogationId: 'uuid' });
