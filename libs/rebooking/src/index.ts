export * from './rebooking.module';
export * from './rebooking-worker.module';
export { RebookingRunService } from './runs/rebooking-run.service';
export { PostponementService } from './postponement/postponement.service';
export type { ImpactBreakdown, PostponementResult, WalkoutImpact } from './postponement/postponement.service';
export type { FollowUpLists, FollowUpRow, RebookingRunRecord } from './runs/rebooking-run.repository';
export type { RescheduledActivity, RescheduledFigures } from './engine/rescheduled-activity';
export { PostponementRequestDto } from './postponement/postponement.dto';
export { RebookingRunRequestDto } from './runs/rebooking-run.dto';
export { DEFAULT_REBOOKING_HORIZON_DAYS, MAX_REBOOKING_HORIZON_DAYS } from './rebooking.constants';
export type { RebookingRunStatus } from './rebooking.constants';
// The pure rebooking engine and the postponement policy, the same code the run handler and postponements use.
export { assignRebookings } from './engine/assign';
export type { RebookingAppointment, RebookingInput, RebookingResult, RebookingSlot, RebookingSummary } from './engine/engine.types';
export { KEPT_DEPARTMENT_KINDS, keepReason, keepReasonSql } from './engine/postponement-policy';
export { RunRebookingHandler } from './jobs/run-rebooking.handler';
// For the FHIR lib: the imports it feeds, and the appointment feed it reads.
export { BookingService } from './booking/booking.service';
export type { AppointmentImportItem, SlotImportItem } from './booking/booking.service';
export type { ImportCounts } from './booking/booking.repository';
export { AppointmentImportItemDto, SlotImportItemDto } from './booking/booking.dto';
export { AppointmentFeedService } from './feed/appointment-feed.service';
export type { AppointmentFeedFilter, FeedAppointment, FeedSlot, SlotFeedFilter, TimeBounds } from './feed/appointment-feed.repository';
export type { AppointmentKind, OutpatientUrgency, SlotKind, SurgicalPriority } from './engine/engine.types';
export { APPOINTMENT_KINDS, APPOINTMENT_STATUSES, SLOT_KINDS, SURGICAL_PRIORITIES, URGENCIES } from './rebooking.constants';
export type { AppointmentStatus } from './rebooking.constants';
export { RebookingError, RebookingErrorCode } from './rebooking.errors';
// Rescheduled activity (the sitrep's figures, and per walkout day in NHS England's daily shape): the read port over the activity tally (docs/decisions/0014-walkout-activity-tally.md), its fold, and the per-day figures.
export { RescheduledActivityReads } from './sitreps/rescheduled-activity-reads';
export { ActivityTallyRepository } from './sitreps/activity-tally.repository';
export type { WalkoutDayBounds } from './sitreps/rescheduled-activity-reads';
export { RescheduledByDayService } from './sitreps/rescheduled-by-day.service';
export type { NationalActivityRow, NationalRescheduledActivity } from './sitreps/rescheduled-by-day.service';
export type { DailyActivityFigures, RescheduledActivityDay } from './engine/rescheduled-by-day';
