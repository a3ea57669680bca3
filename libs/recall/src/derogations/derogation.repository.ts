import { UnitOfWork } from '@app/core';
import { StaffReads } from '@app/organisations';
import { WalkoutReads } from '@app/walkouts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DerogationStatus } from '../engine/derogation';

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
  /** As stored: `expired` is derived on read (derogationStatusAt), never written by a decision. */
  status: DerogationStatus;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionNote: string | null;
  recallStartedAt: Date | null;
  recallEndedAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  recalledCount: number;
}

export interface NewDerogation {
  trustId: string;
  walkoutId: string;
  target: { kind: 'staff'; staffIds: string[] } | { kind: 'department'; departmentId: string; count: number };
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
         d.recall_started_at AS "recallStartedAt", d.recall_ended_at AS "recallEndedAt", d.created_by AS "createdBy", d.created_at AS "createdAt",
         (SELECT count(*)::int FROM recall r WHERE r.trust_id = d.trust_id AND r.derogation_id = d.id) AS "recalledCount"
  FROM derogation d`;

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
      `INSERT INTO derogation (trust_id, walkout_id, target_kind, department_id, requested_count, evidence, decision_deadline, failsafe, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
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
      ],
    );
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

  async list(trustId: string, after: [string, string] | null, limit: number): Promise<DerogationRecord[]> {
    const params: unknown[] = [trustId, limit];
    let where = 'd.trust_id = $1';
    if (after) where += ` AND (d.created_at, d.id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`;
    const rows: Omit<DerogationRecord, 'staffNumbers'>[] = await this.dataSource.query(`${SELECT_DEROGATION} WHERE ${where} ORDER BY d.created_at DESC, d.id DESC LIMIT $2`, params);
    return this.withStaffNumbers(this.dataSource.manager, trustId, rows);
  }

  /** Only an undecided request is decided; false when another decision got there first. */
  async decide(tx: UnitOfWork, trustId: string, derogationId: string, decision: { status: 'approved' | 'rejected'; at: Date; by: string | null; note: string }): Promise<boolean> {
    const rows = await tx.query(
      `WITH updated AS (
         UPDATE derogation SET status = $3, decided_at = $4, decided_by = $5, decision_note = $6
         WHERE trust_id = $1 AND id = $2 AND status = 'requested' RETURNING id
       ) SELECT id FROM updated`,
      [trustId, derogationId, decision.status, decision.at, decision.by, decision.note],
    );
    return rows.length > 0;
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
         AND (d.status = 'approved' OR (d.failsafe AND d.status IN ('requested', 'expired')))`,
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
