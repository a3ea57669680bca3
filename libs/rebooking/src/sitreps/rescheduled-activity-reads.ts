import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PostponedOnDay } from '../engine/rescheduled-by-day';
import type { ActivityType, RescheduledFigures } from '../engine/rescheduled-activity';

/** A walkout's days as the read port takes them: each with its London date and its bounds. */
export interface WalkoutDayBounds {
  walkoutId: string;
  date: string;
  from: Date;
  to: Date;
}

/**
 * Rebooking's read port for rescheduled activity (docs/architecture.md, "Each table has one owner"):
 * other libs (the console's national view, the national sitrep) ask it rather than naming `appointment`
 * or `slot`. It reads `walkout_activity_tally`, the appointments' figures that triggers keep as counts
 * in the statement that changes them (docs/decisions/0014-walkout-activity-tally.md): a few thousand
 * rows for the whole nation's walkouts, where grouping the appointments themselves read 245,000.
 */
@Injectable()
export class RescheduledActivityReads {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The sitrep's figures of one trust's walkout, by activity type. */
  async figuresOf(trustId: string, walkoutId: string): Promise<({ activity: ActivityType } & RescheduledFigures)[]> {
    return this.dataSource.query(
      `SELECT ${RESCHEDULED_FIGURES} FROM walkout_activity_tally t
       WHERE t.walkout_id = $2 AND t.trust_id = $1
       GROUP BY 1 HAVING sum(t.appointments) <> 0`,
      [trustId, walkoutId],
    );
  }

  /** The same figures for several walkouts (any trusts) at once: the national view. */
  async figuresByWalkout(walkoutIds: readonly string[]): Promise<({ walkoutId: string; activity: ActivityType } & RescheduledFigures)[]> {
    if (!walkoutIds.length) return [];
    return this.dataSource.query(
      `SELECT t.walkout_id AS "walkoutId", ${RESCHEDULED_FIGURES} FROM walkout_activity_tally t
       WHERE t.walkout_id = ANY($1::uuid[])
       GROUP BY 1, 2 HAVING sum(t.appointments) <> 0`,
      [walkoutIds],
    );
  }

  /**
   * Appointments each walkout postponed (the first of each rebooking chain), by the walkout day their
   * original time fell in and by kind: inpatient and day-case procedures, outpatient (new and follow-up).
   */
  async postponedByDay(tx: UnitOfWork, days: readonly WalkoutDayBounds[]): Promise<(PostponedOnDay & { walkoutId: string })[]> {
    if (!days.length) return [];
    return tx.query(
      `WITH day AS (SELECT * FROM unnest($1::uuid[], $2::date[], $3::timestamptz[], $4::timestamptz[]) AS d(walkout_id, date, starts, ends))
       SELECT day.walkout_id AS "walkoutId", to_char(day.date, 'YYYY-MM-DD') AS date,
              ${countOf(`t.kind = 'inpatient'`)} AS inpatient,
              ${countOf(`t.kind = 'day-case'`)} AS "dayCase",
              ${countOf(`t.kind IN ('outpatient-new', 'outpatient-follow-up')`)} AS outpatient
       FROM day
       JOIN walkout_activity_tally t ON t.walkout_id = day.walkout_id AND t.original_starts_at >= day.starts AND t.original_starts_at < day.ends
       GROUP BY day.walkout_id, day.date
       HAVING sum(t.appointments) <> 0`,
      [days.map((d) => d.walkoutId), days.map((d) => d.date), days.map((d) => d.from), days.map((d) => d.to)],
    );
  }
}

/** Appointments of tally rows `t` matching `condition` (each row counts `appointments`, negative for what a statement took away). */
function countOf(condition: string): string {
  return `(coalesce(sum(t.appointments) FILTER (WHERE ${condition}), 0))::int`;
}

/** The sitrep's rescheduled-activity figures of tally rows `t`, by activity type (first column). */
const RESCHEDULED_FIGURES = `CASE WHEN t.kind IN ('day-case', 'inpatient') THEN 'elective' ELSE 'outpatient' END AS activity,
              ${countOf('t.first_of_chain')} AS postponed,
              ${countOf(`t.status IN ('offered', 'confirmed')`)} AS rebooked,
              ${countOf(`t.status = 'confirmed'`)} AS confirmed,
              ${countOf(`t.status IN ('cancelled', 'declined') AND NOT t.rebooked_onward`)} AS unplaced,
              ${countOf(`t.status = 'declined'`)} AS declined,
              ${countOf(`t.status IN ('offered', 'confirmed') AND t.days_after_walkout <= 14`)} AS "within14Days",
              ${countOf(`t.status IN ('offered', 'confirmed') AND t.days_after_walkout > 28`)} AS "breaches28Day"`;
