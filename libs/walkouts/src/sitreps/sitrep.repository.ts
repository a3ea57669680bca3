import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StaffGroupCounts } from '../engine/workforce-sitrep';

@Injectable()
export class SitrepRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Staff per group with their answers for this walkout. Counted: staff at the walkout's sites (every
   * site when it names none), staff whose site is not recorded (they cannot be placed elsewhere), and
   * anyone who answered for this walkout wherever they are based.
   */
  async staffGroupCounts(trustId: string, walkoutId: string, siteIds: string[]): Promise<StaffGroupCounts[]> {
    return this.dataSource.query(
      `SELECT s.grade AS "staffGroup",
              count(*)::int AS staff,
              (count(*) FILTER (WHERE p.intends_to_strike = 'yes'))::int AS "declaredYes",
              (count(*) FILTER (WHERE p.intends_to_strike = 'no'))::int AS "declaredNo"
       FROM staff s
       LEFT JOIN walkout_participation p ON p.trust_id = s.trust_id AND p.staff_id = s.id AND p.walkout_id = $2
       WHERE s.trust_id = $1
         AND (cardinality($3::uuid[]) = 0 OR s.site_id IS NULL OR s.site_id = ANY($3::uuid[]) OR p.staff_id IS NOT NULL)
       GROUP BY s.grade`,
      [trustId, walkoutId, siteIds],
    );
  }
}
