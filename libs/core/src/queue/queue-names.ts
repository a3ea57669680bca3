/**
 * Every queue and job of the service, with the payload each job carries. Payloads carry ids only —
 * never patient details (PRODUCT.md) — and handlers reload state, so running a job twice is safe.
 *
 * Lanes: staff alerts (recall, stand-down) have their own queue and are always served before patient
 * notices, so a recall never waits behind a national backlog of rebooking letters.
 */
export enum QueueName {
  StaffAlerts = 'staff-alerts',
  PatientNotices = 'patient-notices',
  Work = 'work',
}

export enum JobName {}

/** JobName → payload. Add an entry with each new JobName; the compiler then checks every producer. */
export interface JobPayloadMap {}

export type JobPayload<N extends JobName> = N extends keyof JobPayloadMap ? JobPayloadMap[N] : never;

/** Which queue each job runs on: one place, so producers and workers cannot disagree. */
export const JOB_QUEUE: Record<JobName, QueueName> = {};
