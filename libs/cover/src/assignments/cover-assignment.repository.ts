import { isPgError, PgErrorCode, UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ShiftPrice } from '../engine/rate-card';
import { ShiftTimes } from '../engine/cover-rule-violation';
import { WalkoutReads, type ParticipationAnswer } from '@app/walkouts';

export type AssignmentSource = 'manual' | 'autofill';

export interface CoverAssignmentRecord {
  id: string;
  trustId: string;
  walkoutId: string;
  departmentId: string;
  staffId: string;
  staffNumber: string;
  startsAt: Date;
  endsAt: Date;
  source: AssignmentSource;
  consentRecordedAt: Date;
  pricePence: number;
  priceByBand: ShiftPrice['byBand'];
  rateCard: string;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  /** The consultant's calendar token seed and hash, to rebuild their link (null before their first shift). */
  calendarSeed: Buffer | null;
  calendarHash: Buffer | null;
}

export interface NewCoverAssignment {
  trustId: string;
  walkoutId: string;
  departmentId: string;
  staffId: string;
  startsAt: Date;
  endsAt: Date;
  source: AssignmentSource;
  consentRecordedBy: string | null;
  price: ShiftPrice;
  rateCard: string;
  createdBy: string | null;
}

export interface CoverStaff {
  id: string;
  staffNumber: string;
  givenName: string;
  grade: string;
  specialty: string;
  siteId: string | null;
  /** Their answer for the walkout in question (for the walkout days of the shift, where known); null when never asked. */
  participation: ParticipationAnswer | null;
}

export interface StaffShift extends ShiftTimes {
  staffId: string;
}

/** A shift as its notice needs it, read in the transaction that creates or cancels the shift. */
export interface ShiftNoticeRow {
  assignmentId: string;
  walkoutId: string;
  staffId: string;
  givenName: string;
  startsAt: Date;
  endsAt: Date;
  departmentId: string;
}

/** What a shift notice needs: the shift, and where it is by name (from organisations' read port). */
export interface ShiftNoticeContext extends ShiftNoticeRow {
  departmentName: string;
  siteName: string;
  trustName: string;
}

export type InsertAssignmentsOutcome = { ok: true; ids: string[] } | { ok: false; reason: 'overlap' };

export interface AssignmentListFilter {
  status?: 'active' | 'cancelled';
  departmentId?: string;
  after: [string, string] | null;
  limit: number;
}

const SELECT_ASSIGNMENT = `
  SELECT a.id, a.trust_id AS "trustId", a.walkout_id AS "walkoutId", a.department_id AS "departmentId", a.staff_id AS "staffId",
         s.staff_number AS "staffNumber", a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.source,
         a.consent_recorded_at AS "consentRecordedAt", a.price_pence AS "pricePence", a.price_by_band AS "priceByBand",
         a.rate_card AS "rateCard", a.sequence, a.created_at AS "createdAt", a.updated_at AS "updatedAt", a.cancelled_at AS "cancelledAt",
         t.token_seed AS "calendarSeed", t.token_hash AS "calendarHash"
  FROM cover_assignment a
  JOIN staff s ON s.id = a.staff_id AND s.trust_id = a.trust_id
  LEFT JOIN cover_calendar_token t ON t.staff_id = a.staff_id AND t.trust_id = a.trust_id`;

const SELECT_STAFF = `
  SELECT s.id, s.staff_number AS "staffNumber", s.given_name AS "givenName", s.grade, s.specialty, s.site_id AS "siteId"
  FROM staff s`;

/**
 * Cover assignments, and the reads of staff that the cover rules need. The staff read still sits here
 * rather than behind organisations' read port because the staff row must be locked inside the
 * transaction that inserts the new shift (docs/architecture.md, "One owner per table", lists this
 * exception); the person's answer for the walkout comes from walkouts' read port in that transaction.
 * Departments and place names come from organisations (`OrganisationService`, `PlaceReads`).
 */
