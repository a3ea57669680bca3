import { JobName, RepeatingJobSchedule } from '@app/core';
import { Injectable } from '@nestjs/common';
import { DECLARATION_SCHEDULER_ID, DECLARATION_SWEEP_MS } from './declaration-jobs';

/** The repeating declaration job, put in place when the worker starts. */
@Injectable()
export class DeclarationSchedule extends RepeatingJobSchedule({ name: JobName.SendParticipationDeclarations, data: {}, schedulerId: DECLARATION_SCHEDULER_ID, everyMs: DECLARATION_SWEEP_MS }) {}
