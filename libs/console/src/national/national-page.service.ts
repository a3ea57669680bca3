import { AuthUser, Clock, formatLondonDate, formatLondonShortPeriod, londonDayAround } from '@app/core';
import { OrganisationService } from '@app/organisations';
import { DailyActivityFigures, PostponementService, RescheduledActivity, RescheduledByDayService } from '@app/rebooking';
import { DateTime } from 'luxon';
import { LONDON } from '@app/core';
import { MajorIncidentService } from '@app/recall';
import { WalkoutService } from '@app/walkouts';
import { Injectable } from '@nestjs/common';
import { count } from '../engine/london-display';
import { statusTag, staffGroupsText } from '../engine/walkout-summary';

const TRUST_LIMIT = 250;
const MEASURES = ['postponed', 'rebooked', 'confirmed', 'unplaced', 'declined', 'within14Days', 'breaches28Day'] as const;

/**
 * The national view: every trust's walkouts today, what they postponed, rebooked and left unplaced,
 * staff taking part and open major incidents, and the national sitrep roll-up — a few set-based reads
 * across trusts, not one request per trust.
 */
@Injectable()
export class NationalPageService {
  constructor(
    private readonly organisations: OrganisationService,
    private readonly walkouts: WalkoutService,
    private readonly postponements: PostponementService,
    private readonly incidents: MajorIncidentService,
    private readonly rescheduled: RescheduledByDayService,
    private readonly clock: Clock,
  ) {}

  async page(user: AuthUser) {
    const now = this.clock.now();
    const day = londonDayAround(now);
    // NHS England's daily return is for yesterday's walkout days (one day in arrears), from rebooking's port.
    const yesterday = DateTime.fromJSDate(now, { zone: LONDON }).minus({ days: 1 });
    // The reads are independent (today's figures need only today's walkouts): each is one set-based pass
    // over every trust's rows, so they go at once and the page waits for the slowest, not for their sum.
    const today = (async () => {
      const walkouts = await this.walkouts.acrossTrustsInWindow(day.from, day.to);
      return { walkouts, activity: await this.postponements.rescheduledActivityByWalkout(walkouts.map((w) => w.id)) };
    })();
    const [trusts, { walkouts, activity }, incidents, daily] = await Promise.all([
      this.organisations.listTrusts(user, TRUST_LIMIT),
      today,
      this.incidents.openAcrossTrusts(),
      this.rescheduled.national(user, yesterday.toISODate()!),
    ]);
    const national = emptyTotals();
    const rows = trusts.items.map((trust) => {
      const mine = walkouts.filter((w) => w.trustId === trust.id);
      const totals = emptyTotals();
      for (const walkout of mine) {
        add(totals, activity.get(walkout.id)!, walkout.participation);
        add(national, activity.get(walkout.id)!, walkout.participation);
      }
      return {
        id: trust.id,
        name: trust.name,
        odsCode: trust.odsCode,
        walkouts: mine.map((w) => ({ id: w.id, text: `${staffGroupsText(w.staffGroups)}, ${formatLondonShortPeriod(w.startsAt, w.endsAt)}`, status: statusTag(w.status) })),
        postponed: count(totals.total.postponed),
        rebooked: count(totals.total.rebooked),
        unplaced: count(totals.total.unplaced),
        takingPart: count(totals.participation.yes),
        openIncidents: incidents.filter((i) => i.trustId === trust.id).length,
      };
    });
    const format = (figures: Record<string, number>) => Object.fromEntries(MEASURES.map((m) => [m, count(figures[m])]));
    return {
      today: formatLondonDate(now),
      trusts: rows.sort((a, b) => b.walkouts.length - a.walkouts.length || a.name.localeCompare(b.name)),
      trustsWithWalkouts: rows.filter((r) => r.walkouts.length).length,
      incidents: incidents.map((i) => ({ trustId: i.trustId, trust: trusts.items.find((t) => t.id === i.trustId)?.name ?? '', id: i.id, description: i.description, state: i.state === 'declared' ? 'Declared' : 'Standby', recalled: count(i.recalledCount) })),
      daily: {
        date: formatLondonDate(yesterday.toJSDate()),
        trusts: daily.trusts.map((row) => ({ trustId: row.trustId, walkoutId: row.walkoutId, name: row.trustName, odsCode: row.odsCode, figures: dailyCells(row) })),
        total: dailyCells(daily.total),
        totalCumulative: dailyCells(daily.totalCumulative),
      },
      rollUp: { outpatient: format(national.outpatient), elective: format(national.elective), total: format(national.total), participation: { yes: count(national.participation.yes), no: count(national.participation.no), unknown: count(national.participation.unknown) } },
    };
  }
}

type Totals = { outpatient: Record<string, number>; elective: Record<string, number>; total: Record<string, number>; participation: Record<'yes' | 'no' | 'unknown', number> };

function emptyTotals(): Totals {
  const zero = () => Object.fromEntries(MEASURES.map((m) => [m, 0]));
  return { outpatient: zero(), elective: zero(), total: zero(), participation: { yes: 0, no: 0, unknown: 0 } };
}

function add(totals: Totals, activity: RescheduledActivity, participation: Record<'yes' | 'no' | 'unknown', number>): void {
  for (const group of ['outpatient', 'elective', 'total'] as const) for (const m of MEASURES) totals[group][m] += activity[group][m];
  for (const answer of ['yes', 'no', 'unknown'] as const) totals.participation[answer] += participation[answer];
}

/** One row of the daily return: a figure, or "Not recorded" where the trust recorded none (community, mental health). */
function dailyCells(figures: DailyActivityFigures): string[] {
  return [figures.electiveInpatient, figures.electiveDayCase, figures.outpatient, figures.community, figures.mentalHealth].map((value) => (value === null ? 'Not recorded' : count(value)));
}
