import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ParticipationAnswer, WalkoutMode, WalkoutStatus } from '../engine/walkout-rules';

export interface WalkoutRecord {
  id: string;
  trustId: string;
  unionName: string;
  staffGroups: string[];
  mode: WalkoutMode;
  startsAt: Date;
  endsAt: Date;
  noticeReceivedAt: Date | null;
  calledOffAt: Date | null;
  callOffReason: string | null;
  createdAt: Date;
  siteIds: string[];
}

export interface NewWalkout {
  trustId: string;
  unionName: string;
  staffGroups: string[];
  mode: WalkoutMode;
  startsAt: Date;
  endsAt: Date;
  noticeReceivedAt: Date | null;
  siteIds: string[];
  createdBy: string | null;
}

export interface WalkoutListFilter {
  status?: WalkoutStatus;
  from?: Date;
  to?: Date;
  after: [string, string] | null;
  limit: number;
  now: Date;
}

const SELECT_WALKOUT = `
  SELECT w.id, w.trust_id AS "trustId", w.union_name AS "unionName", w.staff_groups AS "staffGroups", w.mode,
         w.starts_at AS "startsAt", w.ends_at AS "endsAt", w.notice_received_at AS "noticeReceivedAt",
         w.called_off_at AS "calledOffAt", w.call_off_reason AS "callOffReason", w.created_at AS "createdAt",
         COALESCE((SELECT array_agg(ws.site_id ORDER BY ws.site_id) FROM walkout_site ws WHERE ws.walkout_id = w.id), '{}') AS "siteIds"
  FROM walkout w`;

/** The SQL twin of walkoutStatus(): lets the list filter by status in the database. */
function statusCondition(status: WalkoutStatus, nowParameter: () => string): string {
  if (status === 'called-off') return 'w.called_off_at IS NOT NULL';
  const nowParam = nowParameter();
  switch (status) {
    case 'announced':
      return `w.called_off_at IS NULL AND w.starts_at > ${nowParam}`;
    case 'in-progress':
      return `w.called_off_at IS NULL AND w.starts_at <= ${nowParam} AND w.ends_at > ${nowParam}`;
    case 'ended':
      return `w.called_off_at IS NULL AND w.ends_at <= ${nowParam}`;
  }
}

