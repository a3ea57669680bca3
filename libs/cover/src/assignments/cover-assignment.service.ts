import { Clock, CommonError, decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage, Transactions, type UnitOfWork } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { OrganisationError, OrganisationErrorCode, OrganisationService } from '@app/organisations';
import { WalkoutService } from '@app/walkouts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnCallKind, priceShift } from '../engine/rate-card';
import { AssignmentStatus, CoverAssignmentRecord, CoverAssignmentRepository, NewCoverAssignment, StaffShift } from './cover-assignment.repository';
import { ShiftNoticeContexts } from './shift-notice-contexts';
import { CoverCalendarService } from '../calendar/cover-calendar.service';
import { CoverAvailabilityRepository } from '../availability/cover-availability.repository';
import { CoverTrustSettingsRepository } from '../trust-settings/cover-trust-settings.repository';
import { CoverRequestService } from '../requests/cover-request.service';
import { COVER_SETTINGS, CoverSettings, neighbourhoodMs, noticeHoldSeconds } from '../cover-settings';
import { walkoutForCover, walkoutScope } from '../cover-walkout';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { coverShiftCancelledNotice, coverShiftNotice } from '../engine/cover-notices';
import { checkCoverAssignment } from '../engine/assignment-rules';
import { planBreak } from '../engine/break-plan';
import { effectiveConsentState, requestExpiresAt, windowHolding } from '../engine/cover-consent';
import { ShiftTimes } from '../engine/cover-rule-violation';
import { isBreakRequired } from '../engine/working-time';

export interface CoverAssignmentCommand {
  staffNumber: string;
  departmentId: string;
  startsAt: Date;
  endsAt: Date;
  /** The consultant agreed to this shift, and the planner records it. */
  consentRecorded: boolean;
  /** Without recorded consent: ask the consultant (a link) instead of refusing, unless a declared availability window holds the shift. */
  requestConsent?: boolean;
  onCall?: OnCallKind;
  /** Where the planner wants the break; by default it is planned in the middle of the shift. */
  breakStartsAt?: Date | null;
  /** The consultant agreed to exceed the rest or weekly limits, and why (required to exceed them). */
  exceedLimitsReason?: string | null;
}

export interface CoverAssignmentView extends CoverAssignmentRecord {
  status: AssignmentStatus;
  breakRequired: boolean;
  breakMinutes: number;
  calendarUrl: string | null;
}

