import { APP_CONFIG, AppConfig } from '@app/core';
import { NotificationsModule } from '@app/notifications';
import { OrganisationsModule } from '@app/organisations';
import { WalkoutsModule } from '@app/walkouts';
import { WebModule } from '@app/web';
import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { join } from 'node:path';
import { CoverAssignmentController } from './assignments/cover-assignment.controller';
import { CoverAssignmentRepository } from './assignments/cover-assignment.repository';
import { CoverAssignmentService } from './assignments/cover-assignment.service';
import { ShiftNoticeContexts } from './assignments/shift-notice-contexts';
import { CoverAvailabilityController } from './availability/cover-availability.controller';
import { CoverAvailabilityRepository } from './availability/cover-availability.repository';
import { CoverAvailabilityService } from './availability/cover-availability.service';
import { CoverCalendarController } from './calendar/cover-calendar.controller';
import { CoverCalendarRepository } from './calendar/cover-calendar.repository';
import { CoverCalendarService } from './calendar/cover-calendar.service';
import { CoverCallInController } from './call-ins/cover-call-in.controller';
import { CoverCallInRepository } from './call-ins/cover-call-in.repository';
import { CoverCallInService } from './call-ins/cover-call-in.service';
import { CoverAnswerContentTypeMiddleware } from './links/cover-answer-content-type.middleware';
import { CoverRequestLinkController } from './links/cover-request-link.controller';
import { CoverRequestPages } from './links/cover-request-page';
import { CoverRequestRepository } from './requests/cover-request.repository';
import { CoverRequestService } from './requests/cover-request.service';
import { CoverRequirementController } from './requirements/cover-requirement.controller';
import { CoverRequirementRepository } from './requirements/cover-requirement.repository';
import { CoverRequirementService } from './requirements/cover-requirement.service';
import { CoverRotaController } from './rota/cover-rota.controller';
import { CoverRotaService } from './rota/cover-rota.service';
import { CoverTrustSettingsController } from './trust-settings/cover-trust-settings.controller';
import { CoverTrustSettingsRepository } from './trust-settings/cover-trust-settings.repository';
import { CoverTrustSettingsService } from './trust-settings/cover-trust-settings.service';
import { COVER_SETTINGS, loadCoverSettings } from './cover-settings';

@Module({
  imports: [OrganisationsModule, WalkoutsModule, NotificationsModule, WebModule.forFeature(join(__dirname, 'views'))],
  controllers: [
    CoverRequirementController,
    CoverAssignmentController,
    CoverCallInController,
    CoverRotaController,
    CoverCalendarController,
    CoverAvailabilityController,
    CoverTrustSettingsController,
    CoverRequestLinkController,
  ],
  providers: [
    { provide: COVER_SETTINGS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadCoverSettings(config) },
    CoverRequirementRepository,
    CoverAssignmentRepository,
    CoverRequestRepository,
    CoverAvailabilityRepository,
    CoverCallInRepository,
    CoverTrustSettingsRepository,
    ShiftNoticeContexts,
    CoverCalendarRepository,
    CoverCalendarService,
    CoverRequirementService,
    CoverRequestService,
    CoverAssignmentService,
    CoverCallInService,
    CoverRotaService,
    CoverAvailabilityService,
    CoverTrustSettingsService,
    CoverRequestPages,
  ],
  exports: [CoverAssignmentService, CoverRotaService, CoverRequestService],
})
export class CoverModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CoverAnswerContentTypeMiddleware).forRoutes({ path: 'c/:token/respond', method: RequestMethod.POST });
  }
}
