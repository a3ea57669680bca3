import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: features insert notification rows in the same transaction as the change
 * that causes them; the worker's relay moves pending rows onto the queues. A statement-level trigger
 * wakes the relay at once (LISTEN/NOTIFY) so a recall does not wait for the next poll.
 */
export class Notifications1763800000000 implements MigrationInterface {
  name = 'Notifications1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        recipient_type text NOT NULL CONSTRAINT notification_recipient_type_known CHECK (recipient_type IN ('patient', 'staff')),
        patient_id uuid NULL,
        staff_id uuid NULL,
        purpose text NOT NULL CONSTRAINT notification_purpose_known CHECK (purpose IN ('walkout-postponement', 'rebooking-offer',
          'rebooking-confirmed', 'cover-shift', 'cover-shift-cancelled', 'recall', 'recall-reminder', 'recall-stand-down')),
        lane text NOT NULL CONSTRAINT notification_lane_known CHECK (lane IN ('staff-alert', 'notice')),
        personalisation jsonb NOT NULL,
        deadline timestamptz NULL,
        walkout_id uuid NULL,
        subject_id uuid NULL,
        dedupe_key text NULL,
        status text NOT NULL DEFAULT 'pending' CONSTRAINT notification_status_known CHECK (status IN ('pending', 'queued', 'sending',
          'sent', 'delivered', 'temporary-failure', 'permanent-failure', 'technical-failure', 'cancelled')),
        channel text NULL CONSTRAINT notification_channel_known CHECK (channel IN ('sms', 'email', 'letter')),
        attempts integer NOT NULL DEFAULT 0 CONSTRAINT notification_attempts_non_negative CHECK (attempts >= 0),
        provider_id text NULL,
        failure_reason text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz NULL,
        sending_at timestamptz NULL,
        sent_at timestamptz NULL,
        completed_at timestamptz NULL,
        CONSTRAINT notification_patient_same_trust FOREIGN KEY (patient_id, trust_id) REFERENCES patient (id, trust_id),
        CONSTRAINT notification_staff_same_trust FOREIGN KEY (staff_id, trust_id) REFERENCES staff (id, trust_id),
        CONSTRAINT notification_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id),
        CONSTRAINT notification_one_recipient CHECK (
          (recipient_type = 'patient' AND patient_id IS NOT NULL AND staff_id IS NULL) OR
          (recipient_type = 'staff' AND staff_id IS NOT NULL AND patient_id IS NULL)),
        CONSTRAINT notification_dedupe_unique UNIQUE (trust_id, dedupe_key)
      )`);
    // The relay's claim: staff alerts first, then soonest deadline.
    await q.query(`CREATE INDEX notification_pending_claim ON notification ((lane <> 'staff-alert'), deadline, created_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX notification_trust_created ON notification (trust_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notification_walkout ON notification (walkout_id) WHERE walkout_id IS NOT NULL`);
    await q.query(`CREATE INDEX notification_subject ON notification (subject_id) WHERE subject_id IS NOT NULL`);
    await q.query(`CREATE INDEX notification_sent_at ON notification (sent_at) WHERE sent_at IS NOT NULL`);

    await q.query(`
      CREATE FUNCTION notification_outbox_wake() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('notification_outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER notification_outbox_wake AFTER INSERT ON notification
      FOR EACH STATEMENT EXECUTE FUNCTION notification_outbox_wake()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS notification`);
    await q.query(`DROP FUNCTION IF EXISTS notification_outbox_wake()`);
  }
}
