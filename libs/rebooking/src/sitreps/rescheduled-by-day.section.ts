import { SitrepSection, SitrepSectionResult, SitrepService, WalkoutView } from '@app/walkouts';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { rescheduledByDayCsvRows } from '../engine/rescheduled-by-day';
import { RescheduledByDayService } from './rescheduled-by-day.service';

/**
 * The sitrep's `rescheduledActivityByDay` section, in NHS England's daily shape: per walkout day,
 * elective inpatient and day-case procedures and outpatient appointments rescheduled, community and
 * mental-health cancellations where the trust recorded them, and cumulative totals.
 */
@Injectable()
export class RescheduledByDaySitrepSection implements SitrepSection, OnModuleInit {
  readonly key = 'rescheduledActivityByDay';

  constructor(
    private readonly sitreps: SitrepService,
    private readonly byDay: RescheduledByDayService,
  ) {}

  onModuleInit(): void {
    this.sitreps.register(this);
  }

  async build(_trustId: string, walkout: WalkoutView): Promise<SitrepSectionResult> {
    const days = (await this.byDay.forWalkouts([walkout])).get(walkout.id)!;
    return { json: { days }, csvRows: rescheduledByDayCsvRows(days) };
  }
}
