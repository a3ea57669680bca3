import { Module } from '@nestjs/common';
import { DeclarationSchedule } from './jobs/declaration-schedule';
import { SendParticipationDeclarationsHandler } from './jobs/send-participation-declarations.handler';
import { WalkoutsModule } from './walkouts.module';

/**
 * Worker side: the scheduled daily-declaration job. It writes through the outbox the notifications
 * worker module registers with DeclarationService (DeclarationOutbox), so the worker composes both.
 */
@Module({
  imports: [WalkoutsModule],
  providers: [SendParticipationDeclarationsHandler, DeclarationSchedule],
})
export class WalkoutsWorkerModule {}
