import { isPgError, PgErrorCode, UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AvailabilityWindow } from '../engine/cover-consent';

export interface AvailabilityRecord {
  id: string;
  staffId: string;
  startsAt: Date;
  endsAt: Date;
  note: string | null;
  createdAt: Date;
  withdrawnAt: Date | null;
}

const SELECT = `
  SELECT w.id, w.staff_id AS "staffId", w.starts_at AS "startsAt", w.ends_at AS "endsAt", w.note,
         w.created_at AS "createdAt", w.withdrawn_at AS "withdrawnAt"
  FROM cover_availability w`;

/** Windows consultants declared themselves available in advance: their consent for cover inside them. */
@Injectable()
export class CoverAvailabilityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** null: it overlaps a window the person already declared (the exclusion constraint decides, whatever races). */
  async insert(trustId: string, row: { staffId: string; startsAt: Date; endsAt: Date; note: string | null; recordedBy: string | null }): Promise<AvailabilityRecord | null> {
    try {
      const [{ id }] = await this.dataSource.query(
        `INSERT INTO cover_availability (trust_id, staff_id, starts_at, ends_at, note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [trustId, row.staffId, row.startsAt, row.endsAt, row.note, row.recordedBy],
      );
      return this.findById(trustId, id);
    } catch (error) {
      if (isPgError(error, PgErrorCode.ExclusionViolation, 'cover_availability_no_overlap')) return null;
      throw error;
    }
  }

  async findById(trustId: string, id: string): Promise<AvailabilityRecord | null> {
    const rows: AvailabilityRecord[] = await this.dataSource.query(`${SELECT} WHERE w.trust_id = $1 AND w.id = $2`, [trustId, id]);
    return rows[0] ?? null;
  }

  async listPage(trustId: string, filter: { staffId?: string; includeWithdrawn: boolean; after: [string, string] | null; limit: number }): Promise<AvailabilityRecord[]> {
    const params: unknown[] = [trustId, filter.limit];
    const where = ['w.trust_id = $1'];
    if (!filter.includeWithdrawn) where.push('w.withdrawn_at IS NULL');
    if (filter.staffId) where.push(`w.staff_id = $${params.push(filter.staffId)}`);
    if (filter.after) where.push(`(w.starts_at, w.id) > ($${params.push(filter.after[0])}::timestamptz, $${params.push(filter.after[1])}::uuid)`);
    return this.dataSource.query(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY w.starts_at, w.id LIMIT $2`, params);
  }

  /** Withdrawn only if still standing; shifts already accepted inside it keep the consent they had. */
  async withdraw(trustId: string, id: string, userId: string | null): Promise<boolean> {
    const rows = await this.dataSource.query(
      `WITH w AS (UPDATE cover_availability SET withdrawn_at = now(), withdrawn_by = $3 WHERE trust_id = $1 AND id = $2 AND withdrawn_at IS NULL RETURNING id) SELECT id FROM w`,
      [trustId, id, userId],
    );
    return rows.length > 0;
  }

  /** Standing windows of these people touching [from, to), by person. `db` null: outside a transaction. */
  async standingWindowsOf(db: Pick<UnitOfWork, 'query'> | null, trustId: string, staffIds: string[], from: Date, to: Date): Promise<Map<string, AvailabilityWindow[]>> {
    const byStaff = new Map<string, AvailabilityWindow[]>();
    if (!staffIds.length) return byStaff;
    const rows: (AvailabilityWindow & { staffId: string })[] = await (db ?? this.dataSource).query(
      `SELECT id, staff_id AS "staffId", starts_at AS "startsAt", ends_at AS "endsAt" FROM cover_availability
       WHERE trust_id = $1 AND staff_id = ANY($2::uuid[]) AND withdrawn_at IS NULL AND tstzrange(starts_at, ends_at) && tstzrange($3, $4)
       ORDER BY staff_id, starts_at`,
      [trustId, staffIds, from, to],
    );
    for (const { staffId, ...window } of rows) {
      const list = byStaff.get(staffId) ?? [];
      list.push(window);
      byStaff.set(staffId, list);
    }
    return byStaff;
  }
}
