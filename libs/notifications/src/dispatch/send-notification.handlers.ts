import { HandlesJob, JobHandler, JobName, NotificationJob } from '@app/core';
import { Injectable } from '@nestjs/common';
import { NotificationDispatcher } from './notification-dispatcher';

/** One handler per lane's job name; both send through the same dispatcher. */
@Injectable()
@HandlesJob(JobName.SendStaffAlert)
export class SendStaffAlertHandler implements JobHandler<JobName.SendStaffAlert> {
  constructor(private readonly dispatcher: NotificationDispatcher) {}
  handle(payload: NotificationJob, context: { attemptsMade: number }): Promise<void> {
    return this.dispatcher.dispatch(payload.notificationId, context.attemptsMade);
  }
}

@Injectable()
@HandlesJob(JobName.SendNotice)
export class SendNoticeHandler implements JobHandler<JobName.SendNotice> {
  constructor(private readonly dispatcher: NotificationDispatcher) {}
  handle(payload: NotificationJob, context: { attemptsMade: number }): Promise<void> {
    return this.dispatcher.dispatch(payload.notificationId, context.attemptsMade);
  }
}
