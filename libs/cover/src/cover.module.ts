import { APP_CONFIG, AppConfig } from '@app/core';
import { NotificationsModule } from '@app/notifications';
import { OrganisationsModule } from '@app/organisations';
import { WalkoutsModule } from '@app/walkouts';
import { Module } from '@nestjs/common';
import { CoverAssignmentController } from './assignments/cover-assignment.controller';
import { CoverAssignmentRepository } from './assignments/cover-assignment.repository';
import { CoverAssignmentService } from './assignments/cover-assignment.service';
import { ShiftNoticeContexts } from './assignments/shift-notice-contexts';
import { CoverCalendarController } from './calendar/cover-calendar.controller';
import { CoverCalendarRepository } from './calendar/cover-calendar.repository';
import { CoverCalendarService } from './calendar/cover-calendar.service';
import { CoverRequirementController } from './requirements/cover-requirement.controller';
import { CoverRequirementRepository } from './requirements/cover-requirement.repository';
import { CoverRequirementService } from './requirements/cover-requirement.service';
import { CoverRotaController } from './rota/cover-rota.controller';
import { CoverRotaService } from './rota/cover-rota.service';
import { COVER_SETTINGS, loadCoverSettings } from './cover-settings';

@Module({
  imports: [OrganisationsModule, WalkoutsModule, NotificationsModule],
  controllers: [CoverRequirementController, CoverAssignmentController, CoverRotaController, CoverCalendarController],
  providers: [
    { provide: COVER_SETTINGS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadCoverSettings(config) },
    CoverRequirementRepository,
    CoverAssignmentRepository,
    ShiftNoticeContexts,
    CoverCalendarRepository,
    CoverCalendarService,
    CoverRequirementService,
    CoverAssignmentService,
    CoverRotaService,
  ],
  exports: [CoverAssignmentService, CoverRotaService],
})
export class CoverModule {}
