import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import type { PostponedOnDay } from '../engine/rescheduled-by-day';

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
 * or `slot`. One grouped statement for any number of walkouts and days.
 */
@Injectable()
export class RescheduledActivityReads {
  /**
   * Appointments each walkout postponed (the first of each rebooking chain), by the walkout day their
   * original time fell in and by kind: inpatient and day-case procedures, outpatient (new and follow-up).
   */
  async postponedByDay(tx: UnitOfWork, days: readonly WalkoutDayBounds[]): Promise<(PostponedOnDay & { walkoutId: string })[]> {
    if (!days.length) return [];
    return tx.query(
      `WITH day AS (SELECT * FROM unnest($1::uuid[], $2::date[], $3::timestamptz[], $4::timestamptz[]) AS d(walkout_id, date, starts, ends))
       SELECT day.walkout_id AS "walkoutId", to_char(day.date, 'YYYY-MM-DD') AS date,
              (count(a.id) FILTER (WHERE a.kind = 'inpatient'))::int AS inpatient,
              (count(a.id) FILTER (WHERE a.kind = 'day-case'))::int AS "dayCase",
              (count(a.id) FILTER (WHERE a.kind IN ('outpatient-new', 'outpatient-follow-up')))::int AS outpatient
       FROM day
       JOIN appointment a ON a.walkout_id = day.walkout_id AND a.rebooked_from_id IS NULL AND a.postponed_at IS NOT NULL
       JOIN slot s ON s.id = a.slot_id AND s.starts_at >= day.starts AND s.starts_at < day.ends
       GROUP BY day.walkout_id, day.date`,
      [days.map((d) => d.walkoutId), days.map((d) => d.date), days.map((d) => d.from), days.map((d) => d.to)],
    );
  }
}
