import { WalkoutReads, WalkoutSpan } from '@app/walkouts';
import { AuthUser, Clock, CommonError, decodeCursor, DEFAULT_PAGE_SIZE, ErrorDetail, Page, toPage, Transactions, UnitOfWork } from '@app/core';
import { OrganisationError, OrganisationErrorCode, OrganisationService, PeopleService, PlaceReads, STAFF_GRADES } from '@app/organisations';
import { walkoutStatus } from '@app/walkouts';
import { Injectable, Logger } from '@nestjs/common';
import { DerogationRecord, DerogationRepository, DerogationTransitionRecord, HarmOutcome } from './derogation.repository';
import { DerogationRecallOutcome, DerogationRecallService } from './derogation-recall.service';
import { DerogationRequestInput, recallPermission, RecallPermission, validateDerogationRequest } from '../engine/derogation';
import { DerogationEvidenceInput, gradesNamed, validateDerogationEvidence } from '../engine/derogation-evidence';
import { allowedDerogationActions, applyDerogationAction, DerogationAction, DerogationStatus, isDecisionOverdue, isLateDecision } from '../engine/derogation-state';
import { AuditAction, AuditRecord, IncidentAuditRepository } from '../incidents/incident-audit.repository';
import { RecallError, RecallErrorCode } from '../recall.errors';
import { RecallScheduler } from '../recall/recall-scheduler';
import { RecallService, RollCallReport } from '../recall/recall.service';

export interface DerogationView extends DerogationRecord {
  /** Undecided past its decision deadline: flagged on the list and in /metrics. */
  overdue: boolean;
  allowedActions: DerogationAction[];
  permission: RecallPermission;
  transitions: DerogationTransitionRecord[];
}

export interface DerogationChange {
  derogation: DerogationView;
  recall: DerogationRecallOutcome | null;
  standDown: { told: number; withdrawn: number } | null;
}

export interface RequestDerogationCommand extends DerogationRequestInput, DerogationEvidenceInput {
  walkoutId: string;
}

type Target = { kind: 'staff'; staffIds: string[] } | { kind: 'department'; departmentId: string; count: number };

const AUDIT_OF: Record<DerogationAction, AuditAction> = {
  submit: 'derogation-submitted',
  forward: 'derogation-forwarded',
  approve: 'derogation-approved',
  decline: 'derogation-declined',
  withdraw: 'derogation-withdrawn',
  revoke: 'derogation-revoked',
};

/**
 * Derogation requests through NHS England's process (the state machine is engine/derogation-state.ts;
 * who may take each action is DEROGATION_ACTION_ACCESS, applied by the controller's routes). A request
 * recalls nobody until approved, except a failsafe one, which recalls from its submission in parallel
 * with the decision; a decline, withdrawal or revocation stands anyone recalled down.
 */
@Injectable()
export class DerogationService {
  private readonly logger = new Logger('Derogations');

  constructor(
    private readonly places: PlaceReads,
    private readonly walkouts: WalkoutReads,
    private readonly transactions: Transactions,
    private readonly derogations: DerogationRepository,
    private readonly audit: IncidentAuditRepository,
    private readonly derogationRecall: DerogationRecallService,
    private readonly recall: RecallService,
    private readonly scheduler: RecallScheduler,
    private readonly organisations: OrganisationService,
    private readonly people: PeopleService,
    private readonly clock: Clock,
  ) {}

