import { HandlesJob, jobPayloadParser, JobHandler, JobName } from '@app/core';
import { Injectable } from '@nestjs/common';
import { ReceivedTextPoller } from '../replies/received-text-poller';

/** No data: each run polls every service with an inbound number from its cursor. */
export type PollReceivedTextsJob = Record<string, never>;

declare module '@app/core/queue/queue-names' {
  interface JobPayloads {
    [JobName.PollReceivedTexts]: PollReceivedTextsJob;
  }
}

const parsePollReceivedTexts = jobPayloadParser(JobName.PollReceivedTexts, {});

@Injectable()
@HandlesJob(JobName.PollReceivedTexts)
export class PollReceivedTextsHandler implements JobHandler<JobName.PollReceivedTexts> {
  constructor(private readonly poller: ReceivedTextPoller) {}

  parse(data: unknown): PollReceivedTextsJob {
    return parsePollReceivedTexts(data);
  }

  async handle(): Promise<void> {
    await this.poller.pollAll();
  }
}
