import { PlaceReads } from '@app/organisations';
import { WalkoutReads, WalkoutSpan } from '@app/walkouts';
import { Transactions, UnitOfWork } from '@app/core';
import { walkoutStatus } from '@app/walkouts';
import { Injectable } from '@nestjs/common';
import { recallPermission, RecallPermission } from '../engine/derogation';
import { selectRecallCohort } from '../engine/recall-cohort';
import { AuditActor, IncidentAuditRepository } from '../incidents/incident-audit.repository';
import { DerogationRecord, DerogationRepository } from './derogation.repository';
import { RecallCandidate, RecallReasonRef, RecallRepository } from '../recall/recall.repository';
import { RecallMessageContext, RecallPerson, RecallService } from '../recall/recall.service';

export type DerogationRecallOutcome =
  | { status: 'started'; recalled: number; flagged: boolean }
  | { status: 'deferred'; until: Date; flagged: boolean }
  | { status: 'not-started'; reason: 'NOT_PERMITTED' | 'ALREADY_STARTED' | 'WALKOUT_NOT_IN_PROGRESS'; permission: RecallPermission['reason'] };

/**
 * Recalling for a derogation, through the same machinery as an incident. Who: exactly the named staff,
 * or `count` striking staff of the department (the engine's stage-0 cohort, by staff number). When:
 * as soon as the engine's recallPermission allows it and the walkout is running; before the walkout
 * starts the recall is deferred to its start (a delayed job), after it has ended nobody is recalled.
 */
@Injectable()
export class DerogationRecallService {
  constructor(
    private readonly places: PlaceReads,
    private readonly walkouts: WalkoutReads,
    private readonly transactions: Transactions,
    private readonly derogations: DerogationRepository,
    private readonly recalls: RecallRepository,
    private readonly audit: IncidentAuditRepository,
    private readonly recall: RecallService,
  ) {}

  async start(tx: UnitOfWork, derogation: DerogationRecord, now: Date, actor: AuditActor): Promise<DerogationRecallOutcome> {
    const subject: RecallReasonRef = { kind: 'derogation', id: derogation.id };
    const permission = recallPermission(derogation, now);
    if (!permission.mayRecall) return { status: 'not-started', reason: 'NOT_PERMITTED', permission: permission.reason };
    if (derogation.recallStartedAt || derogation.recallEndedAt) return { status: 'not-started', reason: 'ALREADY_STARTED', permission: permission.reason };

    const walkout = (await this.walkouts.windowOf(tx, derogation.trustId, derogation.walkoutId))!;
    const status = walkoutStatus(walkout, now);
    if (status === 'announced') {
      await this.audit.append(tx, derogation.trustId, [
        { subject, at: now, actor, action: 'recall-deferred', details: { until: walkout.startsAt.toISOString(), flagged: permission.flagged, permission: permission.reason } },
      ]);
      return { status: 'deferred', until: walkout.startsAt, flagged: permission.flagged };
    }
    if (status !== 'in-progress') {
      await this.audit.append(tx, derogation.trustId, [{ subject, at: now, actor, action: 'recall-not-started', details: { reason: 'WALKOUT_NOT_IN_PROGRESS', walkoutStatus: status } }]);
      return { status: 'not-started', reason: 'WALKOUT_NOT_IN_PROGRESS', permission: permission.reason };
    }
    if (!(await this.derogations.markRecallStarted(tx, derogation.trustId, derogation.id, now))) {
      return { status: 'not-started', reason: 'ALREADY_STARTED', permission: permission.reason };
    }

    const candidates = await this.people(tx, derogation, walkout);
    const people: RecallPerson[] = candidates.map((c) => ({ staffId: c.id, givenName: c.givenName, walkoutId: walkout.id }));
    const message = await this.message(tx, derogation, candidates);
    const recalled = await this.recall.issue(tx, derogation.trustId, subject, people, { round: 0, stage: null }, message);
    await this.audit.append(tx, derogation.trustId, [
      {
        subject,
        at: now,
        actor,
        action: 'recall-started',
        details: {
          recalled,
          requested: derogation.targetKind === 'department' ? derogation.requestedCount : derogation.staffIds.length,
          walkoutIds: [walkout.id],
          failsafe: derogation.failsafe,
          // A failsafe recall goes out before (or without) an approval: flagged for whoever reviews the log.
          flagged: permission.flagged,
          permission: permission.reason,
        },
      },
    ]);
    return { status: 'started', recalled, flagged: permission.flagged };
  }

