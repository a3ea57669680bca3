import { AuthUser, Clock, CommonError, decodeCursor, DEFAULT_PAGE_SIZE, ErrorDetail, Page, toPage, Transactions, UnitOfWork } from '@app/core';
import { OrganisationService, PlaceReads, STAFF_GRADES } from '@app/organisations';
import { Injectable, Logger } from '@nestjs/common';
import { allowedActions, applyTransition, IncidentAction, IncidentLevel, IncidentState, IncidentTransitionResult, triggersRecall } from '../engine/incident-state';
import { CohortExclusionReason } from '../engine/recall-cohort';
import { AuditAction, AuditRecord, IncidentAuditRepository } from './incident-audit.repository';
import { IncidentRecord, MajorIncidentRepository, Methane } from './major-incident.repository';
import { RecallError, RecallErrorCode } from '../recall.errors';
import { RecallReasonRef } from '../recall/recall.repository';
import { defaultAttendingTarget } from '../engine/recall-rules';
import { validateNeeds } from '../engine/fill-count';
import { RecallScheduler } from '../recall/recall-scheduler';
import { RecallService, RollCallReport } from '../recall/recall.service';

export const DEFAULT_ESCALATE_AFTER_SECONDS = 900;
export const DEFAULT_MAX_ESCALATION_ROUNDS = 3;

export interface CreateIncidentCommand {
  level: IncidentLevel;
  state: 'standby' | 'declared';
  siteIds: string[];
  departmentIds: string[];
  description: string;
  methane: Methane | null;
  attendingTarget: number | null;
  escalateAfterSeconds: number | null;
  maxEscalationRounds: number | null;
  /** Fill count: checked by the engine's validateNeeds (fields named `needs[i].…`). */
  needs?: unknown;
  drill?: boolean;
}

export type RecallStartReason = 'NO_WALKOUT_IN_PROGRESS' | 'COHORT_EMPTY' | 'NOT_A_MAJOR_INCIDENT' | 'NOT_DECLARED';

/** What declaring did about recall: who was asked, or why nobody was. */
export interface RecallStart {
  status: 'started' | 'cohort-empty' | 'not-applicable';
  cohortSize: number;
  /** Of cohortSize, carried from a recent recall still standing: no second message. */
  coalesced: number;
  reason: RecallStartReason | null;
  message: string;
  walkoutIds: string[];
  excluded: Partial<Record<CohortExclusionReason, number>>;
  attendingTarget: number | null;
  firstEscalationCheckAt: Date | null;
}

export interface IncidentView extends IncidentRecord {
  allowedActions: IncidentAction[];
}

export interface IncidentChange {
  incident: IncidentView;
  recall: RecallStart | null;
  standDown: { told: number; withdrawn: number } | null;
}

interface AfterCommit {
  escalation: { round: number; delayMs: number } | null;
}

@Injectable()
export class MajorIncidentService {
  private readonly logger = new Logger('MajorIncidents');

  constructor(
    private readonly places: PlaceReads,
    private readonly transactions: Transactions,
    private readonly incidents: MajorIncidentRepository,
    private readonly audit: IncidentAuditRepository,
    private readonly recall: RecallService,
    private readonly scheduler: RecallScheduler,
    private readonly organisations: OrganisationService,
    private readonly clock: Clock,
  ) {}

