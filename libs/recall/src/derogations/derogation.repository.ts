import { UnitOfWork } from '@app/core';
import { StaffReads } from '@app/organisations';
import { WalkoutReads } from '@app/walkouts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DerogationStatus } from '../engine/derogation-state';
import { DerogationEvidence, Mitigation, MitigationRecord, StaffNeed } from '../engine/derogation-evidence';

export interface DerogationRecord {
  id: string;
  trustId: string;
  walkoutId: string;
  targetKind: 'staff' | 'department';
  staffIds: string[];
  staffNumbers: string[];
  departmentId: string | null;
  requestedCount: number | null;
  evidence: string;
  decisionDeadline: Date;
  failsafe: boolean;
  status: DerogationStatus;
  submittedAt: Date | null;
  submittedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionNote: string | null;
  /** Withdrawn or revoked: when and by whom. */
  endedAt: Date | null;
  endedBy: string | null;
  servicesAtRisk: string[] | null;
  staffNeeded: StaffNeed[] | null;
  hoursFrom: Date | null;
  hoursTo: Date | null;
  mitigations: Partial<Record<Mitigation, MitigationRecord>> | null;
  harmOutcome: HarmOutcome | null;
  harmNote: string | null;
  harmReportedAt: Date | null;
  harmReportedBy: string | null;
  recallStartedAt: Date | null;
  recallEndedAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  recalledCount: number;
}

export const HARM_OUTCOMES = ['harm', 'near-miss', 'none-known'] as const;
export type HarmOutcome = (typeof HARM_OUTCOMES)[number];

export interface DerogationTransitionRecord {
  from: DerogationStatus | null;
  to: DerogationStatus;
  at: Date;
  by: string | null;
  note: string | null;
  late: boolean;
}

export interface NewDerogation {
  trustId: string;
  walkoutId: string;
  target: { kind: 'staff'; staffIds: string[] } | { kind: 'department'; departmentId: string; count: number };
  status: 'draft' | 'submitted';
  structured: DerogationEvidence;
  evidence: string;
  decisionDeadline: Date;
  failsafe: boolean;
  createdBy: string | null;
  now: Date;
}

export interface PendingDerogationRecall {
  trustId: string;
  derogationId: string;
  walkoutStartsAt: Date;
}

const SELECT_DEROGATION = `
  SELECT d.id, d.trust_id AS "trustId", d.walkout_id AS "walkoutId", d.target_kind AS "targetKind",
         COALESCE((SELECT array_agg(ds.staff_id) FROM derogation_staff ds WHERE ds.derogation_id = d.id), '{}') AS "staffIds",
         d.department_id AS "departmentId", d.requested_count AS "requestedCount", d.evidence, d.decision_deadline AS "decisionDeadline",
         d.failsafe, d.status, d.decided_at AS "decidedAt", d.decided_by AS "decidedBy", d.decision_note AS "decisionNote",
         d.submitted_at AS "submittedAt", d.submitted_by AS "submittedBy", d.ended_at AS "endedAt", d.ended_by AS "endedBy",
         d.services_at_risk AS "servicesAtRisk", d.staff_needed AS "staffNeeded", d.hours_from AS "hoursFrom", d.hours_to AS "hoursTo",
         d.mitigations, d.harm_outcome AS "harmOutcome", d.harm_note AS "harmNote", d.harm_reported_at AS "harmReportedAt", d.harm_reported_by AS "harmReportedBy",
         d.recall_started_at AS "recallStartedAt", d.recall_ended_at AS "recallEndedAt", d.created_by AS "createdBy", d.created_at AS "createdAt",
         (SELECT count(*)::int FROM recall r WHERE r.trust_id = d.trust_id AND r.derogation_id = d.id) AS "recalledCount"
  FROM derogation d`;

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

