import { NotificationsModule } from '@app/notifications';
import { OrganisationsModule } from '@app/organisations';
import { WalkoutsModule } from '@app/walkouts';
import { WebModule } from '@app/web';
import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { BookingController } from './booking/booking.controller';
import { BookingRepository } from './booking/booking.repository';
import { BookingService } from './booking/booking.service';
import { AppointmentFeedRepository } from './feed/appointment-feed.repository';
import { AppointmentFeedService } from './feed/appointment-feed.service';
import { PatientLinkController } from './patient-links/patient-link.controller';
import { PatientLinkPages } from './patient-links/patient-link-pages';
import { PatientLinkRepository } from './patient-links/patient-link.repository';
import { PatientLinkService } from './patient-links/patient-link.service';
import { PostponementRepository } from './postponement/postponement.repository';
import { PostponementService } from './postponement/postponement.service';
import { RebookingRunRepository } from './runs/rebooking-run.repository';
import { RebookingRunService } from './runs/rebooking-run.service';
import { RescheduledActivitySitrepSection } from './postponement/rescheduled-activity-sitrep.section';
import { PostponementController } from './postponement/postponement.controller';
import { RebookingRunController } from './runs/rebooking-run.controller';
import { RebookingWalkoutChangeCheck } from './postponement/rebooking-walkout-change.check';
import { NationalSitrepController } from './sitreps/national-sitrep.controller';
import { RescheduledActivityReads } from './sitreps/rescheduled-activity-reads';
import { ActivityTallyRepository } from './sitreps/activity-tally.repository';
import { RescheduledByDaySitrepSection } from './sitreps/rescheduled-by-day.section';
import { RescheduledByDayService } from './sitreps/rescheduled-by-day.service';

/** API side: imports, appointments, impact, postponement, rebooking runs and the patients' link pages. */
@Module({
  imports: [OrganisationsModule, WalkoutsModule, NotificationsModule, WebModule.forFeature(join(__dirname, 'views'))],
  controllers: [BookingController, PostponementController, RebookingRunController, PatientLinkController, NationalSitrepController],
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
    RescheduledActivityReads,
    ActivityTallyRepository,
    RescheduledByDayService,
    RescheduledByDaySitrepSection,
    RebookingWalkoutChangeCheck,
    AppointmentFeedRepository,
    AppointmentFeedService,
  ],
  // The run service executes runs in the worker; tests and benchmarks also drive it in-process.
  exports: [RebookingRunService, PostponementService, BookingService, AppointmentFeedService, RescheduledActivityReads, ActivityTallyRepository, RescheduledByDayService],
})
export class RebookingModule {}
