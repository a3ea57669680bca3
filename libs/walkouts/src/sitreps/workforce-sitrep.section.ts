import { Injectable } from '@nestjs/common';
import { WalkoutView } from '../walkouts/walkout.service';
import { SitrepCsvRow, SitrepSection, SitrepSectionResult } from './sitrep-section';
import { SitrepRepository } from './sitrep.repository';
import { WorkforceGroupDay, workforceSitrep } from '../engine/workforce-sitrep';

const MEASURES = ['dueAtWork', 'takingPart', 'notTakingPart', 'unknown'] as const;

@Injectable()
export class WorkforceSitrepSection implements SitrepSection {
  readonly key = 'workforce';

  constructor(private readonly repository: SitrepRepository) {}

  async build(trustId: string, walkout: WalkoutView): Promise<SitrepSectionResult> {
    const counts = await this.repository.staffGroupCounts(trustId, walkout.id, walkout.siteIds);
    const sitrep = workforceSitrep({ startsAt: walkout.startsAt, endsAt: walkout.endsAt, calledOffAt: walkout.calledOffAt, staffGroups: walkout.staffGroups, counts });
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
