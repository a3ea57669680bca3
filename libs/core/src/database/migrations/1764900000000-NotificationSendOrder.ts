import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A walkout's send estimate (the console's messages page and `GET …/notifications/estimate`) needs each
 * of its notices' place in the national send order. The order's keys and what the estimate reads are all
 * in this index, so the place is numbered by one index-only pass, not a sort of every unsent message with
 * its personalisation (an external sort on disk at the national size). Covers the unsent messages that
 * are not held (held ones have their own, short order by `send_after`: `notification_held`).
 */
export class NotificationSendOrder1764900000000 implements MigrationInterface {
  name = 'NotificationSendOrder1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX notification_send_order ON notification ((lane <> 'staff-alert'), deadline, created_at, id)
         INCLUDE (lane, trust_id, walkout_id, recipient_type, subject_id)
         WHERE status IN ('pending', 'queued', 'sending') AND send_after IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_send_order`);
  }
}
