import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalendarShift } from '../engine/cover-calendar';

/** A shift as the calendar feed reads it: the place names are added from organisations. */
export type CalendarShiftRow = Omit<CalendarShift, 'departmentName' | 'siteName' | 'trustName'> & { departmentId: string };

export interface CalendarTokenRow {
  staffId: string;
  seed: Buffer;
  hash: Buffer;
}

@Injectable()
export class CoverCalendarRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Registers a token for each person who has none; existing tokens are kept (links stay stable). */
  async insertMissing(tx: UnitOfWork, trustId: string, rows: CalendarTokenRow[]): Promise<void> {
    if (!rows.length) return;
    await tx.query(
      `INSERT INTO cover_calendar_token (staff_id, trust_id, token_seed, token_hash)
       SELECT staff_id, $1, seed, hash FROM unnest($2::uuid[], $3::bytea[], $4::bytea[]) AS r(staff_id, seed, hash)
       ON CONFLICT (staff_id) DO NOTHING`,
      [trustId, rows.map((r) => r.staffId), rows.map((r) => r.seed), rows.map((r) => r.hash)],
    );
  }

  async tokensOf(tx: UnitOfWork, trustId: string, staffIds: string[]): Promise<CalendarTokenRow[]> {
    if (!staffIds.length) return [];
    return tx.query(
      `SELECT staff_id AS "staffId", token_seed AS seed, token_hash AS hash FROM cover_calendar_token WHERE trust_id = $1 AND staff_id = ANY($2::uuid[])`,
      [trustId, staffIds],
    );
  }

  /** After a server key rotation the seed derives a new token: register its hash (the old link stops working). */
  async replaceHash(tx: UnitOfWork, trustId: string, staffId: string, hash: Buffer): Promise<void> {
    await tx.query(`UPDATE cover_calendar_token SET token_hash = $3 WHERE trust_id = $1 AND staff_id = $2`, [trustId, staffId, hash]);
  }

  /**
   * The one lookup not scoped by a trust id: the token is the whole credential of a public link, and
   * the row it finds names the trust everything else is then read within.
   */
  async ownerOf(tokenHash: Buffer): Promise<{ staffId: string; trustId: string } | null> {
    const rows = await this.dataSource.query(`SELECT staff_id AS "staffId", trust_id AS "trustId" FROM cover_calendar_token WHERE token_hash = $1`, [tokenHash]);
    return rows[0] ?? null;
  }

  /**
   * Every cover shift of the person that was ever booked (accepted), cancelled ones included so
   * subscribed calendars drop them, in the caller's transaction; a shift only asked of them, declined or
   * expired never was in their calendar. Where each is, by name, comes from organisations' read port.
   */
  async shiftsOf(tx: UnitOfWork, trustId: string, staffId: string): Promise<CalendarShiftRow[]> {
    const rows: (Omit<CalendarShiftRow, 'cancelled'> & { cancelledAt: Date | null })[] = await tx.query(
      `SELECT a.id AS "assignmentId", a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.department_id AS "departmentId",
              a.cancelled_at AS "cancelledAt", a.sequence, a.created_at AS "createdAt", a.updated_at AS "updatedAt"
       FROM cover_assignment a
       WHERE a.trust_id = $1 AND a.staff_id = $2 AND a.consent_recorded_at IS NOT NULL
       ORDER BY a.starts_at, a.id`,
      [trustId, staffId],
    );
    return rows.map(({ cancelledAt, ...shift }) => ({ ...shift, cancelled: cancelledAt !== null }));
  }
}
