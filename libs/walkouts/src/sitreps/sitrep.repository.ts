import type { UnitOfWork } from '@app/core';
import type { DeclaredStaffDay } from '@app/organisations';
import { Injectable } from '@nestjs/common';

@Injectable()
export class SitrepRepository {
  /**
   * Who answered what for each of these walkout days, the day's own answer winning over the
   * whole-walkout one (answerForDay, in SQL), in one query. The staff counts per group come from
   * organisations' StaffHeadcounts port, which takes these rows (see it for who counts).
   */
  async declaredByDay(tx: UnitOfWork, trustId: string, walkoutId: string, days: readonly string[]): Promise<DeclaredStaffDay[]> {
    return tx.query(
      `WITH day AS (SELECT DISTINCT unnest($3::date[]) AS day),
            who AS (
              SELECT staff_id FROM walkout_participation WHERE trust_id = $1 AND walkout_id = $2
              UNION SELECT staff_id FROM walkout_participation_day WHERE trust_id = $1 AND walkout_id = $2
            )
       SELECT to_char(day.day, 'YYYY-MM-DD') AS day, who.staff_id AS "staffId", COALESCE(d.intends_to_strike, p.intends_to_strike) AS answer
       FROM day CROSS JOIN who
       LEFT JOIN walkout_participation p ON p.walkout_id = $2 AND p.staff_id = who.staff_id
       LEFT JOIN walkout_participation_day d ON d.walkout_id = $2 AND d.staff_id = who.staff_id AND d.day = day.day
       WHERE COALESCE(d.intends_to_strike, p.intends_to_strike) IS NOT NULL`,
      [trustId, walkoutId, [...days]],
    );
  }
}
