import { Clock, Transactions } from '@app/core';
import { StaffHeadcounts } from '@app/organisations';
import { Injectable } from '@nestjs/common';
import { WalkoutView } from '../walkouts/walkout.service';
import { SitrepCsvRow, SitrepSection, SitrepSectionResult } from './sitrep-section';
import { SitrepRepository } from './sitrep.repository';
import { walkoutDays } from '../engine/walkout-days';
import { WorkforceGroupDay, workforceSitrep } from '../engine/workforce-sitrep';

const MEASURES = ['dueAtWork', 'takingPart', 'notTakingPart', 'unknown'] as const;

@Injectable()
export class WorkforceSitrepSection implements SitrepSection {
  readonly key = 'workforce';

  constructor(
    private readonly repository: SitrepRepository,
    private readonly headcounts: StaffHeadcounts,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async build(trustId: string, walkout: WalkoutView): Promise<SitrepSectionResult> {
    const days = walkoutDays(walkout.startsAt, walkout.endsAt).map((day) => day.date);
    // Each day's answers (this lib's tables) first, then the named groups' counts per day through organisations' port.
    const counts = await this.transactions.run(async (tx) => {
      const declared = await this.repository.declaredByDay(tx, trustId, walkout.id, days);
      const byGrade = await this.headcounts.byGradePerDay(tx, trustId, walkout.siteIds, walkout.staffGroups, days, declared);
      return byGrade.map(({ grade, ...figures }) => ({ staffGroup: grade, ...figures }));
    });
    const sitrep = workforceSitrep({
      startsAt: walkout.startsAt,
      endsAt: walkout.endsAt,
      calledOffAt: walkout.calledOffAt,
      staffGroups: walkout.staffGroups,
      counts,
      asOf: this.clock.now(),
    });
    const csvRows: SitrepCsvRow[] = [];
    for (const day of sitrep.days) {
      const lines: [string, Omit<WorkforceGroupDay, 'staffGroup'>][] = [...day.groups.map((g) => [g.staffGroup, g] as [string, WorkforceGroupDay]), ['all', day.totals]];
      for (const [category, figures] of lines) {
        for (const measure of MEASURES) csvRows.push({ day: day.date, category, measure, value: figures[measure] });
      }
    }
    return { json: sitrep, csvRows };
  }
}