  async create(trustId: string, command: CreateIncidentCommand, user: AuthUser): Promise<IncidentChange> {
    await this.organisations.getTrust(trustId);
    await this.checkPlaces(trustId, command.siteIds, command.departmentIds);
    const needs = validateNeeds(command.needs, command.siteIds, STAFF_GRADES);
    if (!needs.ok) throw CommonError.validation(needs.details);
    // One measure of "enough": the needs' numbers, or one attending target.
    if (needs.value.length && command.attendingTarget !== null) throw CommonError.validation([{ field: 'attendingTarget', message: 'give either attendingTarget or needs, not both' }]);
    const now = this.clock.now();
    const actor = { type: 'user' as const, userId: user.id };

    const { id, recall, after } = await this.transactions.run(async (tx) => {
      const incidentId = await this.incidents.insert(tx, {
        trustId,
        level: command.level,
        state: command.state,
        description: command.description,
        methane: command.methane,
        siteIds: command.siteIds,
        departmentIds: command.departmentIds,
        attendingTarget: command.attendingTarget,
        escalateAfterSeconds: command.escalateAfterSeconds ?? DEFAULT_ESCALATE_AFTER_SECONDS,
        maxEscalationRounds: command.maxEscalationRounds ?? DEFAULT_MAX_ESCALATION_ROUNDS,
        drill: command.drill ?? false,
        needs: needs.value,
        createdBy: user.id,
        now,
      });
      const subject: RecallReasonRef = { kind: 'incident', id: incidentId };
      await this.audit.append(tx, trustId, [
        {
          subject,
          at: now,
          actor,
          action: 'incident-created',
          details: {
            level: command.level,
            state: command.state,
            siteIds: command.siteIds,
            departmentIds: command.departmentIds,
            attendingTarget: command.attendingTarget,
            escalateAfterSeconds: command.escalateAfterSeconds ?? DEFAULT_ESCALATE_AFTER_SECONDS,
            maxEscalationRounds: command.maxEscalationRounds ?? DEFAULT_MAX_ESCALATION_ROUNDS,
            methane: command.methane !== null,
            drill: command.drill ?? false,
            needs: needs.value.map((n) => ({ grade: n.grade, specialty: n.specialty, count: n.count, siteId: n.siteId })),
          },
        },
        ...(command.state === 'declared' ? [{ subject, at: now, actor, action: 'incident-declared' as const, details: { from: null, to: 'declared' } }] : []),
      ]);
      const incident = (await this.incidents.reload(tx, trustId, incidentId))!;
      const started = command.state === 'declared' ? await this.startRecall(tx, incident, now, actor) : { recall: notApplicable('NOT_DECLARED'), after: { escalation: null } };
      return { id: incidentId, ...started };
    });

    await this.afterCommit(trustId, id, after);
    this.logger.log({ msg: 'major incident recorded', trustId, incidentId: id, level: command.level, state: command.state, recalled: recall.cohortSize, recallStatus: recall.status });
    return { incident: await this.get(trustId, id), recall, standDown: null };
  }

  async get(trustId: string, incidentId: string): Promise<IncidentView> {
    const incident = await this.incidents.findById(trustId, incidentId);
    if (!incident) throw notFound();
    return view(incident);
  }

