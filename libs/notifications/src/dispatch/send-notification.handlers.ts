import { HandlesJob, JobHandler, JobName, NoticeBatchJob, NotificationJob } from '@app/core';
import { Injectable } from '@nestjs/common';
import { NotificationDispatcher } from './notification-dispatcher';

/** One handler per lane's job: recalls one at a time (latency), notices in batches (throughput). */
@Injectable()
@HandlesJob(JobName.SendStaffAlert)
export class SendStaffAlertHandler implements JobHandler<JobName.SendStaffAlert> {
  constructor(private readonly dispatcher: NotificationDispatcher) {}
  handle(payload: NotificationJob, context: { attemptsMade: number }): Promise<void> {
    return this.dispatcher.dispatch(payload.notificationId, context.attemptsMade);
  }
}

@Injectable()
@HandlesJob(JobName.SendNotices)
export class SendNoticesHandler implements JobHandler<JobName.SendNotices> {
  constructor(private readonly dispatcher: NotificationDispatcher) {}
  handle(payload: NoticeBatchJob, context: { attemptsMade: number }): Promise<void> {
    return this.dispatcher.dispatchBatch(payload.notificationIds, context.attemptsMade);
  }
}
