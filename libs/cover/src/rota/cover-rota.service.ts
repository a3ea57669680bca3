import { Clock, Transactions } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { OrganisationService } from '@app/organisations';
import { WalkoutService } from '@app/walkouts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CoverProposal, proposeCover, RemainingCoverGap } from '../engine/autofill';
import { rotaCost, RotaCost } from '../engine/cover-cost';
import { priceShift, ShiftPrice } from '../engine/rate-card';
import { CoverAssignmentRepository, CoverStaff, StaffShift } from '../assignments/cover-assignment.repository';
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
  cost: RotaCost;
  costByDepartment: Map<string, RotaCost>;
  rateCard: string;
}

export interface PricedProposal extends CoverProposal {
  price: ShiftPrice;
  /** Set once applied. */
  assignmentId: string | null;
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
    @Inject(COVER_SETTINGS) private readonly settings: CoverSettings,
    private readonly clock: Clock,
  ) {}

  async gaps(trustId: string, walkoutId: string): Promise<CoverGapsView> {
    const walkout = await walkoutForCover(this.walkouts, trustId, walkoutId, 'read');
    const [requirements, assignments] = await Promise.all([this.requirements.listForWalkout(trustId, walkoutId), this.assignments.activeForWalkout(trustId, walkoutId)]);
    const gaps = computeHourlyCoverGaps({ startsAt: walkout.startsAt, endsAt: walkout.endsAt }, requirements, assignments);
    const costByDepartment = new Map<string, RotaCost>();
    for (const item of gaps.items) {
      const prices = assignments.filter((a) => a.departmentId === item.departmentId).map((a) => a.pricePence);
      costByDepartment.set(item.departmentId, rotaCost(prices, { items: [item], totals: item.totals }, this.settings.rateCard));
    }
    return {
      walkoutId,
      startsAt: walkout.startsAt,
      endsAt: walkout.endsAt,
      gaps,
      cost: rotaCost(
        assignments.map((a) => a.pricePence),
        gaps,
        this.settings.rateCard,
      ),
      costByDepartment,
      rateCard: this.settings.rateCard.name,
    };
  }

  /**
   * Proposes a rota that closes as many gaps as the rules allow (the pure proposeCover), priced. With
   * `apply`, saves every proposal in one transaction: the people are locked, each proposal is checked
   * again with the very rules a manual assignment goes through (against shifts as they are now), then
   * one multi-row INSERT and their notices. If anything changed meanwhile, nothing is saved (409).
   */
  async autofill(trustId: string, walkoutId: string, apply: boolean, userId: string | null): Promise<CoverAutofillView> {
    const walkout = await walkoutForCover(this.walkouts, trustId, walkoutId, 'write');
    const scope = walkoutScope(walkout);
    const margin = neighbourhoodMs(this.settings);
    const [departments, requirements, walkoutAssignments, candidates] = await Promise.all([
      this.organisations.departmentsWithSites(trustId),
      this.requirements.listForWalkout(trustId, walkoutId),
      this.assignments.activeForWalkout(trustId, walkoutId),
      this.assignments.staffOfGrades(trustId, walkoutId, COVER_GRADES),
    ]);
    const shifts = byStaff(
      await this.assignments.activeShiftsNow(
        trustId,
        candidates.map((c) => c.id),
        new Date(walkout.startsAt.getTime() - margin),
        new Date(walkout.endsAt.getTime() + margin),
      ),
    );
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
      })),
      options: { limits: this.settings.limits },
    });
    const proposals: PricedProposal[] = result.proposals.map((p) => ({ ...p, price: priceShift(p.startsAt, p.endsAt, this.settings.rateCard), assignmentId: null }));
    const view = { applied: apply, proposals, remainingGaps: result.remainingGaps, rateCard: this.settings.rateCard.name };
    if (!apply || proposals.length === 0) return view;

    const departmentsById = new Map(departments.map((d) => [d.id, d]));
    const ids = await this.transactions.run(async (tx) => {
      const staffIds = [...new Set(proposals.map((p) => p.staffId))];
      const locked = new Map((await this.assignments.lockStaffByIds(tx, trustId, walkoutId, staffIds)).map((s) => [s.id, s]));
      const from = Math.min(...proposals.map((p) => p.startsAt.getTime())) - margin;
      const to = Math.max(...proposals.map((p) => p.endsAt.getTime())) + margin;
      const current = byStaff(await this.assignments.activeShiftsOf(tx, trustId, staffIds, new Date(from), new Date(to)));
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
      const outcome = await this.assignments.insertMany(
        tx,
        proposals.map((p) => ({
          trustId,
          walkoutId,
          departmentId: p.departmentId,
          staffId: p.staffId,
          startsAt: p.startsAt,
          endsAt: p.endsAt,
          source: 'autofill' as const,
          consentRecordedBy: userId,
          price: p.price,
          rateCard: this.settings.rateCard.name,
          createdBy: userId,
        })),
      );
      if (!outcome.ok) throw CoverError.overlap();
      const tokens = await this.calendars.ensureTokens(tx, trustId, staffIds);
      const now = this.clock.now();
      const contexts = await this.noticeContexts.of(tx, trustId, outcome.ids);
      await this.outbox.createMany(
        tx,
        contexts.map((context) => coverShiftNotice({ trustId, ...context }, tokens.get(context.staffId) ?? null, noticeHoldSeconds(this.settings, context.startsAt, now))),
      );
      return outcome.ids;
    });
    proposals.forEach((proposal, index) => (proposal.assignmentId = ids[index]));
    this.logger.log({ msg: 'cover autofill applied', trustId, walkoutId, assignments: ids.length, remainingGaps: result.remainingGaps.length });
    return view;
  }
}

function byStaff(shifts: StaffShift[]): Map<string, ShiftTimes[]> {
  const grouped = new Map<string, ShiftTimes[]>();
  for (const { staffId, startsAt, endsAt } of shifts) {
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
