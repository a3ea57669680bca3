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
}
