import { HandlesJob, JobContext, JobHandler, JobName } from '@app/core';
import { Injectable } from '@nestjs/common';
import { NotificationDispatcher } from '../dispatch/notification-dispatcher';
import { NoticeBatchJob, parseSendNotices } from './notification-jobs';

/** Notices in batches (throughput); see SendStaffAlertHandler for the staff-alert lane. */
@Injectable()
@HandlesJob(JobName.SendNotices)
export class SendNoticesHandler implements JobHandler<JobName.SendNotices> {
  constructor(private readonly dispatcher: NotificationDispatcher) {}

  parse(data: unknown): NoticeBatchJob {
    return parseSendNotices(data);
  }

  handle(payload: NoticeBatchJob, context: JobContext): Promise<void> {
    return this.dispatcher.dispatchBatch(payload.notificationIds, context.attemptsMade);
  }
}