  async request(trustId: string, command: RequestDerogationCommand, user: AuthUser): Promise<DerogationChange> {
    await this.organisations.getTrust(trustId);
    const now = this.clock.now();
    const validation = validateDerogationRequest(command, now);
    const draft = validation.ok ? validation.value.draft : command.draft === true;
    const evidence = validateDerogationEvidence(command, { requireComplete: !draft, grades: STAFF_GRADES });
    const problems = [...(validation.ok ? [] : validation.details), ...(evidence.ok ? [] : evidence.details)];
    if (!validation.ok || !evidence.ok) throw CommonError.validation(problems);
    const request = validation.value;

    const walkout = await this.transactions.run((tx) => this.walkouts.windowOf(tx, trustId, command.walkoutId));
    if (!walkout) throw CommonError.validation([{ field: 'walkoutId', message: 'is not a walkout of this trust' }]);
    // A draft may be saved for a walkout that is over (nothing leaves the trust); submitting checks again.
    if (!draft) this.checkWalkoutRunning(walkout, now);

    let target: Target;
    if (request.target.kind === 'staff') {
      const numbers = request.target.staffNumbers;
      const ids = await this.people.staffIdsByNumber(trustId, numbers);
      const unknown = numbers.flatMap((number) => (ids.has(number) ? [] : [{ field: `staffNumbers[${(command.staffNumbers as string[]).findIndex((n) => typeof n === 'string' && n.trim() === number)}]`, message: 'is not a staff member of this trust' }]));
      if (unknown.length) throw new OrganisationError(OrganisationErrorCode.UnknownStaff, `${unknown.length} staff number(s) not found; nothing was saved`, unknown);
      target = { kind: 'staff', staffIds: numbers.map((n) => ids.get(n)!) };
    } else {
      const departmentId = request.target.departmentId;
      if (!(await this.transactions.run((tx) => this.places.siteOfDepartment(tx, trustId, departmentId)))) {
        throw CommonError.validation([{ field: 'departmentId', message: 'is not a department of this trust' }]);
      }
      target = request.target;
    }
    const sites = (evidence.value.staffNeeded ?? []).flatMap((need, index) => (need.siteId ? [{ siteId: need.siteId, index }] : []));
    if (sites.length) {
      const unknownSites = new Set(await this.organisations.unknownSiteIds(trustId, sites.map((s) => s.siteId)));
      const bad = sites.filter((s) => unknownSites.has(s.siteId)).map((s) => ({ field: `staffNeeded[${s.index}].siteId`, message: 'is not a site of this trust' }));
      if (bad.length) throw CommonError.validation(bad);
    }

    const actor = { type: 'user' as const, userId: user.id };
    const status = draft ? 'draft' : 'submitted';
    const { id, recall } = await this.transactions.run(async (tx) => {
      if (!draft) await this.checkGradesOnStrike(tx, trustId, walkout, evidence.value.staffNeeded?.map((n) => n.grade) ?? [], target);
      const derogationId = await this.derogations.insert(tx, {
        trustId,
        walkoutId: walkout.id,
        target,
        status,
        structured: evidence.value,
        evidence: request.evidence,
        decisionDeadline: request.decisionDeadline,
        failsafe: request.failsafe,
        createdBy: user.id,
        now,
      });
      const subject = { kind: 'derogation' as const, id: derogationId };
      await this.audit.append(tx, trustId, [
        {
          subject,
          at: now,
          actor,
          action: 'derogation-requested',
          details: {
            walkoutId: walkout.id,
            status,
            target: target.kind,
            ...(target.kind === 'staff' ? { staffIds: target.staffIds } : { departmentId: target.departmentId, count: target.count }),
            decisionDeadline: request.decisionDeadline.toISOString(),
            failsafe: request.failsafe,
            staffNeeded: evidence.value.staffNeeded?.length ?? 0,
            servicesAtRisk: evidence.value.servicesAtRisk?.length ?? 0,
          },
        },
        ...(draft ? [] : [{ subject, at: now, actor, action: 'derogation-submitted' as const, details: { from: null, to: 'submitted' } }]),
      ]);
      // A failsafe recall (external mass-casualty event) goes ahead at once, in parallel with the decision.
      const started = !draft && request.failsafe ? await this.derogationRecall.start(tx, (await this.derogations.reload(tx, trustId, derogationId))!, now, actor) : null;
      return { id: derogationId, recall: started };
    });
    await this.afterCommit(trustId, id, recall, now);
    this.logger.log({ msg: 'derogation requested', trustId, derogationId: id, status, failsafe: request.failsafe, recall: recall?.status ?? null });
    return { derogation: await this.get(trustId, id), recall, standDown: null };
  }

  /** The union's answer, as NHS England relays it (a late one is recorded, marked late). */
  decide(trustId: string, derogationId: string, decision: { approved: boolean; note: string }, user: AuthUser): Promise<DerogationChange> {
    return this.act(trustId, derogationId, decision.approved ? 'approve' : 'decline', decision.note, user);
  }

