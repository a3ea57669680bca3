import { Clock, formatLondonDate, formatLondonShortDateTime } from '@app/core';
import { OrganisationService, PeopleService } from '@app/organisations';
import { FollowUpRow, PostponementResult, PostponementService, RebookingRunRecord, RebookingRunService } from '@app/rebooking';
import { ParticipationService, Sitrep, SitrepService, WalkoutService } from '@app/walkouts';
import { Injectable } from '@nestjs/common';
import { impactChart, impactLabel, ChartRow } from '../engine/impact-chart';
import { count, phoneNumber } from '../engine/london-display';
import { ParticipationRow } from '../engine/participation-csv';
import { walkoutSummary, WalkoutSummary } from '../engine/walkout-summary';

/** How many patients of each follow-up list one page shows (the CSV has them all). */
export const FOLLOW_UP_PAGE_ROWS = 500;
const FOLLOW_UP_CSV_ROWS = 100_000;

export interface RunView {
  id: string;
  status: string;
  statusTag: { text: string; classes: string };
  finished: boolean;
  progress: number;
  figures: { key: string; label: string; value: string }[];
  startedAt: string;
  failureReason: string | null;
  sameSiteOnly: boolean;
  horizonDays: number;
}

export interface WalkoutPageView {
  walkout: WalkoutSummary & { startsAt: Date; endsAt: Date; siteNames: string[]; changeable: boolean; postponable: boolean };
  participation: Record<'yes' | 'no' | 'unknown', number>;
  /** Each walkout day's answers (the day's own, else the whole-walkout one) and its declaration requests. */
  participationDays: { date: string; yes: number; no: number; unknown: number; declarationsSent: number; declarationsAnswered: number }[];
  impact: {
    totals: { kept: number; toPostpone: number; alreadyPostponed: number };
    keptBy: { label: string; count: number }[];
    charts: { id: string; title: string; caption: string; rows: ChartRow[] }[];
  };
  run: RunView | null;
}

export interface FollowUpPatient {
  nhsNumber: string;
  name: string;
  phone: string;
  email: string;
  activity: string;
  priority: string;
  specialty: string;
  site: string;
  date: string;
  daysAfterWalkout: string;
  cancellations: number;
  status: string;
}

const RUN_TAGS: Record<string, { text: string; classes: string }> = {
  queued: { text: 'Waiting to start', classes: 'nhsuk-tag--grey' },
  running: { text: 'Running', classes: 'nhsuk-tag--blue' },
  succeeded: { text: 'Finished', classes: 'nhsuk-tag--green' },
  failed: { text: 'Failed', classes: 'nhsuk-tag--red' },
};

const KEPT_BY: Record<string, string> = {
  'critical-department': 'Emergency, maternity, intensive care and neonatal departments',
  P1a: 'Surgical priority P1a',
  P1b: 'Surgical priority P1b',
  'two-week-wait': 'Two-week wait (suspected cancer)',
};

/**
 * The walkout page and its workflows, each through the service the JSON API calls for the same thing:
 * the walkout (record, call off, participation), impact and postponement, rebooking runs, the sitrep.
 */
@Injectable()
export class WalkoutPageService {
  constructor(
    private readonly walkouts: WalkoutService,
    private readonly postponements: PostponementService,
    private readonly runs: RebookingRunService,
    private readonly sitreps: SitrepService,
    private readonly participationDays: ParticipationService,
    private readonly organisations: OrganisationService,
    private readonly people: PeopleService,
    private readonly clock: Clock,
  ) {}

  async page(trustId: string, walkoutId: string): Promise<WalkoutPageView> {
    const [impact, participation, days, sites, run] = await Promise.all([
      this.postponements.impact(trustId, walkoutId),
      this.walkouts.participationSummary(trustId, walkoutId),
      this.participationDays.byDay(trustId, walkoutId),
      this.siteNames(trustId),
      this.latestRun(trustId, walkoutId),
    ]);
    const walkout = impact.walkout;
    return {
      walkout: {
        ...walkoutSummary(walkout),
        startsAt: walkout.startsAt,
        endsAt: walkout.endsAt,
        siteNames: walkout.siteIds.length ? walkout.siteIds.map((id) => sites.get(id) ?? id) : [],
        changeable: walkout.status === 'announced' || walkout.status === 'in-progress',
        postponable: walkout.status !== 'called-off',
      },
      participation,
      participationDays: days.map((day) => ({ date: formatLondonDate(day.from), yes: day.yes, no: day.no, unknown: day.unknown, declarationsSent: day.declarationsSent, declarationsAnswered: day.declarationsAnswered })),
      impact: {
        totals: impact.totals,
        keptBy: Object.entries(impact.keptBy).map(([reason, n]) => ({ label: KEPT_BY[reason] ?? impactLabel(reason), count: n })),
        charts: [
          { id: 'by-kind', title: 'By kind of appointment', caption: 'Appointments in the walkout by kind', rows: impactChart(impact.byKind) },
          { id: 'by-urgency', title: 'By urgency', caption: 'Appointments in the walkout by referral urgency', rows: impactChart(impact.byUrgency) },
          { id: 'by-priority', title: 'By surgical priority', caption: 'Appointments in the walkout by surgical priority', rows: impactChart(impact.byPriority) },
        ],
      },
      run: run ? runView(run) : null,
    };
  }

  async latestRunView(trustId: string, walkoutId: string): Promise<RunView | null> {
    const run = await this.latestRun(trustId, walkoutId);
    return run ? runView(run) : null;
  }

  walkout(trustId: string, walkoutId: string) {
    return this.walkouts.get(trustId, walkoutId);
  }

  callOff(trustId: string, walkoutId: string, reason: string) {
    return this.walkouts.callOff(trustId, walkoutId, reason);
  }

