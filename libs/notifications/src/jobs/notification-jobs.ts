import { jobPayloadParser, JobName } from '@app/core';

/** One recall / reminder / stand-down message (staff-alert lane); job id `notify-<notificationId>`. */
export interface NotificationJob {
  notificationId: string;
}

/**
 * Notices travel in batches of consecutive deadline order: a national backlog is a few thousand jobs
 * rather than 120,000, and each batch's database work is one statement per step.
 */
export interface NoticeBatchJob {
  notificationIds: string[];
}

declare module '@app/core/queue/queue-names' {
  interface JobPayloads {
    [JobName.SendStaffAlert]: NotificationJob;
    [JobName.SendNotices]: NoticeBatchJob;
  }
}

export const parseSendStaffAlert = jobPayloadParser(JobName.SendStaffAlert, { notificationId: 'uuid' });
export const parseSendNotices = jobPayloadParser(JobName.SendNotices, { notificationIds: 'uuid[]' });