/** Splits a person's live shifts into what counts as work (resident shifts, call-ins) and what only holds their time. */
export function workedAndOccupied(shifts: readonly StaffShift[], callIns: readonly { staffId: string; startsAt: Date; endsAt: Date }[]): Map<string, { worked: ShiftTimes[]; occupied: ShiftTimes[] }> {
  const byStaff = new Map<string, { worked: ShiftTimes[]; occupied: ShiftTimes[] }>();
  const of = (staffId: string) => {
    let entry = byStaff.get(staffId);
    if (!entry) byStaff.set(staffId, (entry = { worked: [], occupied: [] }));
    return entry;
  };
  for (const s of shifts) {
    const entry = of(s.staffId);
    entry.occupied.push({ startsAt: s.startsAt, endsAt: s.endsAt });
    if (s.onCall === 'resident') entry.worked.push({ startsAt: s.startsAt, endsAt: s.endsAt });
  }
  for (const c of callIns) of(c.staffId).worked.push({ startsAt: c.startsAt, endsAt: c.endsAt });
  return byStaff;
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
    private readonly availability: CoverAvailabilityRepository,
    private readonly trustSettings: CoverTrustSettingsRepository,
    private readonly requests: CoverRequestService,
    @Inject(COVER_SETTINGS) private readonly settings: CoverSettings,
    private readonly clock: Clock,
  ) {}

  /**
   * Rosters one consultant, all in one transaction: lock the person, store the expiry of their lapsed
   * requests, read their shifts at every site, apply every rule, insert, and queue the notice. Consent
   * comes from the planner (`consentRecorded`), from an availability window the consultant declared that
   * holds the shift, or is asked for (`requestConsent`: the shift is `requested` until they answer).
   * The lock makes two requests for one person run in turn; the exclusion constraint backs the overlap
   * rule regardless. Re-making a shift whose cancellation notice has not gone yet withdraws that notice.
   */
  async assign(trustId: string, walkoutId: string, command: CoverAssignmentCommand, userId: string | null): Promise<CoverAssignmentView> {
    const walkout = await walkoutForCover(this.walkouts, trustId, walkoutId, 'write');
    if (command.endsAt <= command.startsAt) throw CommonError.validation([{ field: 'endsAt', message: 'must be after startsAt' }]);
    const onCall = command.onCall ?? 'resident';
    const shift = { startsAt: command.startsAt, endsAt: command.endsAt };
    let plannedBreak: { startsAt: Date; minutes: number } | null = null;
    if (onCall === 'resident') {
      const planned = planBreak(shift, this.settings.limits, command.breakStartsAt ?? null);
      if (!planned.ok) throw CommonError.validation([{ field: 'breakStartsAt', message: planned.message }]);
      plannedBreak = planned.plannedBreak ? { startsAt: planned.plannedBreak.startsAt, minutes: planned.plannedBreak.minutes } : null;
    } else if (command.breakStartsAt) {
      throw CommonError.validation([{ field: 'breakStartsAt', message: 'non-resident on-call is not work until called in: it has no planned break' }]);
    }
    const department = (await this.organisations.departmentsWithSites(trustId, [command.departmentId]))[0];
    if (!department) {
      throw new CoverError(CoverErrorCode.UnknownDepartment, 'Department not found in this trust', [{ field: 'departmentId', message: 'is not a department of this trust' }]);
    }
    const margin = neighbourhoodMs(this.settings);

    const assignmentId = await this.transactions.run(async (tx) => {
      const now = this.clock.now();
      const staff = await this.assignments.lockStaffByNumber(tx, trustId, walkoutId, command.staffNumber, shift);
      if (!staff) throw new OrganisationError(OrganisationErrorCode.UnknownStaff, 'Staff member not found in this trust', [{ field: 'staffNumber', message: 'is not a staff member of this trust' }]);
      await this.assignments.expireDue(tx, trustId, [staff.id], now);
      const from = new Date(shift.startsAt.getTime() - margin);
      const to = new Date(shift.endsAt.getTime() + margin);
      const live = await this.assignments.activeShiftsOf(tx, trustId, [staff.id], from, to, now);
      const callIns = await this.assignments.callInsOf(tx, trustId, [staff.id], from, to);
      const mine = workedAndOccupied(live, callIns).get(staff.id) ?? { worked: [], occupied: [] };
      const check = checkCoverAssignment({
        shift,
        walkout: walkoutScope(walkout),
        candidate: staff,
        departmentKind: department.kind,
        existingShifts: mine.worked,
        occupiedShifts: mine.occupied,
        onCall,
        agreedToExceed: Boolean(command.exceedLimitsReason),
        limits: this.settings.limits,
      });
      if (check.refusals.length) throw CoverError.refused(check.refusals);

      let consent: NewCoverAssignment['consent'];
      let request: { requestId: string; token: string } | null = null;
      if (command.consentRecorded === true) {
        consent = { state: 'accepted', source: 'manual', recordedBy: userId };
      } else {
        const window = windowHolding(shift, (await this.availability.standingWindowsOf(tx, trustId, [staff.id], shift.startsAt, shift.endsAt)).get(staff.id) ?? []);
        if (window) {
          consent = { state: 'accepted', source: 'availability-window', recordedBy: userId, availabilityId: window.id };
        } else if (command.requestConsent) {
          request = (await this.requests.open(tx, trustId, walkoutId, [staff.id], userId)).get(staff.id)!;
          consent = { state: 'requested', requestId: request.requestId, expiresAt: requestExpiresAt(now, shift.startsAt, this.settings.requestExpiryHours) };
        } else {
          throw new CoverError(
            CoverErrorCode.ConsentNotRecorded,
            'Cover is extra-contractual: record the consultant’s consent to this shift, ask them (requestConsent), or record their availability first',
            [{ field: 'consentRecorded', message: 'must be true, unless requestConsent is true or an availability window of the consultant holds the shift' }],
          );
        }
      }
      const { rateRegion } = await this.trustSettings.of(tx, trustId);
      const outcome = await this.assignments.insertMany(tx, [
        {
          trustId,
          walkoutId,
          departmentId: department.id,
          staffId: staff.id,
          ...shift,
          source: 'manual',
          consent,
          onCall,
          plannedBreak,
          exceeded: check.exceeded.length
            ? { limits: check.exceeded.map((e) => e.code), reason: command.exceedLimitsReason!, compensatoryRestMinutes: check.compensatoryRestMinutes }
            : null,
          rateRegion,
          price: priceShift(shift.startsAt, shift.endsAt, this.settings.rateCard, { region: rateRegion, onCall }),
          rateCard: this.settings.rateCard.name,
          createdBy: userId,
        },
      ]);
      if (!outcome.ok) throw CoverError.overlap();
      if (request) {
        const notices = await this.requests.noticesFor(tx, trustId, new Map([[staff.id, request]]), outcome.ids, new Map([[request.requestId, (consent as { expiresAt: Date }).expiresAt]]));
        await this.outbox.createMany(tx, notices);
        return outcome.ids[0];
      }
      await this.queueBookingNotice(tx, trustId, staff.id, department.id, shift, outcome.ids[0], now);
      return outcome.ids[0];
    });
    this.logger.log({ msg: 'cover shift assigned', trustId, walkoutId, assignmentId });
    return this.get(trustId, walkoutId, assignmentId);
  }

  private async queueBookingNotice(tx: UnitOfWork, trustId: string, staffId: string, departmentId: string, shift: ShiftTimes, assignmentId: string, now: Date): Promise<void> {
    const tokens = await this.calendars.ensureTokens(tx, trustId, [staffId]);
    const twins = await this.assignments.cancelledTwins(tx, trustId, { staffId, departmentId, ...shift });
    const undone = await this.outbox.cancelUnsent(tx, trustId, { subjectIds: twins, purposes: ['cover-shift-cancelled'] });
    if (undone.length) return;
    const [context] = await this.noticeContexts.of(tx, trustId, [assignmentId]);
    await this.outbox.createMany(tx, [coverShiftNotice({ trustId, ...context }, tokens.get(staffId) ?? null, noticeHoldSeconds(this.settings, shift.startsAt, now))]);
  }

  /**
   * Reopens the gap (the row stays, cancelled, for calendars and cost history). An accepted shift's
   * consultant is told, unless their booking notice has not gone yet: then it is withdrawn and they hear
   * nothing. A request still standing is withdrawn: its link shows the shift as withdrawn.
   */
  async cancel(trustId: string, walkoutId: string, assignmentId: string, userId: string | null): Promise<void> {
    await walkoutForCover(this.walkouts, trustId, walkoutId, 'read');
    await this.transactions.run(async (tx) => {
      const was = await this.assignments.cancel(tx, trustId, walkoutId, assignmentId, userId);
      if (!was) {
        const existing = await this.assignments.findInTransaction(tx, trustId, walkoutId, assignmentId);
        if (!existing) throw new CoverError(CoverErrorCode.AssignmentNotFound, 'Cover assignment not found');
        throw new CoverError(CoverErrorCode.AssignmentAlreadyCancelled, 'This cover shift is no longer active: it was cancelled, declined or has expired');
      }
      if (was !== 'accepted') return;
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

  async list(trustId: string, walkoutId: string, query: { status?: AssignmentStatus; departmentId?: string; limit?: number; cursor?: string }): Promise<Page<CoverAssignmentView>> {
    await walkoutForCover(this.walkouts, trustId, walkoutId, 'read');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.assignments.listPage(trustId, walkoutId, {
      status: query.status,
      now: this.clock.now(),
      departmentId: query.departmentId,
      after: after ? [String(after[0]), String(after[1])] : null,
      limit: limit + 1,
    });
    return toPage(rows, limit, (a) => [a.startsAt.toISOString(), a.id], (a) => this.view(a));
  }

  view(record: CoverAssignmentRecord): CoverAssignmentView {
    const breakRequired = record.onCall === 'resident' && isBreakRequired(record, this.settings.limits);
    const consentState = effectiveConsentState(record.consentState, record.requestExpiresAt, this.clock.now());
    const status: AssignmentStatus = record.cancelledAt ? 'cancelled' : consentState === 'accepted' ? 'active' : consentState;
    return {
      ...record,
      consentState,
      status,
      breakRequired,
      breakMinutes: breakRequired ? this.settings.limits.breakMinutes : 0,
      calendarUrl: this.calendars.urlFor(record.calendarSeed, record.calendarHash),
    };
  }
}
