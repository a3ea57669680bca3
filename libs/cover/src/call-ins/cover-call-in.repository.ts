import { isPgError, PgErrorCode, UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface CallInRecord {
  id: string;
  assignmentId: string;
  startsAt: Date;
  endsAt: Date;
  note: string | null;
  exceededLimits: string[];
  compensatoryRestMinutes: number;
  createdAt: Date;
}

const COLUMNS = `id, assignment_id AS "assignmentId", starts_at AS "startsAt", ends_at AS "endsAt", note, exceeded_limits AS "exceededLimits",
  compensatory_rest_minutes AS "compensatoryRestMinutes", created_at AS "createdAt"`;

/** The hours a non-resident on-call consultant was called in: the only part of on-call that is work. */
@Injectable()
export class CoverCallInRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** null: it overlaps a call-in already recorded for this on-call period. */
  async insert(
    tx: UnitOfWork,
    trustId: string,
    row: { assignmentId: string; startsAt: Date; endsAt: Date; note: string | null; exceededLimits: string[]; compensatoryRestMinutes: number; recordedBy: string | null },
  ): Promise<CallInRecord | null> {
    try {
      const [record] = await tx.query(
        `INSERT INTO cover_call_in (trust_id, assignment_id, starts_at, ends_at, note, exceeded_limits, compensatory_rest_minutes, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [trustId, row.assignmentId, row.startsAt, row.endsAt, row.note, row.exceededLimits, row.compensatoryRestMinutes, row.recordedBy],
      );
      return record;
    } catch (error) {
      if (isPgError(error, PgErrorCode.ExclusionViolation, 'cover_call_in_no_overlap')) return null;
      throw error;
    }
  }

  async listFor(db: Pick<UnitOfWork, 'query'> | null, trustId: string, assignmentIds: string[]): Promise<CallInRecord[]> {
    if (!assignmentIds.length) return [];
    return (db ?? this.dataSource).query(`SELECT ${COLUMNS} FROM cover_call_in WHERE trust_id = $1 AND assignment_id = ANY($2::uuid[]) ORDER BY starts_at, id`, [
      trustId,
      assignmentIds,
    ]);
  }
}
