import { HandlesJob, JobContext, JobHandler, JobName } from '@app/core';
import { Injectable } from '@nestjs/common';
import { NotificationDispatcher } from '../dispatch/notification-dispatcher';
import { NotificationJob, parseSendStaffAlert } from './notification-jobs';

/** One handler per lane's job: recalls one at a time (latency), notices in batches (throughput). */
@Injectable()
@HandlesJob(JobName.SendStaffAlert)
export class SendStaffAlertHandler implements JobHandler<JobName.SendStaffAlert> {
  constructor(private readonly dispatcher: NotificationDispatcher) {}

  parse(data: unknown): NotificationJob {
    return parseSendStaffAlert(data);
  }

  handle(payload: NotificationJob, context: JobContext): Promise<void> {
    return this.dispatcher.dispatch(payload.notificationId, context.attemptsMade);
  }
}
