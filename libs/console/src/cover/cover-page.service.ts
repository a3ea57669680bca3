import { CoverAssignmentService, CoverAutofillView, CoverRotaService } from '@app/cover';
import { OrganisationService, PeopleService } from '@app/organisations';
import { WalkoutService } from '@app/walkouts';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { coverHeatMap, HeatMap, heatMapDayBodyHtml } from '../engine/cover-heat-map';
import { formatLondonShortPeriod } from '@app/core';
import { pounds } from '../engine/london-display';

const LIST_LIMIT = 1000;
const COVER_GRADES = ['consultant', 'sas'];

export interface CoverPageView {
  walkout: { id: string; period: string; status: string; startsAt: Date; endsAt: Date; changeable: boolean };
  heatMap: HeatMap;
  /** Each day's table rows as escaped markup (see heatMapDayBodyHtml), in the order of heatMap.days. */
  heatMapDayBodies: string[];
  totals: { requiredHours: string; assignedHours: string; shortfallHours: string; assignedCost: string; shortfallCost: string; projectedCost: string };
  rateCard: string;
  consultants: { staffNumber: string; name: string; shifts: { department: string; period: string; cost: string; breakRequired: boolean }[]; cost: string; calendarUrl: string | null }[];
  departments: { id: string; name: string }[];
  staff: { staffNumber: string; name: string }[];
}

export interface AutofillPreview {
  fingerprint: string;
  proposals: { name: string; department: string; period: string; cost: string; breakRequired: boolean }[];
  remainingGaps: { department: string; period: string; shortfall: number; reason: string }[];
  totalCost: string;
  applied: boolean;
}

const GAP_REASONS: Record<string, string> = {
  NO_ELIGIBLE_CONSULTANT: 'No consultant in scope who is not striking',
  WORKING_TIME_LIMITS: 'Every consultant in scope is at a working-time limit',
  UNKNOWN_DEPARTMENT: 'Department not found',
};

const hours = (value: number) => (Math.round(value * 10) / 10).toLocaleString('en-GB');

/** The cover page: gaps hour by hour with their cost, the shifts by consultant, manual assignment and autofill. */
@Injectable()
export class CoverPageService {
  constructor(
    private readonly rota: CoverRotaService,
    private readonly assignments: CoverAssignmentService,
    private readonly walkouts: WalkoutService,
    private readonly organisations: OrganisationService,
    private readonly people: PeopleService,
  ) {}

  async page(trustId: string, walkoutId: string): Promise<CoverPageView> {
    const [walkout, gaps, assigned, departments, staff] = await Promise.all([
      this.walkouts.get(trustId, walkoutId),
      this.rota.gaps(trustId, walkoutId),
      this.assignments.list(trustId, walkoutId, { status: 'active', limit: LIST_LIMIT }),
      this.departments(trustId),
      this.coverStaff(trustId),
    ]);
    const staffNames = new Map(staff.map((s) => [s.staffNumber, s.name]));
    const byConsultant = new Map<string, CoverPageView['consultants'][number] & { pence: number }>();
    for (const shift of assigned.items) {
      const entry = byConsultant.get(shift.staffNumber) ?? { staffNumber: shift.staffNumber, name: staffNames.get(shift.staffNumber) ?? shift.staffNumber, shifts: [], cost: '', pence: 0, calendarUrl: shift.calendarUrl };
      entry.shifts.push({ department: departments.get(shift.departmentId)?.label ?? '', period: formatLondonShortPeriod(shift.startsAt, shift.endsAt), cost: pounds(shift.pricePence), breakRequired: shift.breakRequired });
      entry.pence += shift.pricePence;
      byConsultant.set(shift.staffNumber, entry);
    }
    const heatMap = coverHeatMap(
      gaps.gaps.items.map((item) => ({
        departmentId: item.departmentId,
        name: departments.get(item.departmentId)?.name ?? 'Unknown department',
        siteName: departments.get(item.departmentId)?.siteName ?? '',
        hours: item.hours,
      })),
    );
    return {
      walkout: { id: walkout.id, period: formatLondonShortPeriod(walkout.startsAt, walkout.endsAt), status: walkout.status, startsAt: walkout.startsAt, endsAt: walkout.endsAt, changeable: walkout.status !== 'called-off' && walkout.status !== 'ended' },
      heatMap,
      heatMapDayBodies: heatMap.days.map((day) => heatMapDayBodyHtml(heatMap, day)),
      totals: {
        requiredHours: hours(gaps.gaps.totals.requiredHours),
        assignedHours: hours(gaps.gaps.totals.assignedHours),
        shortfallHours: hours(gaps.gaps.totals.shortfallHours),
        assignedCost: pounds(gaps.cost.assignedPence),
        shortfallCost: pounds(gaps.cost.shortfallPence),
        projectedCost: pounds(gaps.cost.projectedPence),
      },
      rateCard: gaps.rateCard,
      consultants: [...byConsultant.values()].sort((a, b) => a.name.localeCompare(b.name)).map(({ pence, ...entry }) => ({ ...entry, cost: pounds(pence) })),
      departments: [...departments.values()].map((d) => ({ id: d.id, name: d.label })),
      staff,
    };
  }

