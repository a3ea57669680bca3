import { Clock, CommonError, decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage, Transactions } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { OrganisationError, OrganisationErrorCode, OrganisationService } from '@app/organisations';
import { WalkoutService } from '@app/walkouts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { priceShift } from '../engine/rate-card';
import { CoverAssignmentRecord, CoverAssignmentRepository } from './cover-assignment.repository';
import { ShiftNoticeContexts } from './shift-notice-contexts';
import { CoverCalendarService } from '../calendar/cover-calendar.service';
import { COVER_SETTINGS, CoverSettings, neighbourhoodMs, noticeHoldSeconds } from '../cover-settings';
import { walkoutForCover, walkoutScope } from '../cover-walkout';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { coverShiftCancelledNotice, coverShiftNotice } from '../engine/cover-notices';
import { checkCoverAssignment } from '../engine/assignment-rules';
import { isBreakRequired } from '../engine/working-time';

export interface CoverAssignmentCommand {
  staffNumber: string;
  departmentId: string;
  startsAt: Date;
  endsAt: Date;
  consentRecorded: boolean;
}

export interface CoverAssignmentView extends CoverAssignmentRecord {
  status: 'active' | 'cancelled';
  breakRequired: boolean;
  breakMinutes: number;
  calendarUrl: string | null;
}

@Injectable()
export class CoverAssignmentService {
  private readonly logger = new Logger('Cover');

  constructor(
    private readonly assignments: CoverAssignmentRepository,
    private readonly transactions: Transactions,
    private readonly calendars: CoverCalendarService,
    private readonly walkouts: WalkoutService,
    private readonly organisations: OrganisationService,
    private readonly noticeContexts: ShiftNoticeContexts,
    private readonly outbox: NotificationOutbox,
    @Inject(COVER_SETTINGS) private readonly settings: CoverSettings,
    private readonly clock: Clock,
  ) {}

  /**
   * Rosters one consultant, all in one transaction: lock the person, read their shifts at every site,
   * apply every rule, insert, register their calendar link and queue the notice. The lock makes two
   * requests for one person run in turn; the exclusion constraint backs the overlap rule regardless.
   * The notice says what is true in the end: re-making a shift whose cancellation notice has not gone
   * yet withdraws that notice and sends nothing (the consultant's booking notice still stands).
   */
  async assign(trustId: string, walkoutId: string, command: CoverAssignmentCommand, userId: string | null): Promise<CoverAssignmentView> {
    const walkout = await walkoutForCover(this.walkouts, trustId, walkoutId, 'write');
    if (command.consentRecorded !== true) {
      throw new CoverError(CoverErrorCode.ConsentNotRecorded, 'Cover is extra-contractual: record the consultant’s consent to this shift first', [
        { field: 'consentRecorded', message: 'must be true' },
      ]);
    }
    if (command.endsAt <= command.startsAt) throw CommonError.validation([{ field: 'endsAt', message: 'must be after startsAt' }]);
    const department = (await this.organisations.departmentsWithSites(trustId, [command.departmentId]))[0];
    if (!department) {
      throw new CoverError(CoverErrorCode.UnknownDepartment, 'Department not found in this trust', [{ field: 'departmentId', message: 'is not a department of this trust' }]);
    }
    const shift = { startsAt: command.startsAt, endsAt: command.endsAt };
    const margin = neighbourhoodMs(this.settings);

    const assignmentId = await this.transactions.run(async (tx) => {
      const staff = await this.assignments.lockStaffByNumber(tx, trustId, walkoutId, command.staffNumber, shift);
      if (!staff) throw new OrganisationError(OrganisationErrorCode.UnknownStaff, 'Staff member not found in this trust', [{ field: 'staffNumber', message: 'is not a staff member of this trust' }]);
      const existing = await this.assignments.activeShiftsOf(tx, trustId, [staff.id], new Date(shift.startsAt.getTime() - margin), new Date(shift.endsAt.getTime() + margin));
      const check = checkCoverAssignment({ shift, walkout: walkoutScope(walkout), candidate: staff, departmentKind: department.kind, existingShifts: existing, limits: this.settings.limits });
      if (check.refusals.length) throw CoverError.refused(check.refusals);

      const outcome = await this.assignments.insertMany(tx, [
        {
          trustId,
          walkoutId,
          departmentId: department.id,
          staffId: staff.id,
          ...shift,
          source: 'manual',
          consentRecordedBy: userId,
          price: priceShift(shift.startsAt, shift.endsAt, this.settings.rateCard),
          rateCard: this.settings.rateCard.name,
          createdBy: userId,
        },
      ]);
      if (!outcome.ok) throw CoverError.overlap();
      const tokens = await this.calendars.ensureTokens(tx, trustId, [staff.id]);
      const twins = await this.assignments.cancelledTwins(tx, trustId, { staffId: staff.id, departmentId: department.id, ...shift });
      const undone = await this.outbox.cancelUnsent(tx, trustId, { subjectIds: twins, purposes: ['cover-shift-cancelled'] });
      if (!undone.length) {
        const [context] = await this.noticeContexts.of(tx, trustId, outcome.ids);
        await this.outbox.createMany(tx, [coverShiftNotice({ trustId, ...context }, tokens.get(staff.id) ?? null, noticeHoldSeconds(this.settings, shift.startsAt, this.clock.now()))]);
      }
      return outcome.ids[0];
    });
    this.logger.log({ msg: 'cover shift assigned', trustId, walkoutId, assignmentId });
    return this.get(trustId, walkoutId, assignmentId);
  }

