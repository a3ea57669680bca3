import { WalkoutReads, WalkoutSpan } from '@app/walkouts';
import { APP_CONFIG, AppConfig, newLinkTokens, UnitOfWork } from '@app/core';
import { NewNotification, NotificationOutbox } from '@app/notifications';
import { walkoutStatus } from '@app/walkouts';
import { Inject, Injectable } from '@nestjs/common';
import { CohortExclusionReason, selectRecallCohort, WideningStage } from '../engine/recall-cohort';
import { aggregateRollCall, RollCall, RollCallCsvRow, toRollCallCsv } from '../engine/roll-call';
import { IncidentRecord, MajorIncidentRepository } from '../incidents/major-incident.repository';
import { assignToNeeds, isNeedFilled, needBoard, NeedBoardRow } from '../engine/fill-count';
import { CarriedRecall, EscalationRecallRow, RecallCandidate, RecallReasonRef, RecallRepository, RollCallRecord } from './recall.repository';
import { countExclusions, toRollCallStatus } from '../engine/recall-rules';

export type RecallWording = 'major-incident' | 'derogation';

export interface CohortOutcome {
  /** People added to the cohort (messaged, or carried without a message). */
  recalled: number;
  /** Of those, carried: recalled for another incident in the last minutes, that recall still standing, so not messaged again. */
  coalesced: number;
  /** No walkout of the trust is running at the incident's sites: nobody is on strike. */
  blocked: 'NO_WALKOUT_IN_PROGRESS' | null;
  walkoutIds: string[];
  excluded: Partial<Record<CohortExclusionReason, number>>;
  /** Fill count: people asked for each need (need id → count). */
  byNeed?: Record<string, number>;
}

export interface RecallPerson {
  staffId: string;
  givenName: string;
  walkoutId: string;
  /** Fill count: the need they are asked for. */
  needId?: string | null;
}

export interface RecallMessageContext {
  wording: RecallWording;
  trustName: string;
  /** Where to report; at least one. */
  sites: string[];
  /** A drill: every message says so at its start. */
  exercise?: boolean;
}

export interface RollCallReport {
  counts: RollCall;
  /** A drill's roll-call: reported apart, never in live figures. */
  drill: boolean;
  /** Fill count: each need with wanted, attending and the first and last expected arrivals. */
  needs: NeedBoardRow[];
  /** Per person, for the CSV. */
  rows: RollCallCsvRow[];
  csv(): string;
}

/**
 * The recall machinery shared by incidents (declare, escalation) and derogations: recall rows with a
 * fresh link each, and their messages through the outbox, all inside the caller's transaction.
 */
