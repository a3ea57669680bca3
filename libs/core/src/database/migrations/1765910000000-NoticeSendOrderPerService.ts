import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The send estimate numbers a walkout's unsent messages in the send order of the Notify service that
 * sends them (docs/decisions/0013-send-forecast-per-service.md): a trust with its own service counts only
 * its own unsent messages, the deployment's service every trust without one.
 *
 * - `notification_trust_send_order` (new, trust first): a trust with its own service reads only its own
 *   rows, already in send order, instead of filtering the whole nation's order.
 * - `notification_send_order` (rebuilt, narrower, same keys): the deployment's order across trusts. It
 *   now carries only what the numbering needs (trust and walkout, to pick the walkout's rows out; `lane`,
 *   without which PostgreSQL cannot read `(lane <> 'staff-alert')` from the index alone); who a message
 *   goes to is read by id for the rows a page lists. The relay's claims across trusts read it too.
 */
export class NoticeSendOrderPerService1765910000000 implements MigrationInterface {
  name = 'NoticeSendOrderPerService1765910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_send_order`);
    await q.query(
      `CREATE INDEX notification_send_order ON notification ((lane <> 'staff-alert'), deadline, created_at, id)
         INCLUDE (lane, trust_id, walkout_id)
         WHERE status IN ('pending', 'queued', 'sending') AND send_after IS NULL`,
    );
    await q.query(
      `CREATE INDEX notification_trust_send_order ON notification (trust_id, (lane <> 'staff-alert'), deadline, created_at, id)
         INCLUDE (lane, walkout_id)
         WHERE status IN ('pending', 'queued', 'sending') AND send_after IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_trust_send_order`);
    await q.query(`DROP INDEX notification_send_order`);
    await q.query(
      `CREATE INDEX notification_send_order ON notification ((lane <> 'staff-alert'), deadline, created_at, id)
         INCLUDE (lane, trust_id, walkout_id, recipient_type, subject_id)
         WHERE status IN ('pending', 'queued', 'sending') AND send_after IS NULL`,
    );
  }
}
