import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { ParticipationAnswer } from '../engine/walkout-rules';

/** A walkout's times, striking groups and sites, as other libs need them to decide who is on strike. */
export interface WalkoutSpan {
  id: string;
  staffGroups: string[];
  startsAt: Date;
  endsAt: Date;
  calledOffAt: Date | null;
  /** The walkout's sites; empty means every site of the trust. */
  siteIds: string[];
}

const SELECT_SPAN = `SELECT w.id, w.staff_groups AS "staffGroups", w.starts_at AS "startsAt", w.ends_at AS "endsAt", w.called_off_at AS "calledOffAt",
       COALESCE((SELECT array_agg(ws.site_id ORDER BY ws.site_id) FROM walkout_site ws WHERE ws.walkout_id = w.id), '{}') AS "siteIds"
  FROM walkout w`;

/**
 * The walkouts lib's read port: other libs read `walkout` and `walkout_site` only through it, inside
 * their own transaction (the first argument). One statement per call, whatever the number of sites.
 */
@Injectable()
export class WalkoutReads {
  /**
   * Walkouts of the trust running at `at` (not called off) that cover at least one of `siteIds` — a
   * walkout naming no sites covers all of them.
   */
  async inProgressAtSites(tx: UnitOfWork, trustId: string, siteIds: string[], at: Date): Promise<WalkoutSpan[]> {
    return tx.query(
      `${SELECT_SPAN}
       WHERE w.trust_id = $1 AND w.called_off_at IS NULL AND w.starts_at <= $3 AND w.ends_at > $3
         AND (NOT EXISTS (SELECT 1 FROM walkout_site ws WHERE ws.walkout_id = w.id)
              OR EXISTS (SELECT 1 FROM walkout_site ws WHERE ws.walkout_id = w.id AND ws.site_id = ANY($2::uuid[])))
       ORDER BY w.starts_at, w.id`,
      [trustId, siteIds, at],
    );
  }

  /** One walkout of the trust, or null when it is not one of the trust's. */
  async windowOf(tx: UnitOfWork, trustId: string, walkoutId: string): Promise<WalkoutSpan | null> {
    const rows: WalkoutSpan[] = await tx.query(`${SELECT_SPAN} WHERE w.trust_id = $1 AND w.id = $2`, [trustId, walkoutId]);
    return rows[0] ?? null;
  }

  /** These walkouts by id, across trusts (for sweepers that look after every trust); unknown ids are absent. */
  async windowsOf(tx: UnitOfWork, walkoutIds: readonly string[]): Promise<Map<string, WalkoutSpan>> {
    if (!walkoutIds.length) return new Map();
    const rows: WalkoutSpan[] = await tx.query(`${SELECT_SPAN} WHERE w.id = ANY($1::uuid[])`, [[...new Set(walkoutIds)]]);
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Each of these staff's answer to "will you strike in this walkout?" (staff who gave none are absent). */
  async participationOf(tx: UnitOfWork, trustId: string, walkoutId: string, staffIds: readonly string[]): Promise<Map<string, ParticipationAnswer>> {
    if (!staffIds.length) return new Map();
    const rows: { staffId: string; answer: ParticipationAnswer }[] = await tx.query(
      `SELECT staff_id AS "staffId", intends_to_strike AS answer FROM walkout_participation WHERE trust_id = $1 AND walkout_id = $2 AND staff_id = ANY($3::uuid[])`,
      [trustId, walkoutId, staffIds],
    );
    return new Map(rows.map((row) => [row.staffId, row.answer]));
  }
}
