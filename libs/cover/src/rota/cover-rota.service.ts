import { Clock, Transactions } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { OrganisationService } from '@app/organisations';
import { WalkoutService } from '@app/walkouts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CoverProposal, proposeCover, RemainingCoverGap } from '../engine/autofill';
import { rotaCost, RotaCost } from '../engine/cover-cost';
import { priceShift, RateRegion, ShiftPrice } from '../engine/rate-card';
import { CoverAssignmentRepository, CoverStaff, NewCoverAssignment, StaffShift } from '../assignments/cover-assignment.repository';
import { CoverAvailabilityRepository } from '../availability/cover-availability.repository';
import { CoverRequestService } from '../requests/cover-request.service';
import { CoverTrustSettingsRepository } from '../trust-settings/cover-trust-settings.repository';
import { requestExpiresAt, windowHolding } from '../engine/cover-consent';
import { ShiftNoticeContexts } from '../assignments/shift-notice-contexts';
import { CoverCalendarService } from '../calendar/cover-calendar.service';
import { CoverRequirementRepository } from '../requirements/cover-requirement.repository';
import { COVER_SETTINGS, CoverSettings, neighbourhoodMs, noticeHoldSeconds } from '../cover-settings';
import { walkoutForCover, walkoutScope } from '../cover-walkout';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { computeHourlyCoverGaps, HourlyCoverGaps } from '../engine/hourly-gaps';
import { coverShiftNotice } from '../engine/cover-notices';
import { checkCoverAssignment, takingPartReason } from '../engine/assignment-rules';
import { ShiftTimes } from '../engine/cover-rule-violation';
import { COVER_GRADES } from '../engine/scope-of-practice';

export interface CoverGapsView {
  walkoutId: string;
  startsAt: Date;
  endsAt: Date;
  gaps: HourlyCoverGaps;
  /** Per department, per hour (same order as gaps): consultants asked and not yet answered (not assigned). */
  requested: Map<string, number[]>;
  cost: RotaCost & { requestedPence: number };
  costByDepartment: Map<string, RotaCost & { requestedPence: number }>;
  rateCard: string;
  rateRegion: RateRegion;
}

export interface PricedProposal extends CoverProposal {
  price: ShiftPrice;
  /** Set once applied. */
  assignmentId: string | null;
  /** Once applied: `accepted` when an availability window of the consultant holds it, else `requested` (they are asked). */
  consentState: 'accepted' | 'requested' | null;
}

export interface CoverAutofillView {
  applied: boolean;
  proposals: PricedProposal[];
  remainingGaps: RemainingCoverGap[];
  rateCard: string;
}

/** The rota as a whole: hour-by-hour gaps with their cost, and autofill. */
@Injectable()
export class CoverRotaService {
  private readonly logger = new Logger('Cover');

  constructor(
    private readonly requirements: CoverRequirementRepository,
    private readonly transactions: Transactions,
    private readonly assignments: CoverAssignmentRepository,
    private readonly calendars: CoverCalendarService,
    private readonly walkouts: WalkoutService,
    private readonly organisations: OrganisationService,
    private readonly noticeContexts: ShiftNoticeContexts,
    private readonly outbox: NotificationOutbox,
    private readonly availability: CoverAvailabilityRepository,
    private readonly trustSettings: CoverTrustSettingsRepository,
    private readonly coverRequests: CoverRequestService,
    @Inject(COVER_SETTINGS) private readonly settings: CoverSettings,
    private readonly clock: Clock,
  ) {}

  /**
   * Hour by hour: only accepted shifts are assigned; shifts asked and not yet answered are shown as
   * `requested` and still count as short (a declined or expired request never did count), and their cost
   * is shown apart from what is assigned.
   */
  async gaps(trustId: string, walkoutId: string): Promise<CoverGapsView> {
    const walkout = await walkoutForCover(this.walkouts, trustId, walkoutId, 'read');
    const now = this.clock.now();
    const [requirements, live, { rateRegion }] = await Promise.all([
      this.requirements.listForWalkout(trustId, walkoutId),
      this.assignments.activeForWalkout(trustId, walkoutId, now),
      this.trustSettings.of(null, trustId),
    ]);
    const accepted = live.filter((a) => a.consentState === 'accepted');
    const asked = live.filter((a) => a.consentState === 'requested');
    const window = { startsAt: walkout.startsAt, endsAt: walkout.endsAt };
    const gaps = computeHourlyCoverGaps(window, requirements, accepted);
    const askedGrid = computeHourlyCoverGaps(window, requirements.map((r) => ({ ...r, minConsultants: 0 })), asked);
    const requested = new Map(gaps.items.map((item) => [item.departmentId, askedGrid.items.find((i) => i.departmentId === item.departmentId)?.hours.map((h) => h.assigned) ?? item.hours.map(() => 0)]));
    const costOf = (shifts: typeof live, scope: HourlyCoverGaps) => ({
      ...rotaCost(shifts.filter((a) => a.consentState === 'accepted').map((a) => a.pricePence), scope, this.settings.rateCard, rateRegion),
      requestedPence: shifts.filter((a) => a.consentState === 'requested').reduce((sum, a) => sum + a.pricePence, 0),
    });
    const costByDepartment = new Map<string, RotaCost & { requestedPence: number }>();
    for (const item of gaps.items) costByDepartment.set(item.departmentId, costOf(live.filter((a) => a.departmentId === item.departmentId), { items: [item], totals: item.totals }));
    return {
      walkoutId,
      startsAt: walkout.startsAt,
      endsAt: walkout.endsAt,
      gaps,
      requested,
      cost: costOf(live, gaps),
      costByDepartment,
      rateCard: this.settings.rateCard.name,
      rateRegion,
    };
  }