@Injectable()
export class CoverAssignmentRepository {
  static readonly CHUNK = 5_000;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly walkouts: WalkoutReads,
  ) {}

  /**
   * Each person's answer from walkouts' read port, in the same transaction as the lock: participation is
   * per walkout day, so a shift reads the days it touches (`during`), anything else the whole walkout.
   */
  private async withParticipation(tx: UnitOfWork, trustId: string, walkoutId: string, staff: Omit<CoverStaff, 'participation'>[], during?: ShiftTimes): Promise<CoverStaff[]> {
    const ids = staff.map((s) => s.id);
    const answers = await this.walkouts.participationDuring(tx, trustId, walkoutId, ids, during && { from: during.startsAt, to: during.endsAt });
    return staff.map((s) => ({ ...s, participation: answers.get(s.id) ?? null }));
  }


  async staffExists(trustId: string, staffNumber: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM staff WHERE trust_id = $1 AND staff_number = $2`, [trustId, staffNumber]);
    return rows.length > 0;
  }

  /**
   * Locks the person's row until the transaction ends, so two requests rostering the same person run
   * one after the other and the second sees the first's shift (the 72 h rule cannot be beaten by
   * racing). FOR NO KEY UPDATE rather than FOR UPDATE: it serialises these transactions just the same
   * but does not block unrelated inserts that merely reference the staff row (e.g. recall messages).
   */
  async lockStaffByNumber(tx: UnitOfWork, trustId: string, walkoutId: string, staffNumber: string, during?: ShiftTimes): Promise<CoverStaff | null> {
    const rows: CoverStaff[] = await tx.query(`${SELECT_STAFF} WHERE s.trust_id = $1 AND s.staff_number = $2 FOR NO KEY UPDATE OF s`, [trustId, staffNumber]);
    return (await this.withParticipation(tx, trustId, walkoutId, rows, during))[0] ?? null;
  }

  /** Locks in id order, so two transactions locking overlapping sets cannot deadlock. */
  async lockStaffByIds(tx: UnitOfWork, trustId: string, walkoutId: string, staffIds: string[]): Promise<CoverStaff[]> {
    if (!staffIds.length) return [];
    const rows: CoverStaff[] = await tx.query(`${SELECT_STAFF} WHERE s.trust_id = $1 AND s.id = ANY($2::uuid[]) ORDER BY s.id FOR NO KEY UPDATE OF s`, [trustId, staffIds]);
    return this.withParticipation(tx, trustId, walkoutId, rows);
  }

  /** Staff of these grades, with their answer for this walkout: autofill's candidates. */
  async staffOfGrades(trustId: string, walkoutId: string, grades: readonly string[]): Promise<CoverStaff[]> {
    const rows: CoverStaff[] = await this.dataSource.query(`${SELECT_STAFF} WHERE s.trust_id = $1 AND s.grade = ANY($2::text[]) ORDER BY s.staff_number`, [trustId, grades]);
    return this.withParticipation(this.dataSource.manager, trustId, walkoutId, rows);
  }

  /** Active shifts of these people at any site and for any walkout that touch [from, to), in the caller's transaction. */
  async activeShiftsOf(tx: UnitOfWork, trustId: string, staffIds: string[], from: Date, to: Date): Promise<StaffShift[]> {
    return this.selectActiveShifts(tx, trustId, staffIds, from, to);
  }

  /** The same, read outside any transaction (a plan that saves nothing). */
  async activeShiftsNow(trustId: string, staffIds: string[], from: Date, to: Date): Promise<StaffShift[]> {
    return this.selectActiveShifts(this.dataSource, trustId, staffIds, from, to);
  }

  private async selectActiveShifts(db: Pick<UnitOfWork, 'query'>, trustId: string, staffIds: string[], from: Date, to: Date): Promise<StaffShift[]> {
    if (!staffIds.length) return [];
    return db.query(
      `SELECT staff_id AS "staffId", starts_at AS "startsAt", ends_at AS "endsAt" FROM cover_assignment
       WHERE trust_id = $1 AND staff_id = ANY($2::uuid[]) AND cancelled_at IS NULL AND tstzrange(starts_at, ends_at) && tstzrange($3, $4)
       ORDER BY staff_id, starts_at`,
      [trustId, staffIds, from, to],
    );
  }

  /**
   * One multi-row INSERT for any number of shifts (autofill saves a whole rota at once). An overlap
   * that got past the rules (a writer that skipped the lock) is refused by the exclusion constraint
   * and reported, not thrown; the caller's transaction is then aborted and must end.
   */
  async insertMany(tx: UnitOfWork, rows: NewCoverAssignment[]): Promise<InsertAssignmentsOutcome> {
    const ids = rows.map(() => randomUUID());
    try {
      for (let start = 0; start < rows.length; start += CoverAssignmentRepository.CHUNK) {
        const chunk = rows.slice(start, start + CoverAssignmentRepository.CHUNK);
        await tx.query(
          `INSERT INTO cover_assignment (id, trust_id, walkout_id, department_id, staff_id, starts_at, ends_at, source,
             consent_recorded_at, consent_recorded_by, price_pence, price_by_band, rate_card, created_by)
           SELECT id, trust_id, walkout_id, department_id, staff_id, starts_at, ends_at, source, now(), consent_recorded_by,
                  price_pence, price_by_band, rate_card, created_by
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::timestamptz[], $8::text[],
                       $9::uuid[], $10::int[], $11::jsonb[], $12::text[], $13::uuid[])
             AS r(id, trust_id, walkout_id, department_id, staff_id, starts_at, ends_at, source, consent_recorded_by, price_pence,
                  price_by_band, rate_card, created_by)`,
          [
            ids.slice(start, start + chunk.length),
            chunk.map((r) => r.trustId),
            chunk.map((r) => r.walkoutId),
            chunk.map((r) => r.departmentId),
            chunk.map((r) => r.staffId),
            chunk.map((r) => r.startsAt),
            chunk.map((r) => r.endsAt),
            chunk.map((r) => r.source),
            chunk.map((r) => r.consentRecordedBy),
            chunk.map((r) => r.price.totalPence),
            chunk.map((r) => JSON.stringify(r.price.byBand)),
            chunk.map((r) => r.rateCard),
            chunk.map((r) => r.createdBy),
          ],
        );
      }
    } catch (error) {
      if (isPgError(error, PgErrorCode.ExclusionViolation, 'cover_assignment_no_overlap')) return { ok: false, reason: 'overlap' };
      throw error;
    }
    return { ok: true, ids };
  }

  /** Cancels only an active shift; bumps SEQUENCE so subscribed calendars apply the change. */
  async cancel(tx: UnitOfWork, trustId: string, walkoutId: string, assignmentId: string, cancelledBy: string | null): Promise<boolean> {
    const rows = await tx.query(
      `WITH cancelled AS (
         UPDATE cover_assignment SET cancelled_at = now(), cancelled_by = $4, sequence = sequence + 1, updated_at = now()
         WHERE trust_id = $1 AND walkout_id = $2 AND id = $3 AND cancelled_at IS NULL RETURNING id
       ) SELECT id FROM cancelled`,
      [trustId, walkoutId, assignmentId, cancelledBy],
    );
    return rows.length > 0;
  }

  async findById(trustId: string, walkoutId: string, assignmentId: string): Promise<CoverAssignmentRecord | null> {
    return this.selectById(this.dataSource, trustId, walkoutId, assignmentId);
  }

  /** The shift as the caller's transaction sees it. */
  async findInTransaction(tx: UnitOfWork, trustId: string, walkoutId: string, assignmentId: string): Promise<CoverAssignmentRecord | null> {
    return this.selectById(tx, trustId, walkoutId, assignmentId);
  }

  private async selectById(db: Pick<UnitOfWork, 'query'>, trustId: string, walkoutId: string, assignmentId: string): Promise<CoverAssignmentRecord | null> {
    const rows: CoverAssignmentRecord[] = await db.query(`${SELECT_ASSIGNMENT} WHERE a.trust_id = $1 AND a.walkout_id = $2 AND a.id = $3`, [
      trustId,
      walkoutId,
      assignmentId,
    ]);
    return rows[0] ?? null;
  }

  async findByIds(tx: UnitOfWork, trustId: string, ids: string[]): Promise<CoverAssignmentRecord[]> {
    if (!ids.length) return [];
    return tx.query(`${SELECT_ASSIGNMENT} WHERE a.trust_id = $1 AND a.id = ANY($2::uuid[]) ORDER BY a.starts_at, a.id`, [trustId, ids]);
  }

  async listPage(trustId: string, walkoutId: string, filter: AssignmentListFilter): Promise<CoverAssignmentRecord[]> {
    const params: unknown[] = [trustId, walkoutId, filter.limit];
    const where = ['a.trust_id = $1', 'a.walkout_id = $2'];
    if (filter.status === 'active') where.push('a.cancelled_at IS NULL');
    if (filter.status === 'cancelled') where.push('a.cancelled_at IS NOT NULL');
    if (filter.departmentId) where.push(`a.department_id = $${params.push(filter.departmentId)}`);
    if (filter.after) where.push(`(a.starts_at, a.id) > ($${params.push(filter.after[0])}::timestamptz, $${params.push(filter.after[1])}::uuid)`);
    return this.dataSource.query(`${SELECT_ASSIGNMENT} WHERE ${where.join(' AND ')} ORDER BY a.starts_at, a.id LIMIT $3`, params);
  }

  /** The walkout's active shifts, for the gap grid and autofill. */
  async activeForWalkout(trustId: string, walkoutId: string): Promise<{ departmentId: string; staffId: string; startsAt: Date; endsAt: Date; pricePence: number }[]> {
    return this.dataSource.query(
      `SELECT department_id AS "departmentId", staff_id AS "staffId", starts_at AS "startsAt", ends_at AS "endsAt", price_pence AS "pricePence"
       FROM cover_assignment WHERE trust_id = $1 AND walkout_id = $2 AND cancelled_at IS NULL ORDER BY starts_at, id`,
      [trustId, walkoutId],
    );
  }

  /** Cancelled shifts of this consultant with exactly these times and department: a removal being undone. */
  async cancelledTwins(tx: UnitOfWork, trustId: string, shift: { staffId: string; departmentId: string; startsAt: Date; endsAt: Date }): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM cover_assignment
       WHERE trust_id = $1 AND staff_id = $2 AND department_id = $3 AND starts_at = $4 AND ends_at = $5 AND cancelled_at IS NOT NULL`,
      [trustId, shift.staffId, shift.departmentId, shift.startsAt, shift.endsAt],
    );
    return rows.map((row) => row.id);
  }

  async noticeRows(tx: UnitOfWork, trustId: string, assignmentIds: string[]): Promise<ShiftNoticeRow[]> {
    if (!assignmentIds.length) return [];
    return tx.query(
      `SELECT a.id AS "assignmentId", a.walkout_id AS "walkoutId", a.staff_id AS "staffId", s.given_name AS "givenName",
              a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.department_id AS "departmentId"
       FROM cover_assignment a
       JOIN staff s ON s.id = a.staff_id AND s.trust_id = a.trust_id
       WHERE a.trust_id = $1 AND a.id = ANY($2::uuid[])
       ORDER BY a.starts_at, a.id`,
      [trustId, assignmentIds],
    );
  }
}
