import { jobPayloadParser, JobName } from '@app/core';

/** No data: each run looks at every trust's walkouts (docs/domain.md, "Daily declarations"). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SendParticipationDeclarationsJob {}

declare module '@app/core/queue/queue-names' {
  interface JobPayloads {
    [JobName.SendParticipationDeclarations]: SendParticipationDeclarationsJob;
  }
}

export const parseSendParticipationDeclarations = jobPayloadParser(JobName.SendParticipationDeclarations, {});

/** How often the scheduled job runs: a request goes out within this long of 18:00 the evening before. */
export const DECLARATION_SWEEP_MS = 5 * 60_000;
export const DECLARATION_SCHEDULER_ID = 'participation-declarations';
