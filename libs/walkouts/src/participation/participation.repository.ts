import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ParticipationAnswer } from '../engine/walkout-rules';

export type DayAnswerSource = 'admin' | 'link' | 'text-reply';

/** A staff member's answers for one walkout: the whole-walkout one and each day's own. */
export interface StaffAnswers {
  staffId: string;
  whole: ParticipationAnswer | null;
  /** London date → that day's own answer. */
  days: Record<string, ParticipationAnswer>;
}

/** Community and mental-health cancellations a trust recorded for one walkout day; null: not recorded. */
export interface ActivityCancellations {
  walkoutId: string;
  day: string;
  community: number | null;
  mentalHealth: number | null;
}

/**
 * Participation per walkout day (docs/domain.md, "Participation"): the whole-walkout answers in
 * `walkout_participation` and each day's own in `walkout_participation_day`, resolved per day by
 * answerForDay. Set-based: one statement for a whole upload or a whole walkout.
 */
@Injectable()
export class ParticipationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A walkout's times, to resolve its days (any trust's; null when it is not the trust's). */
  async walkoutTimes(trustId: string, walkoutId: string): Promise<{ startsAt: Date; endsAt: Date; calledOffAt: Date | null } | null> {
    const rows = await this.dataSource.query(
      `SELECT starts_at AS "startsAt", ends_at AS "endsAt", called_off_at AS "calledOffAt" FROM walkout WHERE trust_id = $1 AND id = $2`,
      [trustId, walkoutId],
    );
    return rows[0] ?? null;
  }

  /** Whole-walkout answers, in the caller's transaction. */
  async upsertWhole(tx: UnitOfWork, trustId: string, walkoutId: string, entries: { staffId: string; answer: ParticipationAnswer }[]): Promise<void> {
    if (!entries.length) return;
    await tx.query(
      `INSERT INTO walkout_participation (walkout_id, trust_id, staff_id, intends_to_strike)
       SELECT $1, $2, * FROM unnest($3::uuid[], $4::text[])
       ON CONFLICT (walkout_id, staff_id) DO UPDATE SET intends_to_strike = EXCLUDED.intends_to_strike, updated_at = now()`,
      [walkoutId, trustId, entries.map((e) => e.staffId), entries.map((e) => e.answer)],
    );
  }

  /** One day's answers (a later answer for the same day replaces the earlier), in the caller's transaction. */
  async upsertDays(tx: UnitOfWork, trustId: string, walkoutId: string, entries: { staffId: string; day: string; answer: ParticipationAnswer }[], source: DayAnswerSource): Promise<void> {
    if (!entries.length) return;
    await tx.query(
      `INSERT INTO walkout_participation_day (walkout_id, trust_id, staff_id, day, intends_to_strike, source)
       SELECT $1, $2, staff_id, day, answer, $6 FROM unnest($3::uuid[], $4::date[], $5::text[]) AS u(staff_id, day, answer)
       ON CONFLICT (walkout_id, staff_id, day) DO UPDATE SET intends_to_strike = EXCLUDED.intends_to_strike, source = EXCLUDED.source, updated_at = now()`,
      [walkoutId, trustId, entries.map((e) => e.staffId), entries.map((e) => e.day), entries.map((e) => e.answer), source],
    );
  }

  /** Day answers for days the walkout no longer has (its dates were changed), in the edit's transaction. */
  async dropDaysOutside(tx: UnitOfWork, trustId: string, walkoutId: string, days: readonly string[]): Promise<void> {
    await tx.query(`DELETE FROM walkout_participation_day WHERE trust_id = $1 AND walkout_id = $2 AND NOT (day = ANY($3::date[]))`, [trustId, walkoutId, [...days]]);
  }

  /** Every answer of the walkout, whole and per day, for each staff member who gave any (or, given, only these staff). */
  async answersOf(tx: UnitOfWork | null, trustId: string, walkoutId: string, staffIds?: readonly string[]): Promise<StaffAnswers[]> {
    const db = tx ?? this.dataSource.manager;
    return db.query(
      `WITH who AS (
         SELECT staff_id FROM walkout_participation WHERE trust_id = $1 AND walkout_id = $2 AND ($3::uuid[] IS NULL OR staff_id = ANY($3::uuid[]))
         UNION
         SELECT staff_id FROM walkout_participation_day WHERE trust_id = $1 AND walkout_id = $2 AND ($3::uuid[] IS NULL OR staff_id = ANY($3::uuid[]))
       )
       SELECT who.staff_id AS "staffId", p.intends_to_strike AS whole,
              COALESCE((SELECT json_object_agg(to_char(d.day, 'YYYY-MM-DD'), d.intends_to_strike)
                        FROM walkout_participation_day d WHERE d.walkout_id = $2 AND d.staff_id = who.staff_id), '{}'::json) AS days
       FROM who
       LEFT JOIN walkout_participation p ON p.walkout_id = $2 AND p.staff_id = who.staff_id
       ORDER BY who.staff_id`,
      [trustId, walkoutId, staffIds ? [...staffIds] : null],
    );
  }

  async upsertActivityCancellations(tx: UnitOfWork, trustId: string, walkoutId: string, rows: { day: string; community: number | null; mentalHealth: number | null }[], recordedBy: string | null): Promise<void> {
    if (!rows.length) return;
    await tx.query(
      `INSERT INTO walkout_activity_cancellation (walkout_id, trust_id, day, community, mental_health, recorded_by)
       SELECT $1, $2, day, community, mental_health, $6 FROM unnest($3::date[], $4::int[], $5::int[]) AS u(day, community, mental_health)
       ON CONFLICT (walkout_id, day) DO UPDATE SET community = EXCLUDED.community, mental_health = EXCLUDED.mental_health,
         recorded_by = EXCLUDED.recorded_by, updated_at = now()`,
      [walkoutId, trustId, rows.map((r) => r.day), rows.map((r) => r.community), rows.map((r) => r.mentalHealth), recordedBy],
    );
  }
}
