import { WalkoutReads } from '@app/walkouts';
import { AuthUser, Clock, CommonError, decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage, Transactions } from '@app/core';
import { OrganisationError, OrganisationErrorCode, OrganisationService, PeopleService, PlaceReads } from '@app/organisations';
import { walkoutStatus } from '@app/walkouts';
import { Injectable, Logger } from '@nestjs/common';
import { DerogationRecord, DerogationRepository } from './derogation.repository';
import { DerogationRecallOutcome, DerogationRecallService } from './derogation-recall.service';
import { decideDerogation, DerogationRequestInput, derogationStatusAt, DerogationStatus, recallPermission, RecallPermission, validateDerogationRequest } from '../engine/derogation';
import { AuditRecord, IncidentAuditRepository } from '../incidents/incident-audit.repository';
import { RecallError, RecallErrorCode } from '../recall.errors';
import { RecallScheduler } from '../recall/recall-scheduler';
import { RecallService, RollCallReport } from '../recall/recall.service';

export interface DerogationView extends DerogationRecord {
  /** As of now: an undecided request past its deadline reads `expired`. */
  status: DerogationStatus;
  permission: RecallPermission;
}

export interface DerogationChange {
  derogation: DerogationView;
  recall: DerogationRecallOutcome | null;
  standDown: { told: number; withdrawn: number } | null;
}

export interface RequestDerogationCommand extends DerogationRequestInput {
  walkoutId: string;
}

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
    if (!validation.ok) throw CommonError.validation(validation.details);
    const request = validation.value;

    const walkout = await this.transactions.run((tx) => this.walkouts.windowOf(tx, trustId, command.walkoutId));
    if (!walkout) throw CommonError.validation([{ field: 'walkoutId', message: 'is not a walkout of this trust' }]);
    const status = walkoutStatus(walkout, now);
    if (status === 'ended' || status === 'called-off') throw new RecallError(RecallErrorCode.WalkoutOver, `The walkout has ${status === 'ended' ? 'ended' : 'been called off'}: nobody is on strike to recall`);

    let target: { kind: 'staff'; staffIds: string[] } | { kind: 'department'; departmentId: string; count: number };
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

    const actor = { type: 'user' as const, userId: user.id };
    const { id, recall } = await this.transactions.run(async (tx) => {
      const derogationId = await this.derogations.insert(tx, { trustId, walkoutId: walkout.id, target, evidence: request.evidence, decisionDeadline: request.decisionDeadline, failsafe: request.failsafe, createdBy: user.id, now });
      await this.audit.append(tx, trustId, [
        {
          subject: { kind: 'derogation', id: derogationId },
          at: now,
          actor,
          action: 'derogation-requested',
          details: {
            walkoutId: walkout.id,
            target: target.kind,
            ...(target.kind === 'staff' ? { staffIds: target.staffIds } : { departmentId: target.departmentId, count: target.count }),
            decisionDeadline: request.decisionDeadline.toISOString(),
            failsafe: request.failsafe,
          },
        },
      ]);
      // A failsafe recall (external mass-casualty event) goes ahead at once, in parallel with the decision.
      const started = request.failsafe ? await this.derogationRecall.start(tx, (await this.derogations.reload(tx, trustId, derogationId))!, now, actor) : null;
      return { id: derogationId, recall: started };
    });
    await this.afterCommit(trustId, id, recall, now);
    this.logger.log({ msg: 'derogation requested', trustId, derogationId: id, failsafe: request.failsafe, recall: recall?.status ?? null });
    return { derogation: await this.get(trustId, id), recall, standDown: null };
  }

  async decide(trustId: string, derogationId: string, decision: { approved: boolean; note: string }, user: AuthUser): Promise<DerogationChange> {
    await this.get(trustId, derogationId);
    const now = this.clock.now();
    const actor = { type: 'user' as const, userId: user.id };
    const outcome = await this.transactions.run(async (tx) => {
      const current = (await this.derogations.lockById(tx, trustId, derogationId))!;
      const result = decideDerogation(current, decision.approved, now);
      if (!result.ok) {
        return result.code === 'ALREADY_DECIDED'
          ? { error: new RecallError(RecallErrorCode.DerogationAlreadyDecided, `This derogation has already been ${result.status}; a changed view is a new request`) }
          : { error: new RecallError(RecallErrorCode.DecisionDeadlinePassed, 'The decision deadline has passed; the request has expired') };
      }
      await this.derogations.decide(tx, trustId, derogationId, { status: result.status, at: now, by: user.id, note: decision.note });
      await this.audit.append(tx, trustId, [
        { subject: { kind: 'derogation', id: derogationId }, at: now, actor, action: result.status === 'approved' ? 'derogation-approved' : 'derogation-rejected', details: { note: decision.note, failsafe: current.failsafe } },
      ]);
      const decided = (await this.derogations.reload(tx, trustId, derogationId))!;
      const permission = recallPermission(decided, now);
      let recall: DerogationRecallOutcome | null = null;
      let standDown: { told: number; withdrawn: number } | null = null;
      if (permission.mayRecall) recall = await this.derogationRecall.start(tx, decided, now, actor);
      // A rejected failsafe has already recalled people: they are told to stand down.
      if (permission.standDownRecalled && decided.recallStartedAt) standDown = await this.derogationRecall.standDown(tx, decided, now, actor, 'rejected');
      return { recall, standDown };
    });
    if ('error' in outcome) throw outcome.error;
    await this.afterCommit(trustId, derogationId, outcome.recall, now);
    this.logger.log({ msg: 'derogation decided', trustId, derogationId, approved: decision.approved, recall: outcome.recall?.status ?? null });
    return { derogation: await this.get(trustId, derogationId), recall: outcome.recall, standDown: outcome.standDown };
  }

  async get(trustId: string, derogationId: string): Promise<DerogationView> {
    const derogation = await this.derogations.findById(trustId, derogationId);
    if (!derogation) throw new RecallError(RecallErrorCode.DerogationNotFound, 'Derogation not found');
    return this.view(derogation);
  }

  async list(trustId: string, query: { limit?: number; cursor?: string }): Promise<Page<DerogationView>> {
    await this.organisations.getTrust(trustId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.derogations.list(trustId, after ? [String(after[0]), String(after[1])] : null, limit + 1);
    return toPage(rows, limit, (d) => [d.createdAt.toISOString(), d.id], (d) => this.view(d));
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

  private view(derogation: DerogationRecord): DerogationView {
    const now = this.clock.now();
    return { ...derogation, status: derogationStatusAt(derogation, now), permission: recallPermission(derogation, now) };
  }

  private async afterCommit(trustId: string, derogationId: string, recall: DerogationRecallOutcome | null, now: Date): Promise<void> {
    if (recall?.status === 'deferred') await this.scheduler.scheduleDerogationRecall(trustId, derogationId, recall.until.getTime() - now.getTime());
  }
}
