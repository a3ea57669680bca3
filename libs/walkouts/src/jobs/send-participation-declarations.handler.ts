import { HandlesJob, JobHandler, JobName } from '@app/core';
import { Injectable, Logger } from '@nestjs/common';
import { DeclarationService } from '../declarations/declaration.service';
import { parseSendParticipationDeclarations, SendParticipationDeclarationsJob } from './declaration-jobs';

/** Sends the declaration requests due now; safe to run twice (a person is asked once per day). */
@Injectable()
@HandlesJob(JobName.SendParticipationDeclarations)
export class SendParticipationDeclarationsHandler implements JobHandler<JobName.SendParticipationDeclarations> {
  private readonly logger = new Logger('Declarations');

  constructor(private readonly declarations: DeclarationService) {}

  parse(data: unknown): SendParticipationDeclarationsJob {
    return parseSendParticipationDeclarations(data);
  }

  async handle(): Promise<void> {
    const outcome = await this.declarations.sendDue();
    this.logger.debug({ msg: 'declaration sweep', ...outcome });
  }
}
