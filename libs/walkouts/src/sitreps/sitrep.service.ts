import { Clock } from '@app/core';
import { OrganisationService } from '@app/organisations';
import { Injectable } from '@nestjs/common';
import { WalkoutService, WalkoutView } from '../walkouts/walkout.service';
import { SitrepSection, sitrepCsv } from './sitrep-section';
import { WorkforceSitrepSection } from './workforce-sitrep.section';

export interface Sitrep {
  walkout: WalkoutView;
  generatedAt: Date;
  /** By section key, in registration order (workforce first). */
  sections: { key: string; json: unknown }[];
  csv: () => string;
}

/**
 * The walkout sitrep for NHS England: a list of sections, each computed by the lib that owns its
 * data. Workforce (participation) lives here; other libs register theirs (see SitrepSection).
 */
@Injectable()
export class SitrepService {
  private readonly sections: SitrepSection[] = [];

  constructor(
    private readonly walkouts: WalkoutService,
    private readonly organisations: OrganisationService,
    private readonly clock: Clock,
    workforce: WorkforceSitrepSection,
  ) {
    this.register(workforce);
  }

  register(section: SitrepSection): void {
    if (['walkoutId', 'trustId', 'generatedAt'].includes(section.key) || this.sections.some((s) => s.key === section.key)) {
      throw new Error(`Sitrep section "${section.key}" is already taken`);
    }
    this.sections.push(section);
  }

  async build(trustId: string, walkoutId: string): Promise<Sitrep> {
    const walkout = await this.walkouts.get(trustId, walkoutId);
    const trust = await this.organisations.getTrust(trustId);
    const built = await Promise.all(this.sections.map(async (section) => ({ key: section.key, ...(await section.build(trustId, walkout)) })));
    return {
      walkout,
      generatedAt: this.clock.now(),
      sections: built.map(({ key, json }) => ({ key, json })),
      csv: () => sitrepCsv(trust.odsCode, walkout.id, built.map(({ key, csvRows }) => ({ key, rows: csvRows }))),
    };
  }
}
