import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notification names the record that caused it in two columns (`source_type`, `source_id`) rather
 * than in its dedupe key: recall's roll-call and escalation ask notifications for "the messages of
 * these recalls" through its read port (docs/architecture.md, "One owner per table"). The types
 * are those of NOTIFICATION_SOURCE_TYPES in libs/notifications. Existing recall messages are linked
 * from the keys they were written with (`recall-<id>`, `recall-reminder-<id>-<round>`,
 * `recall-stand-down-<id>`).
 */
export class NotificationSource1765100000000 implements MigrationInterface {
  name = 'NotificationSource1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification ADD COLUMN source_type text NULL, ADD COLUMN source_id uuid NULL`);
    await q.query(
      `UPDATE notification
       SET source_type = 'recall', source_id = substring(dedupe_key FROM '^recall-(?:reminder-|stand-down-)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})')::uuid
       WHERE purpose IN ('recall', 'recall-reminder', 'recall-stand-down')
         AND dedupe_key ~ '^recall-(reminder-|stand-down-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'`,
    );
    await q.query(`ALTER TABLE notification ADD CONSTRAINT notification_source_type_known CHECK (source_type IN ('recall'))`);
    await q.query(`ALTER TABLE notification ADD CONSTRAINT notification_source_whole CHECK ((source_type IS NULL) = (source_id IS NULL))`);
    // "The messages of these recalls": one index probe per recall, as the dedupe-key join had.
    await q.query(`CREATE INDEX notification_source_idx ON notification (trust_id, source_type, source_id, purpose) WHERE source_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_source_idx`);
    await q.query(`ALTER TABLE notification DROP CONSTRAINT notification_source_whole, DROP CONSTRAINT notification_source_type_known`);
    await q.query(`ALTER TABLE notification DROP COLUMN source_id, DROP COLUMN source_type`);
  }
}