@Injectable()
export class WalkoutRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The walkout and its sites, in the caller's transaction: never a walkout without the sites it names. */
  async insert(tx: UnitOfWork, walkout: NewWalkout): Promise<string> {
    const [row]: { id: string }[] = await tx.query(
      `INSERT INTO walkout (trust_id, union_name, staff_groups, mode, starts_at, ends_at, notice_received_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [walkout.trustId, walkout.unionName, walkout.staffGroups, walkout.mode, walkout.startsAt, walkout.endsAt, walkout.noticeReceivedAt, walkout.createdBy],
    );
    if (walkout.siteIds.length) {
      await tx.query(`INSERT INTO walkout_site (walkout_id, trust_id, site_id) SELECT $1, $2, unnest($3::uuid[])`, [row.id, walkout.trustId, walkout.siteIds]);
    }
    return row.id;
  }

  /** The walkout, its row locked FOR UPDATE until the caller's transaction ends. */
  async lockForChange(tx: UnitOfWork, trustId: string, walkoutId: string): Promise<WalkoutRecord | null> {
    const rows: WalkoutRecord[] = await tx.query(`${SELECT_WALKOUT} WHERE w.trust_id = $1 AND w.id = $2 FOR UPDATE OF w`, [trustId, walkoutId]);
    return rows[0] ?? null;
  }

  /** New times, groups, notice and sites (the site list replaced as a whole), in the caller's transaction. */
  async updateShape(
    tx: UnitOfWork,
    trustId: string,
    walkoutId: string,
    shape: { startsAt: Date; endsAt: Date; staffGroups: string[]; siteIds: string[]; noticeReceivedAt: Date | null },
  ): Promise<void> {
    await tx.query(
      `UPDATE walkout SET starts_at = $3, ends_at = $4, staff_groups = $5, notice_received_at = $6 WHERE trust_id = $1 AND id = $2`,
      [trustId, walkoutId, shape.startsAt, shape.endsAt, shape.staffGroups, shape.noticeReceivedAt],
    );
    await tx.query(`DELETE FROM walkout_site WHERE trust_id = $1 AND walkout_id = $2 AND NOT (site_id = ANY($3::uuid[]))`, [trustId, walkoutId, shape.siteIds]);
    await tx.query(
      `INSERT INTO walkout_site (walkout_id, trust_id, site_id) SELECT $2, $1, unnest($3::uuid[]) ON CONFLICT (walkout_id, site_id) DO NOTHING`,
      [trustId, walkoutId, shape.siteIds],
    );
  }

  async findById(trustId: string, walkoutId: string): Promise<WalkoutRecord | null> {
    const rows: WalkoutRecord[] = await this.dataSource.query(`${SELECT_WALKOUT} WHERE w.trust_id = $1 AND w.id = $2`, [trustId, walkoutId]);
    return rows[0] ?? null;
  }

  async list(trustId: string, filter: WalkoutListFilter): Promise<WalkoutRecord[]> {
    const params: unknown[] = [trustId, filter.limit];
    const where = ['w.trust_id = $1'];
    if (filter.status) where.push(statusCondition(filter.status, () => `$${params.push(filter.now)}::timestamptz`));
    if (filter.from) where.push(`w.ends_at > $${params.push(filter.from)}`);
    if (filter.to) where.push(`w.starts_at < $${params.push(filter.to)}`);
    if (filter.after) {
      const startsAt = params.push(filter.after[0]);
      const id = params.push(filter.after[1]);
      where.push(`(w.starts_at, w.id) > ($${startsAt}::timestamptz, $${id}::uuid)`);
    }
    return this.dataSource.query(`${SELECT_WALKOUT} WHERE ${where.join(' AND ')} ORDER BY w.starts_at, w.id LIMIT $2`, params);
  }

  /** Walkouts of the trust that share a staff group and overlap [from, to): candidates for the overlap warning. */
  async findOverlapping(trustId: string, staffGroups: string[], from: Date, to: Date): Promise<WalkoutRecord[]> {
    return this.dataSource.query(
      `${SELECT_WALKOUT} WHERE w.trust_id = $1 AND w.called_off_at IS NULL AND w.staff_groups && $2::text[]
         AND tstzrange(w.starts_at, w.ends_at) && tstzrange($3, $4)`,
      [trustId, staffGroups, from, to],
    );
  }

  /**
   * Calls off only if still callable (not called off, not ended) — checked in the UPDATE itself, so two
   * concurrent call-offs cannot both succeed. Returns false when nothing was changed.
   */
  async callOff(trustId: string, walkoutId: string, reason: string, now: Date): Promise<boolean> {
    // Wrapped in a CTE: TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
    const rows = await this.dataSource.query(
      `WITH updated AS (
         UPDATE walkout SET called_off_at = $3, call_off_reason = $4
         WHERE trust_id = $1 AND id = $2 AND called_off_at IS NULL AND ends_at > $3 RETURNING id
       ) SELECT id FROM updated`,
      [trustId, walkoutId, now, reason],
    );
    return rows.length > 0;
  }

  async participationSummary(trustId: string, walkoutId: string): Promise<Record<ParticipationAnswer, number>> {
    const rows: { answer: ParticipationAnswer; count: string }[] = await this.dataSource.query(
      `SELECT intends_to_strike AS answer, count(*) AS count FROM walkout_participation
       WHERE trust_id = $1 AND walkout_id = $2 GROUP BY intends_to_strike`,
      [trustId, walkoutId],
    );
    const summary = { yes: 0, no: 0, unknown: 0 };
    for (const row of rows) summary[row.answer] = Number(row.count);
    return summary;
  }

  /** Every trust's walkouts running at some point of [from, to), called off or not: the national view's day. */
  async listAcrossTrustsInWindow(from: Date, to: Date): Promise<WalkoutRecord[]> {
    return this.dataSource.query(`${SELECT_WALKOUT} WHERE w.ends_at > $1 AND w.starts_at < $2 ORDER BY w.trust_id, w.starts_at, w.id`, [from, to]);
  }

  /**
   * Participation answers of several walkouts (any trusts) for one day of each, in one query: the day's
   * own answer, else the whole-walkout one (answerForDay, in SQL).
   */
  async participationByWalkoutDay(walkoutDays: { walkoutId: string; day: string }[]): Promise<Map<string, Record<ParticipationAnswer, number>>> {
    const byWalkout = new Map(walkoutDays.map((w) => [w.walkoutId, { yes: 0, no: 0, unknown: 0 }]));
    if (!walkoutDays.length) return byWalkout;
    const rows: { walkoutId: string; answer: ParticipationAnswer; count: number }[] = await this.dataSource.query(
      `WITH w AS (SELECT * FROM unnest($1::uuid[], $2::date[]) AS w(walkout_id, day)),
            who AS (
              SELECT w.walkout_id, w.day, p.staff_id FROM w JOIN walkout_participation p ON p.walkout_id = w.walkout_id
              UNION SELECT w.walkout_id, w.day, d.staff_id FROM w JOIN walkout_participation_day d ON d.walkout_id = w.walkout_id
            )
       SELECT who.walkout_id AS "walkoutId", COALESCE(d.intends_to_strike, p.intends_to_strike) AS answer, count(*)::int AS count
       FROM who
       LEFT JOIN walkout_participation p ON p.walkout_id = who.walkout_id AND p.staff_id = who.staff_id
       LEFT JOIN walkout_participation_day d ON d.walkout_id = who.walkout_id AND d.staff_id = who.staff_id AND d.day = who.day
       WHERE COALESCE(d.intends_to_strike, p.intends_to_strike) IS NOT NULL
       GROUP BY 1, 2`,
      [walkoutDays.map((w) => w.walkoutId), walkoutDays.map((w) => w.day)],
    );
    for (const row of rows) byWalkout.get(row.walkoutId)![row.answer] = row.count;
    return byWalkout;
  }
}
