import { NotificationsModule } from '@app/notifications';
import { OrganisationsModule } from '@app/organisations';
import { WalkoutsModule } from '@app/walkouts';
import { WebModule } from '@app/web';
import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { BookingController } from './booking.controller';
import { BookingRepository } from './booking.repository';
import { BookingService } from './booking.service';
import { AppointmentFeedRepository } from './feed/appointment-feed.repository';
import { AppointmentFeedService } from './feed/appointment-feed.service';
import { PatientLinkController } from './patient-link.controller';
import { PatientLinkPages } from './patient-link-page';
import { PatientLinkRepository } from './patient-link.repository';
import { PatientLinkService } from './patient-link.service';
import { PostponementRepository } from './postponement.repository';
import { PostponementService } from './postponement.service';
import { RebookingRunRepository } from './rebooking-run.repository';
import { RebookingRunService } from './rebooking-run.service';
import { RescheduledActivitySitrepSection } from './rescheduled-activity.section';
import { WalkoutActivityController } from './walkout-activity.controller';
import { RebookingWalkoutChangeCheck } from './walkout-change.check';

/** API side: imports, appointments, impact, postponement, rebooking runs and the patients' link pages. */
@Module({
  imports: [OrganisationsModule, WalkoutsModule, NotificationsModule, WebModule.forFeature(join(__dirname, 'views'))],
  controllers: [BookingController, WalkoutActivityController, PatientLinkController],
  providers: [
    BookingRepository,
    BookingService,
    PostponementRepository,
    PostponementService,
    RebookingRunRepository,
    RebookingRunService,
    PatientLinkRepository,
    PatientLinkService,
    PatientLinkPages,
    RescheduledActivitySitrepSection,
    RebookingWalkoutChangeCheck,
    AppointmentFeedRepository,
    AppointmentFeedService,
  ],
  // The run service executes runs in the worker; tests and benchmarks also drive it in-process.
  exports: [RebookingRunService, PostponementService, BookingService, AppointmentFeedService],
})
export class RebookingModule {}
