import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface DeclarationRecord {
  id: string;
  trustId: string;
  walkoutId: string;
  staffId: string;
  /** The walkout day asked about (its London date). */
  day: string;
  answer: 'yes' | 'no' | null;
  answeredVia: 'link' | 'text-reply' | null;
  answeredAt: Date | null;
}

/** A walkout some of whose days may be due for declaration requests (any trust). */
export interface DeclarationWalkout {
  id: string;
  trustId: string;
  staffGroups: string[];
  startsAt: Date;
  endsAt: Date;
  siteIds: string[];
}

const SELECT_DECLARATION = `SELECT d.id, d.trust_id AS "trustId", d.walkout_id AS "walkoutId", d.staff_id AS "staffId", to_char(d.day, 'YYYY-MM-DD') AS day,
       d.answer, d.answered_via AS "answeredVia", d.answered_at AS "answeredAt"
  FROM participation_declaration d`;

/** Declaration requests (docs/domain.md, "Daily declarations"): one per person per walkout day; tokens stored as SHA-256 only. */
@Injectable()
export class DeclarationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Walkouts of every trust, not called off, that have not ended and start within `lookAheadMs`: the
   * only ones whose days can be due (a day is asked about from the evening before).
   */
  async walkoutsStartingBefore(now: Date, lookAheadMs: number): Promise<DeclarationWalkout[]> {
    return this.dataSource.query(
      `SELECT w.id, w.trust_id AS "trustId", w.staff_groups AS "staffGroups", w.starts_at AS "startsAt", w.ends_at AS "endsAt",
              COALESCE((SELECT array_agg(ws.site_id ORDER BY ws.site_id) FROM walkout_site ws WHERE ws.walkout_id = w.id), '{}') AS "siteIds"
       FROM walkout w
       WHERE w.called_off_at IS NULL AND w.ends_at > $1 AND w.starts_at < $2
       ORDER BY w.starts_at, w.id`,
      [now, new Date(now.getTime() + lookAheadMs)],
    );
  }

  /**
   * Inserts the requests not yet made, in the caller's transaction, and returns only those: a person
   * already asked about this day is skipped by the unique constraint, so running the job again sends
   * nothing twice.
   */
  async insertNew(tx: UnitOfWork, trustId: string, walkoutId: string, day: string, rows: { staffId: string; tokenHash: string }[]): Promise<{ id: string; staffId: string; tokenHash: string }[]> {
    if (!rows.length) return [];
    return tx.query(
      `INSERT INTO participation_declaration (trust_id, walkout_id, staff_id, day, token_hash)
       SELECT $1, $2, staff_id, $3, token_hash FROM unnest($4::uuid[], $5::text[]) AS u(staff_id, token_hash)
       ON CONFLICT (walkout_id, staff_id, day) DO NOTHING
       RETURNING id, staff_id AS "staffId", token_hash AS "tokenHash"`,
      [trustId, walkoutId, day, rows.map((r) => r.staffId), rows.map((r) => r.tokenHash)],
    );
  }

  async findByTokenHash(tokenHash: string): Promise<DeclarationRecord | null> {
    const rows: DeclarationRecord[] = await this.dataSource.query(`${SELECT_DECLARATION} WHERE d.token_hash = $1`, [tokenHash]);
    return rows[0] ?? null;
  }

  /** The request, locked until the caller's transaction ends (two answers at once: one after the other). */
  async lock(tx: UnitOfWork, by: { tokenHash: string } | { id: string }): Promise<DeclarationRecord | null> {
    const [condition, value] = 'id' in by ? ['d.id = $1', by.id] : ['d.token_hash = $1', by.tokenHash];
    const rows: DeclarationRecord[] = await tx.query(`${SELECT_DECLARATION} WHERE ${condition} FOR UPDATE`, [value]);
    return rows[0] ?? null;
  }

  async recordAnswer(tx: UnitOfWork, id: string, answer: 'yes' | 'no', via: 'link' | 'text-reply', at: Date): Promise<void> {
    await tx.query(`UPDATE participation_declaration SET answer = $2, answered_via = $3, answered_at = $4 WHERE id = $1`, [id, answer, via, at]);
  }

  /** Requests sent and answered per day of a walkout. */
  async countsByDay(trustId: string, walkoutId: string): Promise<Map<string, { sent: number; answered: number }>> {
    const rows: { day: string; sent: number; answered: number }[] = await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, count(*)::int AS sent, (count(*) FILTER (WHERE answer IS NOT NULL))::int AS answered
       FROM participation_declaration WHERE trust_id = $1 AND walkout_id = $2 GROUP BY day`,
      [trustId, walkoutId],
    );
    return new Map(rows.map((row) => [row.day, { sent: row.sent, answered: row.answered }]));
  }
}