  async list(trustId: string, query: { state?: IncidentState; drill?: boolean; limit?: number; cursor?: string }): Promise<Page<IncidentView>> {
    await this.organisations.getTrust(trustId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.incidents.list(trustId, { state: query.state, drill: query.drill ?? false, after: after ? [String(after[0]), String(after[1])] : null, limit: limit + 1 });
    return toPage(rows, limit, (i) => [i.createdAt.toISOString(), i.id], view);
  }

  /** Every trust's open incidents (standby or declared): the national view. */
  async openAcrossTrusts(): Promise<IncidentView[]> {
    return (await this.incidents.listOpenAcrossTrusts()).map(view);
  }

  declare(trustId: string, incidentId: string, user: AuthUser): Promise<IncidentChange> {
    return this.transition(trustId, incidentId, 'declare', user);
  }

  standDown(trustId: string, incidentId: string, user: AuthUser): Promise<IncidentChange> {
    return this.transition(trustId, incidentId, 'stand-down', user);
  }

  cancel(trustId: string, incidentId: string, user: AuthUser): Promise<IncidentChange> {
    return this.transition(trustId, incidentId, 'cancel', user);
  }

  async auditLog(trustId: string, incidentId: string, query: { limit?: number; cursor?: string }): Promise<Page<AuditRecord>> {
    await this.get(trustId, incidentId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 1);
    if (after && !/^\d{1,18}$/.test(String(after[0]))) throw CommonError.validation([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
    const rows = await this.audit.list(trustId, { kind: 'incident', id: incidentId }, after ? String(after[0]) : null, limit + 1);
    return toPage(rows, limit, (r) => [r.id], (r) => r);
  }

  async rollCall(trustId: string, incidentId: string): Promise<RollCallReport> {
    await this.get(trustId, incidentId);
    return this.recall.rollCall(trustId, { kind: 'incident', id: incidentId });
  }

  private async transition(trustId: string, incidentId: string, action: IncidentAction, user: AuthUser): Promise<IncidentChange> {
    const incident = await this.get(trustId, incidentId);
    const result = applyTransition(incident.state, action);
    if (!result.ok) throw illegal(result);
    const now = this.clock.now();
    const actor = { type: 'user' as const, userId: user.id };
    const subject: RecallReasonRef = { kind: 'incident', id: incidentId };

    const outcome = await this.transactions.run(async (tx) => {
      if (!(await this.incidents.transition(tx, trustId, incidentId, { from: result.from, to: result.to, at: now, by: user.id }))) return null;
      await this.audit.append(tx, trustId, [{ subject, at: now, actor, action: `incident-${result.to}` as AuditAction, details: { from: result.from, to: result.to } }]);
      let recall: RecallStart | null = null;
      let after: AfterCommit = { escalation: null };
      if (action === 'declare') {
        if (triggersRecall(incident.level, 'declared')) ({ recall, after } = await this.startRecall(tx, (await this.incidents.reload(tx, trustId, incidentId))!, now, actor));
        else recall = notApplicable('NOT_A_MAJOR_INCIDENT');
      }
      let standDown: { told: number; withdrawn: number } | null = null;
      // Only a declared major incident can have recalled anyone (cancelling from standby has nobody to tell).
      if (result.endsRecall && result.from === 'declared' && incident.level === 'major') {
        standDown = await this.recall.standDown(tx, trustId, subject, await this.recall.incidentMessage(tx, incident));
        await this.audit.append(tx, trustId, [{ subject, at: now, actor, action: 'recall-stood-down', details: { told: standDown.told, withdrawn: standDown.withdrawn, by: action } }]);
      }
      return { recall, standDown, after };
    });
    if (!outcome) {
      // Changed by someone else between our read and our update: report the state it is in now.
      const current = await this.get(trustId, incidentId);
      throw illegal(applyTransition(current.state, action));
    }

    await this.afterCommit(trustId, incidentId, outcome.after);
    if (result.endsRecall) {
      const rounds = Array.from({ length: incident.maxEscalationRounds + 1 }, (_, round) => round).filter((round) => round >= incident.lastCompletedRound);
      await this.scheduler.cancelEscalation(incidentId, rounds);
    }
    this.logger.log({ msg: `major incident ${result.to}`, trustId, incidentId, from: result.from, recalled: outcome.recall?.cohortSize, told: outcome.standDown?.told });
    return { incident: await this.get(trustId, incidentId), recall: outcome.recall, standDown: outcome.standDown };
  }

  /** The first recall of a declared major incident, in the declaring transaction. */
  private async startRecall(tx: UnitOfWork, incident: IncidentRecord, now: Date, actor: { type: 'user'; userId: string }): Promise<{ recall: RecallStart; after: AfterCommit }> {
    const subject: RecallReasonRef = { kind: 'incident', id: incident.id };
    if (incident.level !== 'major') return { recall: notApplicable('NOT_A_MAJOR_INCIDENT'), after: { escalation: null } };

    const outcome = await this.recall.recallForIncident(tx, incident, 0, 0, now);
    if (outcome.blocked) {
      await this.audit.append(tx, incident.trustId, [{ subject, at: now, actor, action: 'recall-not-started', details: { reason: outcome.blocked } }]);
      return {
        recall: {
          status: 'cohort-empty',
          cohortSize: 0,
          coalesced: 0,
          reason: 'NO_WALKOUT_IN_PROGRESS',
          message: 'Cohort empty: no walkout of this trust is in progress at these sites, so nobody is on strike to recall.',
          walkoutIds: [],
          excluded: {},
          attendingTarget: incident.attendingTarget,
          firstEscalationCheckAt: null,
        },
        after: { escalation: null },
      };
    }

    const attendingTarget = incident.needs.length ? incident.needs.reduce((sum, n) => sum + n.wanted, 0) : defaultAttendingTarget(incident.attendingTarget, outcome.recalled);
    const delayMs = incident.escalateAfterSeconds * 1000;
    const firstCheck = new Date(now.getTime() + delayMs);
    await this.incidents.planEscalation(tx, incident.trustId, incident.id, { attendingTarget, nextEscalationAt: firstCheck });
    await this.audit.append(tx, incident.trustId, [
      {
        subject,
        at: now,
        actor,
        action: 'recall-started',
        details: { round: 0, wideningStage: 0, recalled: outcome.recalled, coalesced: outcome.coalesced, walkoutIds: outcome.walkoutIds, excluded: outcome.excluded, attendingTarget, targetDefaulted: incident.attendingTarget === null && !incident.needs.length, drill: incident.drill, byNeed: outcome.byNeed },
      },
    ]);
    const empty = outcome.recalled === 0;
    return {
      recall: {
        status: empty ? 'cohort-empty' : 'started',
        cohortSize: outcome.recalled,
        coalesced: outcome.coalesced,
        reason: empty ? 'COHORT_EMPTY' : null,
        message: empty
          ? 'Cohort empty: nobody striking at the affected sites can be recalled now; the first escalation check widens the search if the target is not met.'
          : recallStartedMessage(outcome.recalled, outcome.coalesced),
        walkoutIds: outcome.walkoutIds,
        excluded: outcome.excluded,
        attendingTarget,
        firstEscalationCheckAt: firstCheck,
      },
      after: { escalation: { round: 0, delayMs } },
    };
  }

  private async afterCommit(trustId: string, incidentId: string, after: AfterCommit): Promise<void> {
    if (after.escalation) await this.scheduler.scheduleEscalation(trustId, incidentId, after.escalation.round, after.escalation.delayMs);
  }

  private async checkPlaces(trustId: string, siteIds: string[], departmentIds: string[]): Promise<void> {
    const problems: ErrorDetail[] = [];
    for (const siteId of await this.organisations.unknownSiteIds(trustId, siteIds)) problems.push({ field: `siteIds[${siteIds.indexOf(siteId)}]`, message: 'is not a site of this trust' });
    const departmentSites = await this.transactions.run((tx) => this.places.departmentSites(tx, trustId, departmentIds));
    departmentIds.forEach((departmentId, index) => {
      const site = departmentSites.get(departmentId);
      if (!site) problems.push({ field: `departmentIds[${index}]`, message: 'is not a department of this trust' });
      else if (!siteIds.includes(site)) problems.push({ field: `departmentIds[${index}]`, message: 'is not at one of the incident’s sites' });
    });
    if (problems.length) throw CommonError.validation(problems);
  }
}

function view(incident: IncidentRecord): IncidentView {
  return { ...incident, allowedActions: allowedActions(incident.state) };
}

function notApplicable(reason: 'NOT_A_MAJOR_INCIDENT' | 'NOT_DECLARED'): RecallStart {
  return {
    status: 'not-applicable',
    cohortSize: 0,
    coalesced: 0,
    reason,
    message:
      reason === 'NOT_DECLARED'
        ? 'No recall while on standby: declaring the incident recalls striking staff if it is a major incident.'
        : 'Only a declared major incident recalls striking staff; request a derogation to recall for patient safety.',
    walkoutIds: [],
    excluded: {},
    attendingTarget: null,
    firstEscalationCheckAt: null,
  };
}

function recallStartedMessage(recalled: number, coalesced: number): string {
  const messaged = recalled - coalesced;
  const queued = `Recall messages queued for ${messaged} striking staff.`;
  if (!coalesced) return queued;
  return `${queued} ${coalesced} more ${coalesced === 1 ? 'was' : 'were'} recalled for another incident in the last few minutes and ${coalesced === 1 ? 'has' : 'have'} not been told to stand down: no second message; they are in this roll-call with that recall's answer.`;
}

function notFound(): RecallError {
  return new RecallError(RecallErrorCode.IncidentNotFound, 'Major incident not found');
}

function illegal(result: IncidentTransitionResult): RecallError {
  const allowed = allowedActions(result.from);
  return new RecallError(RecallErrorCode.IllegalTransition, `Cannot ${result.action} an incident that is ${result.from}`, [
    { message: `The incident is ${result.from}; ${allowed.length ? `allowed: ${allowed.join(', ')}` : 'no further change is possible'}` },
  ]);
}