@Injectable()
export class RecallService {
  constructor(
    private readonly walkouts: WalkoutReads,
    private readonly recalls: RecallRepository,
    private readonly incidents: MajorIncidentRepository,
    private readonly outbox: NotificationOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Recalls everyone the engine selects at `stage` who is not recalled yet, from every walkout running at the incident's sites. */
  async recallForIncident(tx: UnitOfWork, incident: IncidentRecord, stage: WideningStage, round: number, now: Date): Promise<CohortOutcome> {
    const trustId = incident.trustId;
    const reason: RecallReasonRef = { kind: 'incident', id: incident.id };
    const walkouts = await this.walkouts.inProgressAtSites(tx, trustId, incident.siteIds, now);
    if (!walkouts.length) return { recalled: 0, coalesced: 0, blocked: 'NO_WALKOUT_IN_PROGRESS', walkoutIds: [], excluded: {} };

    if (incident.needs.length) return this.recallForNeeds(tx, incident, walkouts, stage, round, now);
    const already = new Set(await this.recalls.recalledStaffIds(tx, trustId, reason));
    const chosen: RecallPerson[] = [];
    const exclusions = new Map<string, CohortExclusionReason>();
    // Two walkouts can run at once (e.g. two staff groups); each person is recalled once, from the first that has them.
    for (const walkout of walkouts) {
      const { result, byId } = await this.cohortAtWalkout(tx, incident, walkout, stage, now, already);
      for (const id of result.cohort) {
        already.add(id);
        exclusions.delete(id);
        chosen.push(person(byId.get(id)!, walkout.id));
      }
      noteExclusions(exclusions, result.excluded);
    }

    // A drill's messages are an exercise's: never coalesced with a live recall, either way.
    const carried = incident.drill ? [] : await this.coalesce(tx, incident, chosen);
    const carriedIds = new Set(carried.map((c) => c.staffId));
    const coalesced = await this.recalls.insertCarriedRecalls(tx, trustId, incident.id, carried, round, stage);
    const labels = await this.recalls.labels(tx, trustId, incident.siteIds);
    const messaged = await this.issue(
      tx,
      trustId,
      reason,
      chosen.filter((p) => !carriedIds.has(p.staffId)),
      { round, stage },
      { wording: 'major-incident', trustName: labels.trustName, sites: labels.siteNames, exercise: incident.drill },
    );
    return { recalled: messaged + coalesced, coalesced, blocked: null, walkoutIds: walkouts.map((w) => w.id), excluded: countExclusions(exclusions.values()) };
  }

  /**
   * Recall by fill count: the cohort rules clear who may be recalled at all (striking, reachable, not
   * declared working — selectRecallCohort at the widest stage), then each unfilled need takes the people
   * of its group at its own stage (assignToNeeds). Never coalesced: a need counts its own answers.
   */
  private async recallForNeeds(tx: UnitOfWork, incident: IncidentRecord, walkouts: WalkoutSpan[], stage: WideningStage, round: number, now: Date): Promise<CohortOutcome> {
    const trustId = incident.trustId;
    const reason: RecallReasonRef = { kind: 'incident', id: incident.id };
    const already = new Set(await this.recalls.recalledStaffIds(tx, trustId, reason));
    const chosen: RecallPerson[] = [];
    const exclusions = new Map<string, CohortExclusionReason>();
    for (const walkout of walkouts) {
      // The cohort rules at the widest stage: each need then takes its own group (assignToNeeds).
      const { result, byId } = await this.cohortAtWalkout(tx, incident, walkout, 2, now, already);
      const assigned = assignToNeeds(result.cohort.map((id) => byId.get(id)!), incident.needs, incident.siteIds, already);
      const needOf = new Map(assigned.map((a) => [a.staffId, a.needId]));
      for (const id of result.cohort) {
        if (!needOf.has(id)) {
          if (!exclusions.has(id)) exclusions.set(id, 'OUTSIDE_SCOPE');
          continue;
        }
        already.add(id);
        exclusions.delete(id);
        chosen.push({ ...person(byId.get(id)!, walkout.id), needId: needOf.get(id)! });
      }
      noteExclusions(exclusions, result.excluded);
    }
    const labels = await this.recalls.labels(tx, trustId, incident.siteIds);
    const messaged = await this.issue(tx, trustId, reason, chosen, { round, stage }, { wording: 'major-incident', trustName: labels.trustName, sites: labels.siteNames, exercise: incident.drill });
    const byNeed: Record<string, number> = Object.fromEntries(incident.needs.map((n) => [n.id, 0]));
    for (const p of chosen) byNeed[p.needId!] += 1;
    return { recalled: messaged, coalesced: 0, blocked: null, walkoutIds: walkouts.map((w) => w.id), excluded: countExclusions(exclusions.values()), byNeed };
  }

  /** Who of one running walkout's staff the cohort rules select at `stage` (candidates by id, for the caller). */
  private async cohortAtWalkout(tx: UnitOfWork, incident: IncidentRecord, walkout: WalkoutSpan, stage: WideningStage, now: Date, already: ReadonlySet<string>) {
    const candidates = await this.recalls.cohortCandidates(tx, incident.trustId, walkout.id, walkout.staffGroups);
    const result = selectRecallCohort({
      walkout: { status: walkoutStatus(walkout, now), staffGroups: walkout.staffGroups, siteIds: walkout.siteIds.length ? walkout.siteIds : null },
      incident: { siteIds: incident.siteIds, departmentIds: incident.departmentIds },
      staff: candidates,
      participation: new Map(candidates.map((c) => [c.id, c.participation ?? 'unknown'])),
      wideningStage: stage,
      alreadyRecalledIds: already,
    });
    return { result, byId: new Map(candidates.map((c) => [c.id, c])) };
  }

  /**
   * When an answer makes a need's number, in the answer's transaction (the need row locked first, so
   * two answers for the last place count one after the other): the need is filled once; its group's
   * unsent recalls and reminders are withdrawn; whoever of them was messaged and has not answered is
   * told "enough colleagues are coming in; please stand by" — once (dedupe key per recall row).
   */
  async fillNeed(tx: UnitOfWork, trustId: string, needId: string, now: Date): Promise<{ filled: boolean; toldToStandBy: number; withdrawn: number; incidentId: string | null }> {
    const need = await this.incidents.needState(tx, trustId, needId);
    if (!need || need.filledAt !== null || !isNeedFilled(need, need.attending)) return { filled: false, toldToStandBy: 0, withdrawn: 0, incidentId: need?.incidentId ?? null };
    if (!(await this.incidents.markNeedFilled(tx, trustId, needId, now))) return { filled: false, toldToStandBy: 0, withdrawn: 0, incidentId: need.incidentId };
    const incident = (await this.incidents.reload(tx, trustId, need.incidentId))!;
    const waiting = await this.recalls.unansweredOfNeed(tx, trustId, needId);
    const withdrawn = waiting.length
      ? (await this.outbox.cancelUnsent(tx, trustId, { subjectId: incident.id, staffIds: waiting.map((w) => w.staffId), purposes: ['recall', 'recall-reminder'] })).length
      : 0;
    // Those whose first message was just withdrawn never heard of the recall: nothing to tell them.
    const targets = await this.recalls.messagedUnansweredOfNeed(tx, trustId, needId);
    const message = await this.incidentMessage(tx, incident);
    const toldToStandBy = await this.outbox.createMany(
      tx,
      targets.map(
        (target): NewNotification => ({
          trustId,
          recipient: { type: 'staff', staffId: target.staffId },
          purpose: 'recall-stand-down',
          personalisation: { givenName: target.givenName, trustName: message.trustName, sites: message.sites, reason: message.wording, standBy: true, ...(incident.drill ? { exercise: true } : {}) },
          walkoutId: target.walkoutId,
          subjectId: incident.id,
          source: { type: 'recall', id: target.recallId },
          dedupeKey: `recall-stand-by-${target.recallId}`,
        }),
      ),
    );
    return { filled: true, toldToStandBy, withdrawn, incidentId: incident.id };
  }

  /**
   * Who of `people` need no second recall message: recalled for another incident of the trust within the
   * coalescing window, for every site of this one, and that recall still stands — an incident it counts
   * for is still declared, or no stand-down has reached them. Someone who was told to stand down is
   * always recalled afresh.
   */
  private async coalesce(tx: UnitOfWork, incident: IncidentRecord, people: RecallPerson[]): Promise<CarriedRecall[]> {
    const standing = await this.recalls.standingRecalls(
      tx,
      incident.trustId,
      incident.id,
      incident.siteIds,
      people.map((p) => p.staffId),
      this.config.messaging.recallCoalesceMinutes,
    );
    // Stand-downs not yet handed to Notify are withdrawn: they are needed again, so never told "stand
    // down" and then nothing. Only those actually withdrawn (not caught mid-send) count as not told.
    const withdrawable = standing.filter((s) => !s.open && !s.told && s.unsentStandDownIncidentIds.length);
    const withdrawn = withdrawable.length
      ? await this.outbox.cancelUnsent(tx, incident.trustId, {
          subjectIds: [...new Set(withdrawable.flatMap((s) => s.unsentStandDownIncidentIds))],
          staffIds: withdrawable.map((s) => s.staffId),
          purposes: ['recall-stand-down'],
        })
      : [];
    const withdrawnFor = new Set(withdrawn.map((message) => `${message.subjectId}/${message.staffId}`));
    const walkoutOf = new Map(people.map((p) => [p.staffId, p.walkoutId]));
    return standing
      .filter((s) => s.open || (!s.told && s.unsentStandDownIncidentIds.every((id) => withdrawnFor.has(`${id}/${s.staffId}`))))
      .map((s) => ({ staffId: s.staffId, walkoutId: walkoutOf.get(s.staffId)!, rootRecallId: s.rootRecallId, attending: s.attending, etaMinutes: s.etaMinutes, respondedAt: s.respondedAt }));
  }

  /**
   * Recall rows (one statement), a link per row (hash stored, token only in the message) and the
   * 'recall' messages (one statement), in the caller's transaction. People already recalled for this
   * reason are skipped by the database, so a retry recalls nobody twice.
   */
  async issue(tx: UnitOfWork, trustId: string, reason: RecallReasonRef, people: RecallPerson[], at: { round: number; stage: WideningStage | null }, message: RecallMessageContext): Promise<number> {
    if (!people.length) return 0;
    // One call to the random source for the whole cohort (one each cost 20 ms of a 2,000-person declaration).
    const fresh = newLinkTokens(people.length);
    const tokens = new Map(people.map((p, index) => [p.staffId, fresh[index]]));
    const rows = await this.recalls.insertRecalls(
      tx,
      trustId,
      reason,
      people.map((p) => ({ staffId: p.staffId, walkoutId: p.walkoutId, needId: p.needId ?? null, tokenHash: tokens.get(p.staffId)!.hash })),
      at.round,
      at.stage,
    );
    const byStaff = new Map(people.map((p) => [p.staffId, p]));
    await this.outbox.createMany(
      tx,
      rows.map((row): NewNotification => {
        const person = byStaff.get(row.staffId)!;
        return {
          trustId,
          recipient: { type: 'staff', staffId: person.staffId },
          purpose: 'recall',
          personalisation: { givenName: person.givenName, trustName: message.trustName, sites: message.sites, linkToken: tokens.get(person.staffId)!.token, reason: message.wording, ...exercise(message) },
          walkoutId: person.walkoutId,
          subjectId: reason.id,
          source: { type: 'recall', id: row.id },
          dedupeKey: `recall-${row.id}`,
        };
      }),
    );
    return rows.length;
  }

  /** One reminder each, with a new link (the first still works), marked with the round so a rerun skips them. */
  async remind(tx: UnitOfWork, trustId: string, reason: RecallReasonRef, people: EscalationRecallRow[], round: number, message: RecallMessageContext): Promise<number> {
    if (!people.length) return 0;
    const fresh = newLinkTokens(people.length);
    const links = people.map((row, index) => ({ recallId: row.id, row, ...fresh[index] }));
    await this.recalls.insertLinks(tx, trustId, links, 'recall-reminder');
    const created = await this.outbox.createMany(
      tx,
      links.map(
        (link): NewNotification => ({
          trustId,
          recipient: { type: 'staff', staffId: link.row.staffId },
          purpose: 'recall-reminder',
          personalisation: { givenName: link.row.givenName, trustName: message.trustName, sites: message.sites, linkToken: link.token, reason: message.wording, ...exercise(message) },
          walkoutId: link.row.walkoutId,
          subjectId: reason.id,
          source: { type: 'recall', id: link.recallId },
          dedupeKey: `recall-reminder-${link.recallId}-${round}`,
        }),
      ),
    );
    await this.recalls.markReminded(
      tx,
      trustId,
      people.map((p) => p.id),
      round,
    );
    return created;
  }

  /**
   * Ends a recall: withdraws every recall and reminder message not yet handed to the provider, then
   * tells everyone whose recall did go out (answered or not) that they are no longer needed. Someone
   * whose first message was withdrawn never heard of the recall, so is not told it has ended.
   */
  async standDown(tx: UnitOfWork, trustId: string, reason: RecallReasonRef, message: RecallMessageContext): Promise<{ told: number; withdrawn: number }> {
    // A recall message that another declared incident relies on (carried there) must still go.
    const stillNeeded = await this.recalls.stillNeededStaffIds(tx, trustId, reason);
    const withdrawn = (await this.outbox.cancelUnsent(tx, trustId, { subjectId: reason.id, purposes: ['recall', 'recall-reminder'], exceptStaffIds: stillNeeded })).length;
    const targets = await this.recalls.messageTargetsForStandDown(tx, trustId, reason);
    const told = await this.outbox.createMany(
      tx,
      targets.map(
        (target): NewNotification => ({
          trustId,
          recipient: { type: 'staff', staffId: target.staffId },
          purpose: 'recall-stand-down',
          personalisation: { givenName: target.givenName, trustName: message.trustName, sites: message.sites, reason: message.wording, ...exercise(message) },
          walkoutId: target.walkoutId,
          subjectId: reason.id,
          source: { type: 'recall', id: target.recallId },
          dedupeKey: `recall-stand-down-${target.recallId}`,
          // Held a moment: if a new incident needs them straight away, it withdraws this and sends nothing.
          holdForSeconds: this.config.messaging.standDownHoldSeconds,
        }),
      ),
    );
    return { told, withdrawn };
  }

  /** Counts for the control room (aggregateRollCall) and the per-person rows for the CSV. */
  async rollCall(trustId: string, reason: RecallReasonRef): Promise<RollCallReport> {
    const records = await this.recalls.rollCall(trustId, reason);
    const rows = records.map(toRollCallRow);
    const incident = reason.kind === 'incident' ? await this.incidents.findById(trustId, reason.id) : null;
    const needs = incident?.needs.length
      ? needBoard(
          incident.needs,
          records.map((r) => ({ needId: r.needId, attending: r.attending, etaMinutes: r.etaMinutes, respondedAt: r.respondedAt })),
        )
      : [];
    return { counts: aggregateRollCall(rows), drill: incident?.drill ?? false, needs, rows, csv: () => toRollCallCsv(rows) };
  }

  /** Trust and site names for an incident's messages. */
  async incidentMessage(tx: UnitOfWork, incident: IncidentRecord): Promise<RecallMessageContext> {
    const labels = await this.recalls.labels(tx, incident.trustId, incident.siteIds);
    return { wording: 'major-incident', trustName: labels.trustName, sites: labels.siteNames, exercise: incident.drill };
  }
}

/** Only a drill's messages carry the flag, so live personalisation stays as it was. */
function exercise(message: RecallMessageContext): { exercise?: true } {
  return message.exercise ? { exercise: true } : {};
}

function person(candidate: RecallCandidate, walkoutId: string): RecallPerson {
  return { staffId: candidate.id, givenName: candidate.givenName, walkoutId };
}

function toRollCallRow(record: RollCallRecord): RollCallCsvRow {
  return {
    id: record.id,
    staffNumber: record.staffNumber,
    name: record.name,
    grade: record.grade,
    carriedFromIncidentId: record.carriedFromIncidentId,
    siteId: record.siteId,
    siteName: record.siteName,
    departmentId: record.departmentId,
    departmentName: record.departmentName,
    notificationStatus: toRollCallStatus(record.notificationStatus),
    response: record.attending === null ? null : { attending: record.attending, etaMinutes: record.etaMinutes, at: record.respondedAt! },
  };
}

/** The first reason each person was left out, across walkouts (already recalled is not a reason to report). */
function noteExclusions(exclusions: Map<string, CohortExclusionReason>, excluded: readonly { id: string; reason: CohortExclusionReason }[]): void {
  for (const exclusion of excluded) {
    if (exclusion.reason !== 'ALREADY_RECALLED' && !exclusions.has(exclusion.id)) exclusions.set(exclusion.id, exclusion.reason);
  }
}
