import { AuthModule, ClockModule, ConfigModule, DatabaseModule, HealthModule, IdempotencyModule, LoggingModule, QueueModule } from '@app/core';
import { ConsoleModule } from '@app/console';
import { CoverModule } from '@app/cover';
import { FhirModule } from '@app/fhir';
import { NotificationsModule } from '@app/notifications';
import { OrganisationsModule } from '@app/organisations';
import { RebookingModule } from '@app/rebooking';
import { RecallModule } from '@app/recall';
import { WalkoutLinksModule, WalkoutsModule } from '@app/walkouts';
import { WebModule } from '@app/web';
import { Module } from '@nestjs/common';

/** HTTP composition root: wiring only, no domain code. */
@Module({
  imports: [
    ConfigModule,
    LoggingModule.forService('api'),
    ClockModule,
    DatabaseModule.forRoot({ migrateOnStart: true }),
    QueueModule,
    AuthModule,
    IdempotencyModule,
    WebModule,
    HealthModule,
    OrganisationsModule,
    WalkoutsModule,
    WalkoutLinksModule,
    NotificationsModule,
    CoverModule,
    RebookingModule,
    RecallModule,
    ConsoleModule,
    FhirModule,
  ],
})
export class ApiModule {}
