import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay's window pass counted every pending notice per trust on each pass (several a second): with
 * 100,000 waiting that was a 200 ms scan, and it held the database while a recall was being declared.
 * It now counts only what is in flight (a few batches per service) and, per trust with notices
 * waiting, at most one window's worth of them; the pending side uses `notification_trust_pending_claim`.
 * And the staff-alert claim, run on every pass too, gets an index it can actually use.
 */
export class NoticeWindowCounts1765900000000 implements MigrationInterface {
  name = 'NoticeWindowCounts1765900000000';

  async up(q: QueryRunner): Promise<void> {
    // The staff-alert claim's own order: the send-order index (`(lane <> 'staff-alert')` first) cannot
    // serve `lane = 'staff-alert'`, which is how PostgreSQL rewrites the claim's condition.
    await q.query(
      `CREATE INDEX notification_staff_alert_pending ON notification (deadline, created_at)
         WHERE status = 'pending' AND send_after IS NULL AND lane = 'staff-alert'`,
    );
    await q.query(`DROP INDEX notification_service_window`);
    // Covered by others, and every notice written or claimed paid for them: `notification_send_order`
    // has the same leading columns for every unsent row (claims of several trusts read it), and
    // `notification_sent_by_service` starts with `sent_at`.
    await q.query(`DROP INDEX notification_pending_claim`);
    await q.query(`DROP INDEX notification_sent_at`);
    // `lane = 'notice'` (the only other lane), not `lane <> 'staff-alert'`: see noticeWindowsByTrust.
    await q.query(
      `CREATE INDEX notification_notice_in_flight ON notification (trust_id)
         WHERE lane = 'notice' AND status IN ('queued', 'sending') AND send_after IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX notification_sent_at ON notification (sent_at) WHERE sent_at IS NOT NULL`);
    await q.query(
      `CREATE INDEX notification_pending_claim ON notification ((lane <> 'staff-alert'), deadline, created_at)
         WHERE status = 'pending' AND send_after IS NULL`,
    );
    await q.query(`DROP INDEX notification_staff_alert_pending`);
    await q.query(`DROP INDEX notification_notice_in_flight`);
    await q.query(
      `CREATE INDEX notification_service_window ON notification (trust_id, status)
         WHERE lane <> 'staff-alert' AND status IN ('pending', 'queued', 'sending') AND send_after IS NULL`,
    );
  }
}
