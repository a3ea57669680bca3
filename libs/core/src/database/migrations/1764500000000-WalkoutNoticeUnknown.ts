import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A walkout can be recorded without its notice date (a walkout already under way, a notice nobody can
 * find): the date is stored as unknown rather than invented, and the walkout carries a warning instead.
 */
export class WalkoutNoticeUnknown1764500000000 implements MigrationInterface {
  name = 'WalkoutNoticeUnknown1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE walkout ALTER COLUMN notice_received_at DROP NOT NULL`);
    // The service always refused a notice after the start, so stored rows hold it; NOT VALID spares the scan.
    await q.query(`ALTER TABLE walkout ADD CONSTRAINT walkout_notice_not_after_start CHECK (notice_received_at IS NULL OR notice_received_at <= starts_at) NOT VALID`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE walkout DROP CONSTRAINT walkout_notice_not_after_start`);
    await q.query(`UPDATE walkout SET notice_received_at = LEAST(created_at, starts_at) WHERE notice_received_at IS NULL`);
    await q.query(`ALTER TABLE walkout ALTER COLUMN notice_received_at SET NOT NULL`);
  }
}
