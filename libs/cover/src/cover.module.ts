import { APP_CONFIG, AppConfig } from '@app/core';
import { NotificationsModule } from '@app/notifications';
import { WalkoutsModule } from '@app/walkouts';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CoverAssignmentController } from './cover-assignment.controller';
import { CoverAssignmentRepository } from './cover-assignment.repository';
import { CoverAssignmentService } from './cover-assignment.service';
import { CoverCalendarController } from './cover-calendar.controller';
import { CoverCalendarRepository } from './cover-calendar.repository';
import { CoverCalendarService } from './cover-calendar.service';
import { CoverRequirementController } from './cover-requirement.controller';
import { CoverRequirementRepository } from './cover-requirement.repository';
import { CoverRequirementService } from './cover-requirement.service';
import { CoverRotaController } from './cover-rota.controller';
import { CoverRotaService } from './cover-rota.service';
import { COVER_SETTINGS, loadCoverSettings } from './cover-settings';
import { CoverAssignmentEntity } from './entities/cover-assignment.entity';
import { CoverCalendarTokenEntity } from './entities/cover-calendar-token.entity';
import { CoverRequirementEntity } from './entities/cover-requirement.entity';

@Module({
  imports: [TypeOrmModule.forFeature([CoverRequirementEntity, CoverAssignmentEntity, CoverCalendarTokenEntity]), WalkoutsModule, NotificationsModule],
  controllers: [CoverRequirementController, CoverAssignmentController, CoverRotaController, CoverCalendarController],
  providers: [
    { provide: COVER_SETTINGS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadCoverSettings(config) },
    CoverRequirementRepository,
    CoverAssignmentRepository,
    CoverCalendarRepository,
    CoverCalendarService,
    CoverRequirementService,
    CoverAssignmentService,
    CoverRotaService,
  ],
  exports: [CoverAssignmentService, CoverRotaService],
})
export class CoverModule {}