  /**
   * One move of the state machine, under the request's row lock: refused with 409 when the state does
   * not allow it; a submission must be complete and its walkout still on for the grades it names. Then
   * what the move means for the recall: start it (approval; a failsafe's submission) or stand it down.
   */
  async act(trustId: string, derogationId: string, action: DerogationAction, note: string | null, user: AuthUser): Promise<DerogationChange> {
    await this.get(trustId, derogationId);
    const now = this.clock.now();
    const actor = { type: 'user' as const, userId: user.id };
    const subject = { kind: 'derogation' as const, id: derogationId };
    const outcome = await this.transactions.run(async (tx) => {
      const current = (await this.derogations.lockById(tx, trustId, derogationId))!;
      const move = applyDerogationAction(current.status, action);
      if (!move.ok) return { error: illegal(move.from, action) };
      if (action === 'submit') {
        const problem = await this.submissionProblem(tx, current, now);
        if (problem) return { error: problem };
      }
      const late = isLateDecision(action, current.decisionDeadline, now);
      if (!(await this.derogations.transition(tx, trustId, derogationId, { from: move.from, to: move.to, at: now, by: user.id, note, late }))) return { error: illegal(current.status, action) };
      await this.audit.append(tx, trustId, [
        { subject, at: now, actor, action: AUDIT_OF[action], details: { from: move.from, to: move.to, note, failsafe: current.failsafe, ...(late ? { late: true, decisionDeadline: current.decisionDeadline.toISOString() } : {}) } },
      ]);
      const moved = (await this.derogations.reload(tx, trustId, derogationId))!;
      const permission = recallPermission(moved, now);
      let recall: DerogationRecallOutcome | null = null;
      let standDown: { told: number; withdrawn: number } | null = null;
      if (permission.mayRecall && !moved.recallStartedAt) recall = await this.derogationRecall.start(tx, moved, now, actor);
      // A declined failsafe, a withdrawal or a revocation: whoever was recalled is told to stand down.
      if (permission.standDownRecalled && moved.recallStartedAt) standDown = await this.derogationRecall.standDown(tx, moved, now, actor, move.to);
      return { recall, standDown };
    });
    if ('error' in outcome) throw outcome.error;
    await this.afterCommit(trustId, derogationId, outcome.recall, now);
    this.logger.log({ msg: `derogation ${action}`, trustId, derogationId, recall: outcome.recall?.status ?? null, told: outcome.standDown?.told });
    return { derogation: await this.get(trustId, derogationId), recall: outcome.recall, standDown: outcome.standDown };
  }

  /** Whether harm or a near miss followed a decline: free text, audited; trusts are asked to report it. */
  async reportHarm(trustId: string, derogationId: string, report: { outcome: HarmOutcome; note: string }, user: AuthUser): Promise<DerogationView> {
    const current = await this.get(trustId, derogationId);
    const now = this.clock.now();
    const recorded = await this.transactions.run(async (tx) => {
      if (!(await this.derogations.recordHarm(tx, trustId, derogationId, { ...report, at: now, by: user.id }))) return false;
      await this.audit.append(tx, trustId, [
        { subject: { kind: 'derogation', id: derogationId }, at: now, actor: { type: 'user', userId: user.id }, action: 'derogation-harm-reported', details: { outcome: report.outcome, note: report.note, previous: current.harmOutcome } },
      ]);
      return true;
    });
    if (!recorded) throw new RecallError(RecallErrorCode.NotDeclined, `Harm after a decision is reported on a declined request; this one is ${current.status}`);
    return this.get(trustId, derogationId);
  }

  async get(trustId: string, derogationId: string): Promise<DerogationView> {
    const derogation = await this.derogations.findById(trustId, derogationId);
    if (!derogation) throw new RecallError(RecallErrorCode.DerogationNotFound, 'Derogation not found');
    return this.view(derogation, await this.derogations.transitions(trustId, derogationId));
  }