@Injectable()
export class DerogationRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly staff: StaffReads,
    private readonly walkouts: WalkoutReads,
  ) {}


  async insert(tx: UnitOfWork, derogation: NewDerogation): Promise<string> {
    const target = derogation.target;
    const [row]: { id: string }[] = await tx.query(
      `INSERT INTO derogation (trust_id, walkout_id, target_kind, department_id, requested_count, evidence, decision_deadline, failsafe, created_by, created_at,
                               status, submitted_at, submitted_by, services_at_risk, staff_needed, hours_from, hours_to, mitigations)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $11 = 'submitted' THEN $10::timestamptz END, CASE WHEN $11 = 'submitted' THEN $9::uuid END,
               $12, $13, $14, $15, $16) RETURNING id`,
      [
        derogation.trustId,
        derogation.walkoutId,
        target.kind,
        target.kind === 'department' ? target.departmentId : null,
        target.kind === 'department' ? target.count : null,
        derogation.evidence,
        derogation.decisionDeadline,
        derogation.failsafe,
        derogation.createdBy,
        derogation.now,
        derogation.status,
        json(derogation.structured.servicesAtRisk),
        json(derogation.structured.staffNeeded),
        derogation.structured.hours?.from ?? null,
        derogation.structured.hours?.to ?? null,
        json(derogation.structured.mitigations),
      ],
    );
    await this.insertTransition(tx, derogation.trustId, row.id, { from: null, to: derogation.status, at: derogation.now, by: derogation.createdBy, note: null, late: false });
    if (target.kind === 'staff') {
      await tx.query(`INSERT INTO derogation_staff (derogation_id, trust_id, staff_id) SELECT $1, $2, unnest($3::uuid[])`, [row.id, derogation.trustId, target.staffIds]);
    }
    return row.id;
  }

  async findById(trustId: string, derogationId: string): Promise<DerogationRecord | null> {
    return this.byId(this.dataSource.manager, trustId, derogationId);
  }

  /** The derogation as this transaction sees it (after its own writes). */
  async reload(tx: UnitOfWork, trustId: string, derogationId: string): Promise<DerogationRecord | null> {
    return this.byId(tx, trustId, derogationId);
  }

  private async byId(db: UnitOfWork, trustId: string, derogationId: string): Promise<DerogationRecord | null> {
    const rows: Omit<DerogationRecord, 'staffNumbers'>[] = await db.query(`${SELECT_DEROGATION} WHERE d.trust_id = $1 AND d.id = $2`, [trustId, derogationId]);
    return (await this.withStaffNumbers(db, trustId, rows))[0] ?? null;
  }

  /** Each derogation's named staff, with their staff numbers, in staff-number order (one read for the set). */
  private async withStaffNumbers(db: UnitOfWork, trustId: string, rows: Omit<DerogationRecord, 'staffNumbers'>[]): Promise<DerogationRecord[]> {
    const numbers = await this.staff.numbersOf(db, trustId, rows.flatMap((row) => row.staffIds));
    const rank = new Map([...numbers.keys()].map((id, index) => [id, index]));
    return rows.map((row) => {
      const named = row.staffIds.filter((id) => rank.has(id)).sort((a, b) => rank.get(a)! - rank.get(b)!);
      return { ...row, staffIds: named, staffNumbers: named.map((id) => numbers.get(id)!) };
    });
  }

  async lockById(tx: UnitOfWork, trustId: string, derogationId: string): Promise<DerogationRecord | null> {
    const locked = await tx.query(`SELECT id FROM derogation WHERE trust_id = $1 AND id = $2 FOR UPDATE`, [trustId, derogationId]);
    return locked.length ? this.reload(tx, trustId, derogationId) : null;
  }

  async list(trustId: string, filter: { status?: DerogationStatus; overdueAt?: Date }, after: [string, string] | null, limit: number): Promise<DerogationRecord[]> {
    const params: unknown[] = [trustId, limit];
    let where = 'd.trust_id = $1';
    if (filter.status) where += ` AND d.status = $${params.push(filter.status)}`;
    if (filter.overdueAt) where += ` AND d.status IN ('submitted', 'pending') AND d.decision_deadline <= $${params.push(filter.overdueAt)}::timestamptz`;
    if (after) where += ` AND (d.created_at, d.id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`;
    const rows: Omit<DerogationRecord, 'staffNumbers'>[] = await this.dataSource.query(`${SELECT_DEROGATION} WHERE ${where} ORDER BY d.created_at DESC, d.id DESC LIMIT $2`, params);
    return this.withStaffNumbers(this.dataSource.manager, trustId, rows);
  }

  /**
   * Moves the request only if it is still in `from` (checked in the UPDATE itself, so two concurrent
   * decisions cannot both land), stamps who and when on the row for the move's kind, and appends the
   * move to `derogation_transition`. False when another change got there first.
   */
  async transition(tx: UnitOfWork, trustId: string, derogationId: string, move: DerogationTransitionRecord & { from: DerogationStatus }): Promise<boolean> {
    const decided = move.to === 'approved' || move.to === 'declined';
    const ended = move.to === 'withdrawn' || move.to === 'revoked';
    const rows = await tx.query(
      `WITH updated AS (
         UPDATE derogation SET status = $4,
           submitted_at = CASE WHEN $4 = 'submitted' THEN $5::timestamptz ELSE submitted_at END,
           submitted_by = CASE WHEN $4 = 'submitted' THEN $6::uuid ELSE submitted_by END,
           decided_at = CASE WHEN $7 THEN $5::timestamptz ELSE decided_at END,
           decided_by = CASE WHEN $7 THEN $6::uuid ELSE decided_by END,
           decision_note = CASE WHEN $7 THEN $9 ELSE decision_note END,
           ended_at = CASE WHEN $8 THEN $5::timestamptz ELSE ended_at END,
           ended_by = CASE WHEN $8 THEN $6::uuid ELSE ended_by END
         WHERE trust_id = $1 AND id = $2 AND status = $3 RETURNING id
       ) SELECT id FROM updated`,
      [trustId, derogationId, move.from, move.to, move.at, move.by, decided, ended, move.note],
    );
    if (!rows.length) return false;
    await this.insertTransition(tx, trustId, derogationId, move);
    return true;
  }

  private async insertTransition(tx: UnitOfWork, trustId: string, derogationId: string, move: DerogationTransitionRecord): Promise<void> {
    await tx.query(
      `INSERT INTO derogation_transition (trust_id, derogation_id, from_status, to_status, at, by_user_id, note, late) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [trustId, derogationId, move.from, move.to, move.at, move.by, move.note, move.late],
    );
  }

  /** Every move of the request, oldest first: who moved it, when, and why. */
  async transitions(trustId: string, derogationId: string): Promise<DerogationTransitionRecord[]> {
    return this.dataSource.query(
      `SELECT from_status AS "from", to_status AS "to", at, by_user_id AS "by", note, late
       FROM derogation_transition WHERE trust_id = $1 AND derogation_id = $2 ORDER BY id`,
      [trustId, derogationId],
    );
  }

  /** What followed a decline (the trust reports it); only on a declined request. A later report replaces the earlier one, and both are in the audit log. */
  async recordHarm(tx: UnitOfWork, trustId: string, derogationId: string, report: { outcome: HarmOutcome; note: string; at: Date; by: string }): Promise<boolean> {
    const rows = await tx.query(
      `WITH updated AS (
         UPDATE derogation SET harm_outcome = $3, harm_note = $4, harm_reported_at = $5, harm_reported_by = $6
         WHERE trust_id = $1 AND id = $2 AND status = 'declined' RETURNING id
       ) SELECT id FROM updated`,
      [trustId, derogationId, report.outcome, report.note, report.at, report.by],
    );
    return rows.length > 0;
  }

  /** Undecided requests past their deadline, per trust (for /metrics). */
  async overdueCountsOfAllTrusts(now: Date): Promise<{ trustId: string; count: number }[]> {
    return this.dataSource.query(
      `SELECT trust_id AS "trustId", count(*)::int AS count FROM derogation
       WHERE status IN ('submitted', 'pending') AND decision_deadline <= $1 GROUP BY trust_id ORDER BY trust_id`,
      [now],
    );
  }

  /** Claims the recall: true once per derogation, so a retried job or a second approval cannot recall twice. */
  async markRecallStarted(tx: UnitOfWork, trustId: string, derogationId: string, at: Date): Promise<boolean> {
    const rows = await tx.query(
      `WITH updated AS (
         UPDATE derogation SET recall_started_at = $3 WHERE trust_id = $1 AND id = $2 AND recall_started_at IS NULL AND recall_ended_at IS NULL RETURNING id
       ) SELECT id FROM updated`,
      [trustId, derogationId, at],
    );
    return rows.length > 0;
  }

  async markRecallEnded(tx: UnitOfWork, trustId: string, derogationId: string, at: Date): Promise<boolean> {
    const rows = await tx.query(
      `WITH updated AS (
         UPDATE derogation SET recall_ended_at = $3 WHERE trust_id = $1 AND id = $2 AND recall_ended_at IS NULL RETURNING id
       ) SELECT id FROM updated`,
      [trustId, derogationId, at],
    );
    return rows.length > 0;
  }

  /**
   * Derogations allowed to recall (approved, or failsafe and not rejected) whose recall has not started
   * and whose walkout has not ended, across trusts: the sweeper makes sure each has its start job.
   */
  async pendingRecallsOfAllTrusts(now: Date, limit: number): Promise<PendingDerogationRecall[]> {
    const db = this.dataSource.manager;
    const rows: { trustId: string; derogationId: string; walkoutId: string }[] = await db.query(
      `SELECT d.trust_id AS "trustId", d.id AS "derogationId", d.walkout_id AS "walkoutId"
       FROM derogation d
       WHERE d.recall_started_at IS NULL AND d.recall_ended_at IS NULL
         AND (d.status = 'approved' OR (d.failsafe AND d.status IN ('submitted', 'pending')))`,
    );
    const walkouts = await this.walkouts.windowsOf(db, rows.map((row) => row.walkoutId));
    return rows
      .flatMap(({ walkoutId, ...row }) => {
        const walkout = walkouts.get(walkoutId);
        return walkout && walkout.calledOffAt === null && walkout.endsAt > now ? [{ ...row, walkoutStartsAt: walkout.startsAt }] : [];
      })
      .sort((a, b) => a.walkoutStartsAt.getTime() - b.walkoutStartsAt.getTime())
      .slice(0, limit);
  }
}
