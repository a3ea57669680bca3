import { AuthUser, Transactions } from '@app/core';
import { OrganisationService } from '@app/organisations';
import { WalkoutReads, walkoutDays, WalkoutService } from '@app/walkouts';
import { Injectable } from '@nestjs/common';
import { RescheduledActivityDay, rescheduledActivityByDay, sumFigures, DailyActivityFigures } from '../engine/rescheduled-by-day';
import { RescheduledActivityReads, WalkoutDayBounds } from './rescheduled-activity-reads';

const TRUST_LIMIT = 250;

/** One trust's walkout day in the national view. */
export interface NationalActivityRow extends RescheduledActivityDay {
  trustId: string;
  odsCode: string;
  trustName: string;
  walkoutId: string;
}

export interface NationalRescheduledActivity {
  date: string;
  trusts: NationalActivityRow[];
  /** Every trust's figures for the day added up, and their cumulative figures added up. */
  total: DailyActivityFigures;
  totalCumulative: DailyActivityFigures;
}

/** Rescheduled activity per walkout day, for one walkout (the sitrep section) or across trusts (national admins). */
@Injectable()
export class RescheduledByDayService {
  constructor(
    private readonly reads: RescheduledActivityReads,
    private readonly walkoutReads: WalkoutReads,
    private readonly walkouts: WalkoutService,
    private readonly organisations: OrganisationService,
    private readonly transactions: Transactions,
  ) {}

  /** Per day of each walkout (any trusts), from the start to the end: one statement for appointments, one for recorded cancellations. */
  async forWalkouts(walkouts: readonly { id: string; startsAt: Date; endsAt: Date }[]): Promise<Map<string, RescheduledActivityDay[]>> {
    const days = walkouts.flatMap((w) => walkoutDays(w.startsAt, w.endsAt).map((d): WalkoutDayBounds => ({ walkoutId: w.id, date: d.date, from: d.from, to: d.to })));
    const [postponed, recorded] = await this.transactions.run(async (tx) => [await this.reads.postponedByDay(tx, days), await this.walkoutReads.activityCancellationsOf(tx, walkouts.map((w) => w.id))] as const);
    return new Map(
      walkouts.map((w) => [
        w.id,
        rescheduledActivityByDay(
          days.filter((d) => d.walkoutId === w.id).map((d) => d.date),
          postponed.filter((p) => p.walkoutId === w.id),
          recorded.filter((r) => r.walkoutId === w.id),
        ),
      ]),
    );
  }

  /**
   * Every trust's walkout day labelled `date` (a London date): its figures, cumulative to that day, and
   * the national totals. NHS England collects a day's figures the day after, so the route defaults to yesterday.
   */
  async national(user: AuthUser, date: string): Promise<NationalRescheduledActivity> {
    const from = new Date(`${date}T00:00:00Z`);
    // Walkouts running at some point within a day either side: every walkout with a day that begins on `date`.
    // Every trust a national admin sees, in one page as the console's national view reads them (read alongside).
    const [walkouts, trustPage] = await Promise.all([
      this.walkouts.acrossTrustsInWindow(new Date(from.getTime() - 86_400_000), new Date(from.getTime() + 2 * 86_400_000)),
      this.organisations.listTrusts(user, TRUST_LIMIT),
    ]);
    const withDay = walkouts.filter((w) => walkoutDays(w.startsAt, w.endsAt).some((d) => d.date === date));
    const byWalkout = await this.forWalkouts(withDay);
    const trusts = new Map(trustPage.items.map((t) => [t.id, t]));
    const rows = withDay
      .map((w): NationalActivityRow => {
        const day = byWalkout.get(w.id)!.find((d) => d.date === date)!;
        const trust = trusts.get(w.trustId);
        return { trustId: w.trustId, odsCode: trust?.odsCode ?? '', trustName: trust?.name ?? '', walkoutId: w.id, ...day };
      })
      .sort((a, b) => a.trustName.localeCompare(b.trustName) || a.walkoutId.localeCompare(b.walkoutId));
    return { date, trusts: rows, total: sumFigures(rows), totalCumulative: sumFigures(rows.map((r) => r.cumulative)) };
  }
}