  async list(trustId: string, query: { status?: DerogationStatus; overdue?: boolean; limit?: number; cursor?: string }): Promise<Page<DerogationView>> {
    await this.organisations.getTrust(trustId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.derogations.list(trustId, { status: query.status, overdueAt: query.overdue ? this.clock.now() : undefined }, after ? [String(after[0]), String(after[1])] : null, limit + 1);
    return toPage(rows, limit, (d) => [d.createdAt.toISOString(), d.id], (d) => this.view(d, []));
  }

  /** Undecided requests past their deadline, per trust: /metrics. */
  overdueCounts(): Promise<{ trustId: string; count: number }[]> {
    return this.derogations.overdueCountsOfAllTrusts(this.clock.now());
  }

  async auditLog(trustId: string, derogationId: string, query: { limit?: number; cursor?: string }): Promise<Page<AuditRecord>> {
    await this.get(trustId, derogationId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 1);
    if (after && !/^\d{1,18}$/.test(String(after[0]))) throw CommonError.validation([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
    const rows = await this.audit.list(trustId, { kind: 'derogation', id: derogationId }, after ? String(after[0]) : null, limit + 1);
    return toPage(rows, limit, (r) => [r.id], (r) => r);
  }

  async rollCall(trustId: string, derogationId: string): Promise<RollCallReport> {
    await this.get(trustId, derogationId);
    return this.recall.rollCall(trustId, { kind: 'derogation', id: derogationId });
  }

  private view(derogation: DerogationRecord, transitions: DerogationTransitionRecord[]): DerogationView {
    const now = this.clock.now();
    return { ...derogation, overdue: isDecisionOverdue(derogation, now), allowedActions: allowedDerogationActions(derogation.status), permission: recallPermission(derogation, now), transitions };
  }

  /** Submission needs the whole evidence, the walkout still announced or running, and every grade named on strike. */
  private async submissionProblem(tx: UnitOfWork, derogation: DerogationRecord, now: Date): Promise<Error | null> {
    const evidence = validateDerogationEvidence(
      {
        servicesAtRisk: derogation.servicesAtRisk ?? undefined,
        staffNeeded: derogation.staffNeeded ?? undefined,
        hours: derogation.hoursFrom && derogation.hoursTo ? { from: derogation.hoursFrom.toISOString(), to: derogation.hoursTo.toISOString() } : undefined,
        mitigations: derogation.mitigations ?? undefined,
      },
      { requireComplete: true, grades: STAFF_GRADES },
    );
    if (!evidence.ok) return CommonError.validation(evidence.details, 'The request is not complete enough to submit');
    const walkout = (await this.walkouts.windowOf(tx, derogation.trustId, derogation.walkoutId))!;
    try {
      this.checkWalkoutRunning(walkout, now);
      const target: Target = derogation.targetKind === 'staff' ? { kind: 'staff', staffIds: derogation.staffIds } : { kind: 'department', departmentId: derogation.departmentId!, count: derogation.requestedCount! };
      await this.checkGradesOnStrike(tx, derogation.trustId, walkout, gradesNamed(evidence.value), target);
    } catch (error) {
      return error as Error;
    }
    return null;
  }

  private checkWalkoutRunning(walkout: WalkoutSpan, now: Date): void {
    const status = walkoutStatus(walkout, now);
    if (status === 'ended' || status === 'called-off') throw new RecallError(RecallErrorCode.WalkoutOver, `The walkout has ${status === 'ended' ? 'ended' : 'been called off'}: nobody is on strike to recall`);
  }

  /** The staff groups a request names (its needs, and the named staff's grades) must be ones the walkout's notice names. */
  private async checkGradesOnStrike(tx: UnitOfWork, trustId: string, walkout: WalkoutSpan, neededGrades: string[], target: Target): Promise<void> {
    const striking = new Set(walkout.staffGroups);
    const problems: ErrorDetail[] = neededGrades.flatMap((grade, index) => (striking.has(grade) ? [] : [{ field: `staffNeeded[${index}].grade`, message: `${grade} is not a staff group this walkout names (${walkout.staffGroups.join(', ')})` }]));
    if (target.kind === 'staff') {
      const named = await this.recallStaff(tx, trustId, walkout.id, target.staffIds);
      named.forEach((person) => {
        if (!striking.has(person.grade)) problems.push({ field: 'staffNumbers', message: `${person.staffNumber} is ${person.grade}, not a staff group this walkout names` });
      });
    }
    if (problems.length) throw new RecallError(RecallErrorCode.StaffGroupNotOnStrike, 'The request names staff who are not on strike in this walkout', problems);
  }

  private recallStaff(tx: UnitOfWork, trustId: string, walkoutId: string, staffIds: string[]) {
    return this.derogationRecall.namedStaff(tx, trustId, walkoutId, staffIds);
  }

  private async afterCommit(trustId: string, derogationId: string, recall: DerogationRecallOutcome | null, now: Date): Promise<void> {
    if (recall?.status === 'deferred') await this.scheduler.scheduleDerogationRecall(trustId, derogationId, recall.until.getTime() - now.getTime());
  }
}

function illegal(from: DerogationStatus, action: DerogationAction): RecallError {
  const allowed = allowedDerogationActions(from);
  return new RecallError(RecallErrorCode.IllegalDerogationTransition, `Cannot ${action} a derogation request that is ${from}`, [
    { message: `The request is ${from}; ${allowed.length ? `allowed: ${allowed.join(', ')}` : 'no further change is possible'}` },
  ]);
}
