import { HandlesJob, JobHandler, JobName, NoticeBatchJob } from '@app/core';
import { Injectable } from '@nestjs/common';
import { NotificationDispatcher } from '../dispatch/notification-dispatcher';

/** Notices in batches (throughput); see SendStaffAlertHandler for the staff-alert lane. */
@Injectable()
@HandlesJob(JobName.SendNotices)
export class SendNoticesHandler implements JobHandler<JobName.SendNotices> {
  constructor(private readonly dispatcher: NotificationDispatcher) {}
  handle(payload: NoticeBatchJob, context: { attemptsMade: number }): Promise<void> {
    return this.dispatcher.dispatchBatch(payload.notificationIds, context.attemptsMade);
  }
}
