import { SitrepSection, SitrepSectionResult, SitrepService, WalkoutView } from '@app/walkouts';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { PostponementRepository } from './postponement.repository';
import { rescheduledActivity, rescheduledActivityCsvRows } from '../engine/rescheduled-activity';

/** The sitrep's `rescheduledActivity` section: registered with the walkout sitrep (walkouts never imports rebooking). */
@Injectable()
export class RescheduledActivitySitrepSection implements SitrepSection, OnModuleInit {
  readonly key = 'rescheduledActivity';

  constructor(
    private readonly sitreps: SitrepService,
    private readonly postponements: PostponementRepository,
  ) {}

  onModuleInit(): void {
    this.sitreps.register(this);
  }

  async build(trustId: string, walkout: WalkoutView): Promise<SitrepSectionResult> {
    const activity = rescheduledActivity(await this.postponements.rescheduledActivity(trustId, walkout.id));
    return { json: activity, csvRows: rescheduledActivityCsvRows(activity) };
  }
}