  /**
   * Proposes a rota that closes as many gaps as the rules allow (the pure proposeCover), priced. Shifts
   * already asked and not yet answered count as filled, so nobody else is asked for the same hours
   * meanwhile. With `apply`, saves every proposal in one transaction: the people are locked, their lapsed
   * requests expired, each proposal checked again with the very rules a manual assignment goes through
   * (against shifts as they are now), then one multi-row INSERT. Autofill records no consent nobody gave:
   * a proposal inside an availability window the consultant declared is accepted on that consent; every
   * other is `requested`, and each consultant gets one request (a link) for their shifts. If anything
   * changed meanwhile, nothing is saved (409).
   */
  async autofill(trustId: string, walkoutId: string, apply: boolean, userId: string | null): Promise<CoverAutofillView> {
    const walkout = await walkoutForCover(this.walkouts, trustId, walkoutId, 'write');
    const scope = walkoutScope(walkout);
    const margin = neighbourhoodMs(this.settings);
    const planningNow = this.clock.now();
    const [departments, requirements, walkoutAssignments, candidates, { rateRegion }] = await Promise.all([
      this.organisations.departmentsWithSites(trustId),
      this.requirements.listForWalkout(trustId, walkoutId),
      this.assignments.activeForWalkout(trustId, walkoutId, planningNow),
      this.assignments.staffOfGrades(trustId, walkoutId, COVER_GRADES),
      this.trustSettings.of(null, trustId),
    ]);
    const neighbourhood = { from: new Date(walkout.startsAt.getTime() - margin), to: new Date(walkout.endsAt.getTime() + margin) };
    const candidateIds = candidates.map((c) => c.id);
    // Non-resident on-call periods count whole here (as if worked): a plan may be stricter than the rules, never looser.
    const shifts = byStaff(await this.assignments.activeShiftsNow(trustId, candidateIds, neighbourhood.from, neighbourhood.to, planningNow));
    const windows = await this.availability.standingWindowsOf(null, trustId, candidateIds, walkout.startsAt, walkout.endsAt);
    const declined = await this.assignments.declinedInWalkout(trustId, walkoutId);
    const result = proposeCover({
      window: { startsAt: walkout.startsAt, endsAt: walkout.endsAt },
      departments: departments.map((d) => ({ id: d.id, kind: d.kind, siteId: d.siteId })),
      requirements,
      existingAssignments: walkoutAssignments,
      candidates: candidates.map((c) => ({
        staffId: c.id,
        staffNumber: c.staffNumber,
        grade: c.grade,
        specialty: c.specialty,
        // No recorded site: never "on site", so on-site consultants are preferred over them.
        siteId: c.siteId ?? '',
        existingShifts: shifts.get(c.id) ?? [],
        eligible: takingPartReason(c, scope) === null,
        availability: windows.get(c.id) ?? [],
        declined: declined.get(c.id) ?? [],
      })),
      options: { limits: this.settings.limits },
    });
    const proposals: PricedProposal[] = result.proposals.map((p) => ({
      ...p,
      price: priceShift(p.startsAt, p.endsAt, this.settings.rateCard, { region: rateRegion }),
      assignmentId: null,
      consentState: null,
    }));
    const view = { applied: apply, proposals, remainingGaps: result.remainingGaps, rateCard: this.settings.rateCard.name };
    if (!apply || proposals.length === 0) return view;

    const departmentsById = new Map(departments.map((d) => [d.id, d]));
    const saved = await this.transactions.run(async (tx) => {
      const now = this.clock.now();
      const staffIds = [...new Set(proposals.map((p) => p.staffId))];
      const locked = new Map((await this.assignments.lockStaffByIds(tx, trustId, walkoutId, staffIds)).map((s) => [s.id, s]));
      await this.assignments.expireDue(tx, trustId, staffIds, now);
      const from = Math.min(...proposals.map((p) => p.startsAt.getTime())) - margin;
      const to = Math.max(...proposals.map((p) => p.endsAt.getTime())) + margin;
      const current = byStaff(await this.assignments.activeShiftsOf(tx, trustId, staffIds, new Date(from), new Date(to), now));
      // The consent a window gives is read again under the locks: a window withdrawn meanwhile gives none.
      const standing = await this.availability.standingWindowsOf(tx, trustId, staffIds, new Date(from), new Date(to));
      const consentWindow = proposals.map((p) => (p.availabilityWindowId ? windowHolding(p, standing.get(p.staffId) ?? []) : null));
      const askedStaff = [...new Set(proposals.filter((_, i) => !consentWindow[i]).map((p) => p.staffId))];
      const opened = await this.coverRequests.open(tx, trustId, walkoutId, askedStaff, userId);
      proposals.forEach((proposal, index) => {
        const staff: CoverStaff | undefined = locked.get(proposal.staffId);
        const department = departmentsById.get(proposal.departmentId);
        if (!staff || !department) throw rotaChanged(index, 'the consultant or department no longer exists');
        const existing = current.get(staff.id) ?? [];
        const check = checkCoverAssignment({ shift: proposal, walkout: scope, candidate: staff, departmentKind: department.kind, existingShifts: existing, limits: this.settings.limits });
        if (check.refusals.length) throw rotaChanged(index, check.refusals[0].message);
        existing.push({ startsAt: proposal.startsAt, endsAt: proposal.endsAt });
        current.set(staff.id, existing);
      });
      // Each consultant's request lapses with the soonest of its shifts' expiries.
      const respondBy = new Map<string, Date>();
      const rows: NewCoverAssignment[] = proposals.map((p, i) => {
        const window = consentWindow[i];
        let consent: NewCoverAssignment['consent'];
        if (window) {
          consent = { state: 'accepted', source: 'availability-window', recordedBy: userId, availabilityId: window.id };
        } else {
          const { requestId } = opened.get(p.staffId)!;
          const expiresAt = requestExpiresAt(now, p.startsAt, this.settings.requestExpiryHours);
          if (!respondBy.has(requestId) || expiresAt < respondBy.get(requestId)!) respondBy.set(requestId, expiresAt);
          consent = { state: 'requested', requestId, expiresAt };
        }
        return {
          trustId,
          walkoutId,
          departmentId: p.departmentId,
          staffId: p.staffId,
          startsAt: p.startsAt,
          endsAt: p.endsAt,
          source: 'autofill',
          consent,
          onCall: 'resident',
          plannedBreak: p.plannedBreak ? { startsAt: p.plannedBreak.startsAt, minutes: p.plannedBreak.minutes } : null,
          exceeded: null,
          rateRegion,
          price: p.price,
          rateCard: this.settings.rateCard.name,
          createdBy: userId,
        };
      });
      const outcome = await this.assignments.insertMany(tx, rows);
      if (!outcome.ok) throw CoverError.overlap();
      const acceptedIds = outcome.ids.filter((_, i) => consentWindow[i]);
      const tokens = await this.calendars.ensureTokens(tx, trustId, [...new Set(proposals.filter((_, i) => consentWindow[i]).map((p) => p.staffId))]);
      const contexts = await this.noticeContexts.of(tx, trustId, acceptedIds);
      await this.outbox.createMany(tx, [
        ...contexts.map((context) => coverShiftNotice({ trustId, ...context }, tokens.get(context.staffId) ?? null, noticeHoldSeconds(this.settings, context.startsAt, now))),
        ...(await this.coverRequests.noticesFor(tx, trustId, opened, outcome.ids.filter((_, i) => !consentWindow[i]), respondBy)),
      ]);
      return { ids: outcome.ids, accepted: consentWindow.map(Boolean) };
    });
    proposals.forEach((proposal, index) => {
      proposal.assignmentId = saved.ids[index];
      proposal.consentState = saved.accepted[index] ? 'accepted' : 'requested';
    });
    this.logger.log({ msg: 'cover autofill applied', trustId, walkoutId, assignments: saved.ids.length, requested: saved.accepted.filter((a) => !a).length, remainingGaps: result.remainingGaps.length });
    return view;
  }
}

function byStaff(shifts: StaffShift[]): Map<string, ShiftTimes[]> {
  const grouped = new Map<string, ShiftTimes[]>();
  for (const { staffId, startsAt, endsAt } of shifts as { staffId: string; startsAt: Date; endsAt: Date }[]) {
    const list = grouped.get(staffId) ?? [];
    list.push({ startsAt, endsAt });
    grouped.set(staffId, list);
  }
  return grouped;
}

function rotaChanged(index: number, reason: string): CoverError {
  return new CoverError(CoverErrorCode.RotaChanged, 'The rota changed while autofill was working; nothing was saved. Run autofill again.', [
    // The proposals are the answer's, not the request's: the detail names the proposal in its message.
    { message: `Proposal ${index + 1}: ${reason}` },
  ]);
}
