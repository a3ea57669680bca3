import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The upkeep of `walkout_activity_tally` (docs/decisions/0014-walkout-activity-tally.md): triggers append
 * to it, RescheduledActivityReads reads it, and this folds it.
 */
@Injectable()
export class ActivityTallyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Folds every walkout with rows appended since the last fold into one row per combination (the
   * scheduled job; reads are exact either way, this keeps them short). Rows appended while it runs are
   * outside its snapshot and wait for the next fold; two folds at once delete each row once.
   * Returns how many walkouts it folded.
   */
  async fold(): Promise<number> {
    const [row]: { walkouts: number }[] = await this.dataSource.query(
      `WITH touched AS (SELECT DISTINCT walkout_id FROM walkout_activity_tally WHERE NOT folded),
       gone AS (DELETE FROM walkout_activity_tally t USING touched WHERE t.walkout_id = touched.walkout_id RETURNING t.*),
       kept AS (
         INSERT INTO walkout_activity_tally (trust_id, walkout_id, kind, status, first_of_chain, rebooked_onward, days_after_walkout, original_starts_at, appointments, folded)
         SELECT trust_id, walkout_id, kind, status, first_of_chain, rebooked_onward, days_after_walkout, original_starts_at, sum(appointments)::int, true
         FROM gone GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(appointments) <> 0
       )
       SELECT (SELECT count(*) FROM touched)::int AS walkouts`,
    );
    return row.walkouts;
  }
}