  /** The dry run: what confirming would do, nothing written. */
  preview(trustId: string, walkoutId: string): Promise<PostponementResult> {
    return this.postponements.postpone(trustId, walkoutId, { dryRun: true, keepAppointmentIds: [] });
  }

  /** Running it twice changes nothing the second time (the service's own guarantee). */
  postpone(trustId: string, walkoutId: string): Promise<PostponementResult> {
    return this.postponements.postpone(trustId, walkoutId, { dryRun: false, keepAppointmentIds: [] });
  }

  startRun(trustId: string, walkoutId: string, options: { sameSiteOnly?: boolean; horizonDays?: number }, userId: string): Promise<string> {
    return this.runs.start(trustId, walkoutId, options, userId);
  }

  sitrep(trustId: string, walkoutId: string): Promise<Sitrep> {
    return this.sitreps.build(trustId, walkoutId);
  }

  recordParticipation(trustId: string, walkoutId: string, rows: ParticipationRow[]) {
    return this.walkouts.recordParticipation(
      trustId,
      walkoutId,
      rows.map((row) => ({ staffNumber: row.staffNumber, intendsToStrike: row.intendsToStrike })),
    );
  }

  /** The booking team's lists, with what they need to phone each patient (trust admins only: the controller's access). */
  async followUp(trustId: string, walkoutId: string, limit = FOLLOW_UP_PAGE_ROWS): Promise<{ unplaced: FollowUpPatient[]; unplacedTotal: number; breaches: FollowUpPatient[]; breachesTotal: number; callRequests: FollowUpPatient[]; callRequestsTotal: number }> {
    const [lists, sites] = await Promise.all([this.runs.followUp(trustId, walkoutId, limit), this.siteNames(trustId)]);
    const contacts = await this.people.patientContacts(trustId, [...lists.unplaced, ...lists.breaches, ...lists.callRequests].map((row) => row.patientId));
    const patient = (row: FollowUpRow): FollowUpPatient => {
      const contact = contacts.get(row.patientId);
      return {
        nhsNumber: contact ? `${contact.nhsNumber.slice(0, 3)} ${contact.nhsNumber.slice(3, 6)} ${contact.nhsNumber.slice(6)}` : '',
        name: contact ? `${contact.givenName} ${contact.familyName}` : '',
        phone: phoneNumber(contact?.mobile),
        email: contact?.email ?? '',
        activity: impactLabel(row.kind),
        priority: row.surgicalPriority ?? impactLabel(row.urgency),
        specialty: impactLabel(row.specialty),
        site: sites.get(row.siteId) ?? '',
        date: formatLondonShortDateTime(row.startsAt),
        daysAfterWalkout: row.daysAfterWalkout === null ? '' : String(row.daysAfterWalkout),
        cancellations: row.cancellationCount,
        status: row.status === 'declined' ? 'Declined the new date' : row.status === 'cancelled' ? 'Postponed, no new date yet' : row.status === 'confirmed' ? 'Confirmed' : 'Offered',
      };
    };
    return {
      unplaced: lists.unplaced.map(patient),
      unplacedTotal: lists.unplacedTotal,
      breaches: lists.breaches.map(patient),
      breachesTotal: lists.breachesTotal,
      callRequests: lists.callRequests.map(patient),
      callRequestsTotal: lists.callRequestsTotal,
    };
  }

  followUpForCsv(trustId: string, walkoutId: string) {
    return this.followUp(trustId, walkoutId, FOLLOW_UP_CSV_ROWS);
  }

  async sites(trustId: string): Promise<{ id: string; name: string }[]> {
    const page = await this.organisations.listSites(trustId, 200);
    return page.items.map((site) => ({ id: site.id, name: site.name }));
  }

  now(): Date {
    return this.clock.now();
  }

  private async siteNames(trustId: string): Promise<Map<string, string>> {
    return new Map((await this.sites(trustId)).map((site) => [site.id, site.name]));
  }

  private async latestRun(trustId: string, walkoutId: string): Promise<RebookingRunRecord | null> {
    const page = await this.runs.list(trustId, { walkoutId, limit: 1 });
    return page.items[0] ?? null;
  }
}

function runView(run: RebookingRunRecord): RunView {
  const finished = run.status === 'succeeded' || run.status === 'failed';
  const figure = (key: string, label: string, value: number | null) => ({ key, label, value: value === null ? '–' : count(value) });
  return {
    id: run.id,
    status: run.status,
    statusTag: RUN_TAGS[run.status] ?? { text: run.status, classes: 'nhsuk-tag--grey' },
    finished,
    progress: run.progress,
    figures: [
      figure('considered', 'Waiting for a new date when the run started', run.considered),
      figure('placed', 'Offered a new date', run.placed),
      figure('within14Days', 'New date within 14 days of the walkout (the target)', run.within14Days),
      figure('breaches28Day', 'New date more than 28 days after the walkout (breaches to report)', run.breaches28Day),
      figure('unplaced', 'No new date found (for the booking team)', run.unplaced),
      figure('alternativesHeld', 'Other dates held for patients to choose from', run.alternativesHeld),
      figure('accepted', 'Answers so far: booked date confirmed', run.answers.accepted),
      figure('choseAlternative', 'Answers so far: another held date chosen', run.answers['chose-alternative']),
      figure('declined', 'Answers so far: every date declined', run.answers.declined),
      figure('askedToBeCalled', 'Answers so far: asked to be called', run.answers['asked-to-be-called']),
      figure('expired', 'No answer before the hold ran out', run.answers.expired),
    ],
    startedAt: formatLondonShortDateTime(run.createdAt),
    failureReason: run.failureReason,
    sameSiteOnly: run.sameSiteOnly,
    horizonDays: run.horizonDays,
  };
}
