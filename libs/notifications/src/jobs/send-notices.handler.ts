import { HandlesJob, JobContext, JobHandler, JobName } from '@app/core';
import { Injectable } from '@nestjs/common';
import { NotificationDispatcher } from '../dispatch/notification-dispatcher';
import { OutboxRelay } from '../outbox/outbox-relay';
import { NoticeBatchJob, parseSendNotices } from './notification-jobs';

/** Notices in batches (throughput); see SendStaffAlertHandler for the staff-alert lane. */
@Injectable()
@HandlesJob(JobName.SendNotices)
export class SendNoticesHandler implements JobHandler<JobName.SendNotices> {
  constructor(
    private readonly dispatcher: NotificationDispatcher,
    private readonly relay: OutboxRelay,
  ) {}

  parse(data: unknown): NoticeBatchJob {
    return parseSendNotices(data);
  }

  /** A finished batch leaves room in its service's window: the relay tops it up at once. */
  async handle(payload: NoticeBatchJob, context: JobContext): Promise<void> {
    try {
      await this.dispatcher.dispatchBatch(payload.notificationIds, context.attemptsMade);
    } finally {
      this.relay.wake();
    }
  }
}
