import { SitrepSection, SitrepSectionResult, SitrepService, WalkoutView } from '@app/walkouts';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { RescheduledActivityReads } from '../sitreps/rescheduled-activity-reads';
import { rescheduledActivity, rescheduledActivityCsvRows } from '../engine/rescheduled-activity';

/** The sitrep's `rescheduledActivity` section: registered with the walkout sitrep (walkouts never imports rebooking). */
@Injectable()
export class RescheduledActivitySitrepSection implements SitrepSection, OnModuleInit {
  readonly key = 'rescheduledActivity';

  constructor(
    private readonly sitreps: SitrepService,
    private readonly activity: RescheduledActivityReads,
  ) {}

  onModuleInit(): void {
    this.sitreps.register(this);
  }

  async build(trustId: string, walkout: WalkoutView): Promise<SitrepSectionResult> {
    const activity = rescheduledActivity(await this.activity.figuresOf(trustId, walkout.id));
    return { json: activity, csvRows: rescheduledActivityCsvRows(activity) };
  }
}
