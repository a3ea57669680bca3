import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConsentState, ConsentSource } from '../engine/cover-consent';

export interface NewCoverRequest {
  id: string;
  trustId: string;
  walkoutId: string;
  staffId: string;
  tokenHash: string;
  createdBy: string | null;
}

export interface CoverRequestRecord {
  id: string;
  trustId: string;
  walkoutId: string;
  staffId: string;
  createdAt: Date;
}

/** A shift of a request as the consultant's page and the answer see it. */
export interface RequestedShiftRow {
  assignmentId: string;
  departmentId: string;
  startsAt: Date;
  endsAt: Date;
  consentState: ConsentState;
  consentSource: ConsentSource | null;
  requestExpiresAt: Date;
  cancelled: boolean;
  onCall: 'resident' | 'non-resident';
  plannedBreakStartsAt: Date | null;
  plannedBreakMinutes: number | null;
}

const SELECT_REQUEST = `
  SELECT r.id, r.trust_id AS "trustId", r.walkout_id AS "walkoutId", r.staff_id AS "staffId", r.created_at AS "createdAt"
  FROM cover_request r`;

/** What consultants were asked, one row per consultant per ask, behind one token link each. */
@Injectable()
export class CoverRequestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertMany(tx: UnitOfWork, rows: NewCoverRequest[]): Promise<void> {
    if (!rows.length) return;
    await tx.query(
      `INSERT INTO cover_request (id, trust_id, walkout_id, staff_id, token_hash, created_by)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[])`,
      [rows.map((r) => r.id), rows.map((r) => r.trustId), rows.map((r) => r.walkoutId), rows.map((r) => r.staffId), rows.map((r) => r.tokenHash), rows.map((r) => r.createdBy)],
    );
  }

  /**
   * The one lookup not scoped by a trust id: the token is the whole credential of the link, and the row it
   * finds names the trust everything else is then read within.
   */
  async findByTokenHash(tokenHash: string): Promise<CoverRequestRecord | null> {
    const rows: CoverRequestRecord[] = await this.dataSource.query(`${SELECT_REQUEST} WHERE r.token_hash = $1`, [tokenHash]);
    return rows[0] ?? null;
  }

  /** The request locked until the transaction ends, so two answers to one request run one after the other. */
  async lockByTokenHash(tx: UnitOfWork, tokenHash: string): Promise<CoverRequestRecord | null> {
    const rows: CoverRequestRecord[] = await tx.query(`${SELECT_REQUEST} WHERE r.token_hash = $1 FOR UPDATE OF r`, [tokenHash]);
    return rows[0] ?? null;
  }

  /** The consultant's latest request that still asks something of them at `now`: what a text reply answers. */
  async lockLatestOpenOf(tx: UnitOfWork, trustId: string, staffId: string, now: Date): Promise<CoverRequestRecord | null> {
    const rows: CoverRequestRecord[] = await tx.query(
      `${SELECT_REQUEST}
       WHERE r.trust_id = $1 AND r.staff_id = $2 AND EXISTS (
         SELECT 1 FROM cover_assignment a WHERE a.request_id = r.id AND a.trust_id = r.trust_id AND a.consent_state = 'requested'
           AND a.cancelled_at IS NULL AND a.request_expires_at > $3)
       ORDER BY r.created_at DESC, r.id LIMIT 1 FOR UPDATE OF r`,
      [trustId, staffId, now],
    );
    return rows[0] ?? null;
  }

  async shiftsOf(db: Pick<UnitOfWork, 'query'> | null, trustId: string, requestId: string): Promise<RequestedShiftRow[]> {
    return (db ?? this.dataSource).query(
      `SELECT id AS "assignmentId", department_id AS "departmentId", starts_at AS "startsAt", ends_at AS "endsAt",
              consent_state AS "consentState", consent_source AS "consentSource", request_expires_at AS "requestExpiresAt",
              cancelled_at IS NOT NULL AS cancelled, on_call AS "onCall",
              planned_break_starts_at AS "plannedBreakStartsAt", planned_break_minutes AS "plannedBreakMinutes"
       FROM cover_assignment WHERE trust_id = $1 AND request_id = $2 ORDER BY starts_at, id`,
      [trustId, requestId],
    );
  }
}