  /**
   * The delayed job at the walkout's start. A job that runs a little early (clocks differ) throws, so
   * BullMQ retries it shortly, rather than deferring again.
   */
  async startFromJob(trustId: string, derogationId: string, now: Date): Promise<DerogationRecallOutcome | null> {
    return this.transactions.run(async (tx) => {
      const derogation = await this.derogations.lockById(tx, trustId, derogationId);
      if (!derogation) return null;
      const walkout = await this.walkouts.windowOf(tx, trustId, derogation.walkoutId);
      if (walkout && walkoutStatus(walkout, now) === 'announced') throw new Error('The walkout has not started yet; retrying');
      return this.start(tx, derogation, now, { type: 'system' });
    });
  }

  async standDown(tx: UnitOfWork, derogation: DerogationRecord, now: Date, actor: AuditActor, cause: string): Promise<{ told: number; withdrawn: number } | null> {
    if (!(await this.derogations.markRecallEnded(tx, derogation.trustId, derogation.id, now))) return null;
    const subject: RecallReasonRef = { kind: 'derogation', id: derogation.id };
    const walkout = (await this.walkouts.windowOf(tx, derogation.trustId, derogation.walkoutId))!;
    const named = derogation.targetKind === 'staff' ? await this.recalls.staffByIds(tx, derogation.trustId, walkout.id, derogation.staffIds) : [];
    const result = await this.recall.standDown(tx, derogation.trustId, subject, await this.message(tx, derogation, named));
    await this.audit.append(tx, derogation.trustId, [{ subject, at: now, actor, action: 'recall-stood-down', details: { ...result, by: cause } }]);
    return result;
  }

  /** The named staff as the recall sees them (grade, staff number), for the check that they are on strike. */
  namedStaff(tx: UnitOfWork, trustId: string, walkoutId: string, staffIds: string[]): Promise<RecallCandidate[]> {
    return this.recalls.staffByIds(tx, trustId, walkoutId, staffIds);
  }

  private async people(tx: UnitOfWork, derogation: DerogationRecord, walkout: WalkoutSpan): Promise<RecallCandidate[]> {
    if (derogation.targetKind === 'staff') return this.recalls.staffByIds(tx, derogation.trustId, walkout.id, derogation.staffIds);
    const siteId = (await this.places.siteOfDepartment(tx, derogation.trustId, derogation.departmentId!))!;
    const candidates = await this.recalls.cohortCandidates(tx, derogation.trustId, walkout.id, walkout.staffGroups);
    const result = selectRecallCohort({
      walkout: { status: 'in-progress', staffGroups: walkout.staffGroups, siteIds: walkout.siteIds.length ? walkout.siteIds : null },
      incident: { siteIds: [siteId], departmentIds: [derogation.departmentId!] },
      staff: candidates,
      participation: new Map(candidates.map((c) => [c.id, c.participation ?? 'unknown'])),
      wideningStage: 0,
    });
    const chosen = new Set(result.cohort.slice(0, derogation.requestedCount ?? 0));
    return candidates.filter((c) => chosen.has(c.id));
  }

  /** Where to report: the department's site, or the named staff's sites; failing those the walkout's, then the trust's. */
  private async message(tx: UnitOfWork, derogation: DerogationRecord, named: RecallCandidate[]): Promise<RecallMessageContext> {
    let siteIds: string[] = [];
    if (derogation.departmentId) siteIds = [(await this.places.siteOfDepartment(tx, derogation.trustId, derogation.departmentId))!];
    else siteIds = [...new Set(named.flatMap((c) => (c.siteId ? [c.siteId] : [])))];
    if (!siteIds.length) siteIds = (await this.walkouts.windowOf(tx, derogation.trustId, derogation.walkoutId))?.siteIds ?? [];
    if (!siteIds.length) siteIds = await this.recalls.siteIdsOfTrust(tx, derogation.trustId);
    const labels = await this.recalls.labels(tx, derogation.trustId, siteIds);
    return { wording: 'derogation', trustName: labels.trustName, sites: labels.siteNames.length ? labels.siteNames : ['your usual place of work'] };
  }
}