  /**
   * Reopens the gap (the row stays, cancelled, for calendars and cost history) and tells the consultant,
   * unless their booking notice has not gone yet: then it is withdrawn and they hear nothing at all.
   */
  async cancel(trustId: string, walkoutId: string, assignmentId: string, userId: string | null): Promise<void> {
    await walkoutForCover(this.walkouts, trustId, walkoutId, 'read');
    await this.transactions.run(async (tx) => {
      if (!(await this.assignments.cancel(tx, trustId, walkoutId, assignmentId, userId))) {
        const existing = await this.assignments.findInTransaction(tx, trustId, walkoutId, assignmentId);
        if (!existing) throw new CoverError(CoverErrorCode.AssignmentNotFound, 'Cover assignment not found');
        throw new CoverError(CoverErrorCode.AssignmentAlreadyCancelled, 'This cover shift has already been cancelled');
      }
      const withdrawn = await this.outbox.cancelUnsent(tx, trustId, { subjectIds: [assignmentId], purposes: ['cover-shift'] });
      if (withdrawn.length) return;
      const [context] = await this.noticeContexts.of(tx, trustId, [assignmentId]);
      await this.outbox.createMany(tx, [coverShiftCancelledNotice({ trustId, ...context }, noticeHoldSeconds(this.settings, context.startsAt, this.clock.now()))]);
    });
    this.logger.log({ msg: 'cover shift cancelled', trustId, walkoutId, assignmentId });
  }

  async get(trustId: string, walkoutId: string, assignmentId: string): Promise<CoverAssignmentView> {
    await walkoutForCover(this.walkouts, trustId, walkoutId, 'read');
    const record = await this.assignments.findById(trustId, walkoutId, assignmentId);
    if (!record) throw new CoverError(CoverErrorCode.AssignmentNotFound, 'Cover assignment not found');
    return this.view(record);
  }

  async list(trustId: string, walkoutId: string, query: { status?: 'active' | 'cancelled'; departmentId?: string; limit?: number; cursor?: string }): Promise<Page<CoverAssignmentView>> {
    await walkoutForCover(this.walkouts, trustId, walkoutId, 'read');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.assignments.listPage(trustId, walkoutId, {
      status: query.status,
      departmentId: query.departmentId,
      after: after ? [String(after[0]), String(after[1])] : null,
      limit: limit + 1,
    });
    return toPage(rows, limit, (a) => [a.startsAt.toISOString(), a.id], (a) => this.view(a));
  }

  view(record: CoverAssignmentRecord): CoverAssignmentView {
    const breakRequired = isBreakRequired(record, this.settings.limits);
    return {
      ...record,
      status: record.cancelledAt ? 'cancelled' : 'active',
      breakRequired,
      breakMinutes: breakRequired ? this.settings.limits.breakMinutes : 0,
      calendarUrl: this.calendars.urlFor(record.calendarSeed, record.calendarHash),
    };
  }
}
