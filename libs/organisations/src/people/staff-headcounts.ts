import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';

/** Staff of one grade (a walkout's staff group): how many count, and how many of them are in each named set. */
export interface GradeHeadcount {
  grade: string;
  staff: number;
  /** Of `staff`, how many are among `declared.yes` / `declared.no`. */
  declaredYes: number;
  declaredNo: number;
}

/** Who answered a walkout's participation question, by answer (the caller's own table). */
export interface DeclaredStaff {
  yes: readonly string[];
  no: readonly string[];
  /** Any other answer: they still count wherever they are based. */
  other: readonly string[];
}

/** One staff member's answer for one day (the caller's own tables, already resolved per day). */
export interface DeclaredStaffDay {
  day: string;
  staffId: string;
  answer: string;
}

/** Staff of one grade on one day, as GradeHeadcount. */
export interface GradeDayHeadcount extends GradeHeadcount {
  day: string;
}

/**
 * Read port on the `staff` table for headcounts (docs/architecture.md, "One owner per table"): a
 * trust's staff by grade in one grouped query. Counted: staff at these sites (every site when none is
 * given), staff whose site is not recorded (they cannot be placed elsewhere), and anyone in `declared`
 * wherever they are based.
 */
@Injectable()
export class StaffHeadcounts {
  async byGrade(tx: UnitOfWork, trustId: string, siteIds: readonly string[], declared: DeclaredStaff): Promise<GradeHeadcount[]> {
    return tx.query(
      `SELECT s.grade,
              count(*)::int AS staff,
              (count(*) FILTER (WHERE s.id = ANY($3::uuid[])))::int AS "declaredYes",
              (count(*) FILTER (WHERE s.id = ANY($4::uuid[])))::int AS "declaredNo"
       FROM staff s
       WHERE s.trust_id = $1
         AND (cardinality($2::uuid[]) = 0 OR s.site_id IS NULL OR s.site_id = ANY($2::uuid[])
              OR s.id = ANY($3::uuid[]) OR s.id = ANY($4::uuid[]) OR s.id = ANY($5::uuid[]))
       GROUP BY s.grade`,
      [trustId, [...siteIds], [...declared.yes], [...declared.no], [...declared.other]],
    );
  }

  /**
   * The same count for several days in one statement (a walkout's days): staff of these grades only, by
   * day and grade, every (day, grade) present even with nobody declared. Who counts is as in byGrade,
   * with `declared` telling, per day, who answered what.
   */
  async byGradePerDay(tx: UnitOfWork, trustId: string, siteIds: readonly string[], grades: readonly string[], days: readonly string[], declared: readonly DeclaredStaffDay[]): Promise<GradeDayHeadcount[]> {
    if (!days.length || !grades.length) return [];
    return tx.query(
      `WITH answer AS (SELECT * FROM unnest($4::date[], $5::uuid[], $6::text[]) AS a(day, staff_id, answer)),
            day AS (SELECT DISTINCT unnest($3::date[]) AS day)
       SELECT to_char(day.day, 'YYYY-MM-DD') AS day, s.grade,
              count(*)::int AS staff,
              (count(*) FILTER (WHERE a.answer = 'yes'))::int AS "declaredYes",
              (count(*) FILTER (WHERE a.answer = 'no'))::int AS "declaredNo"
       FROM day CROSS JOIN staff s
       LEFT JOIN answer a ON a.day = day.day AND a.staff_id = s.id
       WHERE s.trust_id = $1 AND s.grade = ANY($7::text[])
         AND (cardinality($2::uuid[]) = 0 OR s.site_id IS NULL OR s.site_id = ANY($2::uuid[]) OR a.staff_id IS NOT NULL)
       GROUP BY day.day, s.grade
       ORDER BY day.day, s.grade`,
      [trustId, [...siteIds], [...days], declared.map((d) => d.day), declared.map((d) => d.staffId), declared.map((d) => d.answer), [...grades]],
    );
  }
}
