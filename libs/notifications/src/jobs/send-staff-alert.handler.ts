import { HandlesJob, JobHandler, JobName, NotificationJob } from '@app/core';
import { Injectable } from '@nestjs/common';
import { NotificationDispatcher } from '../dispatch/notification-dispatcher';

/** One handler per lane's job: recalls one at a time (latency), notices in batches (throughput). */
@Injectable()
@HandlesJob(JobName.SendStaffAlert)
export class SendStaffAlertHandler implements JobHandler<JobName.SendStaffAlert> {
  constructor(private readonly dispatcher: NotificationDispatcher) {}
  handle(payload: NotificationJob, context: { attemptsMade: number }): Promise<void> {
    return this.dispatcher.dispatch(payload.notificationId, context.attemptsMade);
  }
}
