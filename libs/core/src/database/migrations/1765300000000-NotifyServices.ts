import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A trust's own GOV.UK Notify service (libs/notifications notify-services; docs/domain.md "A trust's
 * Notify service"). At most one per trust; a trust without one sends through the deployment's key.
 * The API key and the callback token are stored sealed (AES-256-GCM, docs/secrets.md) with a hint of
 * their last characters; the callback token is also stored as its SHA-256, so an incoming receipt's
 * bearer finds its trust by one index probe without opening every sealed token. The token digest is
 * unique: one bearer can only ever speak for one trust.
 *
 * `notification.sending_service` records which service a message was handed to ('deployment' or a
 * Notify service id; NULL for messages sent before this migration, all through the deployment's): a
 * delivery receipt only updates a message sent through the service whose token it came with, and
 * /metrics counts sends per service. Two indexes serve the relay's per-service windows
 * (docs/decisions/0012-per-service-notice-windows.md): notices pending or in flight per trust (an
 * index-only count), and a trust's pending notices in deadline order.
 *
 * `notify_service_audit` keeps who connected, changed, tested or removed a trust's service and which
 * fields changed (never a secret's value).
 */
export class NotifyServices1765300000000 implements MigrationInterface {
  name = 'NotifyServices1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notify_service (
        trust_id uuid PRIMARY KEY REFERENCES trust (id) ON DELETE CASCADE,
        service_id uuid NOT NULL,
        api_key_sealed text NOT NULL,
        api_key_hint text NOT NULL,
        callback_token_sealed text NOT NULL,
        callback_token_digest bytea NOT NULL CONSTRAINT notify_service_callback_token_unique UNIQUE,
        callback_token_hint text NOT NULL,
        templates jsonb NOT NULL,
        sms_sender_id uuid NULL,
        email_reply_to_id uuid NULL,
        letter_postage text NULL CONSTRAINT notify_service_letter_postage_known CHECK (letter_postage IN ('first', 'second', 'economy')),
        rate_per_minute int NOT NULL DEFAULT 3000 CONSTRAINT notify_service_rate_positive CHECK (rate_per_minute BETWEEN 2 AND 1000000),
        inbound_sms boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid NULL REFERENCES app_user (id) ON DELETE SET NULL,
        CONSTRAINT notify_service_digest_size CHECK (octet_length(callback_token_digest) = 32)
      )`);
    await q.query(`CREATE INDEX notify_service_inbound ON notify_service (trust_id) WHERE inbound_sms`);
    await q.query(`
      CREATE TABLE notify_service_audit (
        id bigserial PRIMARY KEY,
        trust_id uuid NOT NULL REFERENCES trust (id) ON DELETE CASCADE,
        actor_id uuid NULL REFERENCES app_user (id) ON DELETE SET NULL,
        action text NOT NULL CONSTRAINT notify_service_audit_action_known CHECK (action IN ('connected', 'changed', 'removed', 'tested')),
        changed_fields text[] NOT NULL DEFAULT '{}',
        detail jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notify_service_audit_trust ON notify_service_audit (trust_id, at DESC)`);
    await q.query(`ALTER TABLE notification ADD COLUMN sending_service text NULL`);
    await q.query(
      `CREATE INDEX notification_service_window ON notification (trust_id, status)
         WHERE lane <> 'staff-alert' AND status IN ('pending', 'queued', 'sending') AND send_after IS NULL`,
    );
    await q.query(
      `CREATE INDEX notification_trust_pending_claim ON notification (trust_id, deadline, created_at)
         WHERE status = 'pending' AND send_after IS NULL AND lane <> 'staff-alert'`,
    );
    await q.query(`CREATE INDEX notification_sent_by_service ON notification (sent_at, sending_service) WHERE sent_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_sent_by_service`);
    await q.query(`DROP INDEX notification_trust_pending_claim`);
    await q.query(`DROP INDEX notification_service_window`);
    await q.query(`ALTER TABLE notification DROP COLUMN sending_service`);
    await q.query(`DROP TABLE notify_service_audit`);
    await q.query(`DROP TABLE notify_service`);
  }
}