  async formData(trustId: string, walkoutId: string): Promise<{ walkout: { id: string; period: string; startsAt: Date }; departments: { id: string; name: string }[]; staff: { staffNumber: string; name: string }[] }> {
    const [walkout, departments, staff] = await Promise.all([this.walkouts.get(trustId, walkoutId), this.departments(trustId), this.coverStaff(trustId)]);
    return { walkout: { id: walkout.id, period: formatLondonShortPeriod(walkout.startsAt, walkout.endsAt), startsAt: walkout.startsAt }, departments: [...departments.values()].map((d) => ({ id: d.id, name: d.label })), staff };
  }

  assign(trustId: string, walkoutId: string, command: { staffNumber: string; departmentId: string; startsAt: Date; endsAt: Date; consentRecorded: boolean }, userId: string) {
    return this.assignments.assign(trustId, walkoutId, command, userId);
  }

  async autofillPreview(trustId: string, walkoutId: string, userId: string): Promise<AutofillPreview> {
    return this.describe(trustId, await this.rota.autofill(trustId, walkoutId, false, userId));
  }

  /**
   * Applies autofill only if it would save what the person saw: the preview is worked out again and
   * compared with the one confirmed; if the rota moved meanwhile the new preview is shown instead.
   */
  async autofillApply(trustId: string, walkoutId: string, fingerprint: string, userId: string): Promise<{ applied: true; count: number } | { applied: false; preview: AutofillPreview }> {
    const current = await this.autofillPreview(trustId, walkoutId, userId);
    if (current.fingerprint !== fingerprint) return { applied: false, preview: current };
    const result = await this.rota.autofill(trustId, walkoutId, true, userId);
    return { applied: true, count: result.proposals.length };
  }

  private async describe(trustId: string, view: CoverAutofillView): Promise<AutofillPreview> {
    const [departments, staff] = await Promise.all([this.departments(trustId), this.coverStaff(trustId)]);
    const names = new Map(staff.map((s) => [s.staffNumber, s.name]));
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(view.proposals.map((p) => [p.staffNumber, p.departmentId, p.startsAt.toISOString(), p.endsAt.toISOString()])))
      .digest('base64url');
    return {
      fingerprint,
      applied: view.applied,
      proposals: view.proposals.map((p) => ({
        name: names.get(p.staffNumber) ?? p.staffNumber,
        department: departments.get(p.departmentId)?.label ?? '',
        period: formatLondonShortPeriod(p.startsAt, p.endsAt),
        cost: pounds(p.price.totalPence),
        breakRequired: p.breakRequired,
      })),
      remainingGaps: view.remainingGaps.map((g) => ({ department: departments.get(g.departmentId)?.label ?? '', period: formatLondonShortPeriod(g.from, g.to), shortfall: g.shortfall, reason: GAP_REASONS[g.reason] ?? g.reason })),
      totalCost: pounds(view.proposals.reduce((sum, p) => sum + p.price.totalPence, 0)),
    };
  }

  private async departments(trustId: string): Promise<Map<string, { id: string; name: string; siteName: string; label: string }>> {
    const [departments, sites] = await Promise.all([this.organisations.listDepartments(trustId, LIST_LIMIT), this.organisations.listSites(trustId, LIST_LIMIT)]);
    const siteNames = new Map(sites.items.map((s) => [s.id, s.name]));
    return new Map(
      departments.items.map((d) => {
        const siteName = siteNames.get(d.siteId) ?? '';
        return [d.id, { id: d.id, name: d.name, siteName, label: siteName ? `${d.name}, ${siteName}` : d.name }];
      }),
    );
  }

  private async coverStaff(trustId: string): Promise<{ staffNumber: string; name: string }[]> {
    const pages = await Promise.all(COVER_GRADES.map((grade) => this.people.listStaff(trustId, { grade, limit: LIST_LIMIT })));
    return pages
      .flatMap((page) => page.items)
      .map((s) => ({ staffNumber: s.staffNumber, name: `${s.givenName} ${s.familyName} (${s.staffNumber})` }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

