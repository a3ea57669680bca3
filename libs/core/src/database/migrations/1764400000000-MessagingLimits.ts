import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What keeps paid messages in check, and retries safe:
 *
 * - `notification.send_after`: a row the relay must not pick up yet (a stand-down or cover notice held
 *   briefly so that a quick correction sends nothing, or a message held until GOV.UK Notify's daily limit
 *   resets). `holds` counts how often it was handed back, so the relay's job ids stay unique per hand-over.
 *   The claim index now covers only rows that are free to go; held rows have their own small index,
 *   scanned by the relay to release the ones whose time has come.
 * - `message_budget_usage`: messages queued per trust, per budget, per clock hour and UTC day, counted in
 *   the transaction that queues them (the row lock makes two commands of one trust count in turn).
 * - `notify_daily_usage`: messages handed to each sending service (GOV.UK Notify service) per UTC day and
 *   channel, so sending stops before Notify's own daily limits do.
 * - `idempotency_key`: the first answer to a message-sending command, replayed for a retry with the same
 *   Idempotency-Key.
 * - `recall.carried_from_recall_id`: a person recalled again within the coalescing window while their
 *   first recall still stands gets no second message; their new recall row points at the first one.
 */
export class MessagingLimits1764400000000 implements MigrationInterface {
  name = 'MessagingLimits1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notification
        ADD COLUMN send_after timestamptz NULL,
        ADD COLUMN held_reason text NULL CONSTRAINT notification_held_reason_known CHECK (held_reason IN ('coalescing', 'daily-limit')),
        ADD COLUMN holds smallint NOT NULL DEFAULT 0 CONSTRAINT notification_holds_non_negative CHECK (holds >= 0),
        ADD CONSTRAINT notification_held_has_reason CHECK ((send_after IS NULL) = (held_reason IS NULL))`);
    await q.query(`DROP INDEX notification_pending_claim`);
    await q.query(`CREATE INDEX notification_pending_claim ON notification ((lane <> 'staff-alert'), deadline, created_at) WHERE status = 'pending' AND send_after IS NULL`);
    await q.query(`CREATE INDEX notification_held ON notification (send_after) WHERE send_after IS NOT NULL AND status = 'pending'`);

    await q.query(`
      CREATE TABLE message_budget_usage (
        trust_id uuid NOT NULL REFERENCES trust (id),
        budget text NOT NULL CONSTRAINT message_budget_usage_budget_known CHECK (budget IN ('patient-notices', 'staff-messages', 'recall')),
        period text NOT NULL CONSTRAINT message_budget_usage_period_known CHECK (period IN ('hour', 'day')),
        period_start timestamptz NOT NULL,
        used integer NOT NULL CONSTRAINT message_budget_usage_used_non_negative CHECK (used >= 0),
        PRIMARY KEY (trust_id, budget, period, period_start)
      )`);
    await q.query(`CREATE INDEX message_budget_usage_period_start ON message_budget_usage (period_start)`);

    await q.query(`
      CREATE TABLE notify_daily_usage (
        sending_service text NOT NULL CONSTRAINT notify_daily_usage_service_length CHECK (char_length(sending_service) BETWEEN 1 AND 100),
        day date NOT NULL,
        channel text NOT NULL CONSTRAINT notify_daily_usage_channel_known CHECK (channel IN ('sms', 'email', 'letter')),
        used integer NOT NULL CONSTRAINT notify_daily_usage_used_non_negative CHECK (used >= 0),
        PRIMARY KEY (sending_service, day, channel)
      )`);

    await q.query(`
      CREATE TABLE idempotency_key (
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        key text NOT NULL CONSTRAINT idempotency_key_key_shape CHECK (key ~ '^[A-Za-z0-9_.:~+/=-]{1,255}$'),
        -- The route's trust, as given (no foreign key: a key sent to an unknown trust must still get that
        -- route's own 404, not a constraint error).
        trust_id uuid NULL,
        method text NOT NULL CONSTRAINT idempotency_key_method_known CHECK (method IN ('POST', 'PUT', 'PATCH', 'DELETE')),
        path text NOT NULL CONSTRAINT idempotency_key_path_length CHECK (char_length(path) BETWEEN 1 AND 2000),
        fingerprint bytea NOT NULL CONSTRAINT idempotency_key_fingerprint_sha256 CHECK (octet_length(fingerprint) = 32),
        state text NOT NULL CONSTRAINT idempotency_key_state_known CHECK (state IN ('running', 'done', 'failed')),
        response_status smallint NULL,
        response_body text NULL,
        response_location text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key),
        CONSTRAINT idempotency_key_done_has_answer CHECK ((state = 'done') = (response_status IS NOT NULL)),
        CONSTRAINT idempotency_key_kept_a_day CHECK (expires_at >= created_at + interval '24 hours')
      )`);
    await q.query(`CREATE INDEX idempotency_key_expires ON idempotency_key (expires_at)`);

    await q.query(`
      ALTER TABLE recall
        ADD COLUMN carried_from_recall_id uuid NULL,
        ADD CONSTRAINT recall_carried_from_same_trust FOREIGN KEY (carried_from_recall_id, trust_id) REFERENCES recall (id, trust_id),
        ADD CONSTRAINT recall_not_carried_from_itself CHECK (carried_from_recall_id IS NULL OR carried_from_recall_id <> id)`);
    await q.query(`CREATE INDEX recall_carried_from ON recall (carried_from_recall_id) WHERE carried_from_recall_id IS NOT NULL`);
    // Finding a person's recent recalls when coalescing a new one.
    await q.query(`CREATE INDEX recall_trust_staff_created ON recall (trust_id, staff_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS recall_trust_staff_created`);
    await q.query(`DROP INDEX IF EXISTS recall_carried_from`);
    await q.query(`ALTER TABLE recall DROP CONSTRAINT IF EXISTS recall_not_carried_from_itself, DROP CONSTRAINT IF EXISTS recall_carried_from_same_trust, DROP COLUMN IF EXISTS carried_from_recall_id`);
    await q.query(`DROP TABLE IF EXISTS idempotency_key`);
    await q.query(`DROP TABLE IF EXISTS notify_daily_usage`);
    await q.query(`DROP TABLE IF EXISTS message_budget_usage`);
    await q.query(`DROP INDEX IF EXISTS notification_held`);
    await q.query(`DROP INDEX IF EXISTS notification_pending_claim`);
    await q.query(`CREATE INDEX notification_pending_claim ON notification ((lane <> 'staff-alert'), deadline, created_at) WHERE status = 'pending'`);
    await q.query(`ALTER TABLE notification DROP CONSTRAINT IF EXISTS notification_held_has_reason, DROP COLUMN IF EXISTS holds, DROP COLUMN IF EXISTS held_reason, DROP COLUMN IF EXISTS send_after`);
  }
}
