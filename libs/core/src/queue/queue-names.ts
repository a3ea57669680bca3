/**
 * Every queue and job of the service, with the payload each job carries. Payloads carry ids only —
 * never patient details (docs/architecture.md "House rules") — and handlers reload state, so running a job twice is safe.
 *
 * Lanes: staff alerts (recall, stand-down) have their own queue and are always served before patient
 * notices, so a recall never waits behind a national backlog of rebooking letters.
 */
export enum QueueName {
  StaffAlerts = 'staff-alerts',
  PatientNotices = 'patient-notices',
  Work = 'work',
}

export enum JobName {
  /** Send one recall / reminder / stand-down message (staff-alert lane). */
  SendStaffAlert = 'send-staff-alert',
  /** Send a batch of patient notices / cover-shift messages (notice lane, soonest deadline first). */
  SendNotices = 'send-notices',
  /** A recall round's wait is over: remind non-responders and widen the cohort if too few are coming. */
  EscalateRecall = 'escalate-recall',
  /** An approved (or failsafe) derogation whose walkout had not started yet: recall when it starts. */
  StartDerogationRecall = 'start-derogation-recall',
  /** Place a walkout's postponed appointments into free slots (job id `rebooking-<runId>`). */
  RunRebooking = 'run-rebooking',
  /** Ask each Notify service with an inbound number for texts received since the last poll (repeatable). */
  PollReceivedTexts = 'poll-received-texts',
  /** Every few minutes (a job scheduler): send the daily declaration requests now due, evening before each walkout day. */
  SendParticipationDeclarations = 'send-participation-declarations',
  /** Every minute (a job scheduler): fold the walkout activity tally's appended rows (docs/decisions/0014-walkout-activity-tally.md). */
  FoldActivityTally = 'fold-activity-tally',
}

/**
 * JobName → payload. Core names the jobs; each lib declares the payloads of its own jobs by merging
 * into this interface (see e.g. libs/recall/src/jobs/recall-jobs.ts), beside the parser its handler
 * checks them with, so core composes the map without depending on the libs.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}

export type JobPayload<N extends JobName> = N extends keyof JobPayloads ? JobPayloads[N] : never;

/** Which queue each job runs on: one place, so producers and workers cannot disagree. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.SendStaffAlert]: QueueName.StaffAlerts,
  [JobName.SendNotices]: QueueName.PatientNotices,
  [JobName.EscalateRecall]: QueueName.Work,
  [JobName.StartDerogationRecall]: QueueName.Work,
  [JobName.RunRebooking]: QueueName.Work,
  [JobName.PollReceivedTexts]: QueueName.Work,
  [JobName.SendParticipationDeclarations]: QueueName.Work,
  [JobName.FoldActivityTally]: QueueName.Work,
};
