import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-way SMS and the per-number caps (docs/domain.md "Replies by text" and "Notify's limits"):
 *
 * - `notification.sent_to_digest`: a digest of the number a text went to (never the number); with
 *   `sending_service` (the Notify service it was handed to) a reply is matched to the most recent text
 *   that service sent that number.
 * - `held_reason = 'number-cap'`: a text held back because its number's hour is full.
 * - `received_text` (notifications): every text received, once per Notify message id, with what became
 *   of it; never deleted by the matching, so nothing a person sent is lost.
 * - `received_text_cursor` (notifications): how far polling has read each service's received texts.
 * - `recall_unmatched_reply` (recall): the replies the control room has to read itself, per incident
 *   (or derogation).
 */
export class TwoWaySms1765400000000 implements MigrationInterface {
  name = 'TwoWaySms1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification DROP CONSTRAINT notification_held_reason_known`);
    await q.query(`ALTER TABLE notification ADD CONSTRAINT notification_held_reason_known CHECK (held_reason IN ('coalescing', 'daily-limit', 'number-cap'))`);
    await q.query(`
      ALTER TABLE notification
        ADD COLUMN sent_to_digest bytea NULL CONSTRAINT notification_sent_to_digest_sha256 CHECK (octet_length(sent_to_digest) = 32)`);
    await q.query(`CREATE INDEX notification_reply_match_idx ON notification (sending_service, sent_to_digest, sent_at DESC) WHERE sent_to_digest IS NOT NULL`);

    await q.query(`
      CREATE TABLE received_text (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id text NOT NULL CONSTRAINT received_text_provider_id_unique UNIQUE,
        sending_service text NOT NULL,
        trust_id uuid NULL REFERENCES trust (id),
        from_number text NOT NULL CONSTRAINT received_text_from_number_length CHECK (char_length(from_number) BETWEEN 1 AND 32),
        from_digest bytea NOT NULL CONSTRAINT received_text_from_digest_sha256 CHECK (octet_length(from_digest) = 32),
        content text NOT NULL CONSTRAINT received_text_content_length CHECK (char_length(content) <= 5000),
        received_at timestamptz NOT NULL,
        arrived_via text NOT NULL CONSTRAINT received_text_arrived_via_known CHECK (arrived_via IN ('callback', 'poll')),
        notification_id uuid NULL REFERENCES notification (id) ON DELETE SET NULL,
        source_type text NULL,
        source_id uuid NULL,
        outcome text NOT NULL DEFAULT 'pending' CONSTRAINT received_text_outcome_known CHECK (outcome IN ('pending', 'answered', 'unmatched', 'no-match')),
        outcome_reason text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT received_text_source_whole CHECK ((source_type IS NULL) = (source_id IS NULL))
      )`);
    await q.query(`CREATE INDEX received_text_trust_idx ON received_text (trust_id, received_at DESC)`);

    await q.query(`
      CREATE TABLE received_text_cursor (
        sending_service text PRIMARY KEY,
        newest_provider_id text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE recall_unmatched_reply (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        incident_id uuid NULL,
        derogation_id uuid NULL,
        recall_id uuid NULL,
        staff_id uuid NULL,
        received_text_id uuid NOT NULL,
        from_number text NOT NULL,
        content text NOT NULL,
        received_at timestamptz NOT NULL,
        reason text NOT NULL CONSTRAINT recall_unmatched_reply_reason_known CHECK (reason IN ('unparseable', 'recall-closed', 'unknown-number')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT recall_unmatched_reply_for_one CHECK ((incident_id IS NULL) <> (derogation_id IS NULL)),
        CONSTRAINT recall_unmatched_reply_incident_same_trust FOREIGN KEY (incident_id, trust_id) REFERENCES major_incident (id, trust_id),
        CONSTRAINT recall_unmatched_reply_derogation_same_trust FOREIGN KEY (derogation_id, trust_id) REFERENCES derogation (id, trust_id),
        CONSTRAINT recall_unmatched_reply_recall_same_trust FOREIGN KEY (recall_id, trust_id) REFERENCES recall (id, trust_id),
        CONSTRAINT recall_unmatched_reply_once UNIQUE NULLS NOT DISTINCT (received_text_id, incident_id, derogation_id)
      )`);
    await q.query(`CREATE INDEX recall_unmatched_reply_incident_idx ON recall_unmatched_reply (trust_id, incident_id, received_at DESC, id DESC) WHERE incident_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recall_unmatched_reply`);
    await q.query(`DROP TABLE received_text_cursor`);
    await q.query(`DROP TABLE received_text`);
    await q.query(`DROP INDEX notification_reply_match_idx`);
    await q.query(`ALTER TABLE notification DROP COLUMN sent_to_digest`);
    await q.query(`UPDATE notification SET send_after = now(), held_reason = 'coalescing' WHERE held_reason = 'number-cap'`);
    await q.query(`ALTER TABLE notification DROP CONSTRAINT notification_held_reason_known`);
    await q.query(`ALTER TABLE notification ADD CONSTRAINT notification_held_reason_known CHECK (held_reason IN ('coalescing', 'daily-limit'))`);
  }
}
