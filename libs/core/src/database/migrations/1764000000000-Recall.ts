import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Major incidents, derogations and the staff they recall. As in the foundation: enumerations are text +
 * CHECK, and children reference their parent by (id, trust_id) so nothing can point across trusts.
 *
 * A recall row belongs to exactly one reason (an incident or a derogation) and is unique per person per
 * reason. Link tokens are never stored: `recall_link` keeps their SHA-256 only (a reminder gets a fresh
 * token, so one recall may have several links). `incident_audit` is append-only, enforced by triggers.
 */
export class Recall1764000000000 implements MigrationInterface {
  name = 'Recall1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE major_incident (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        level text NOT NULL CONSTRAINT major_incident_level_known CHECK (level IN ('business-continuity', 'critical', 'major')),
        state text NOT NULL CONSTRAINT major_incident_state_known CHECK (state IN ('standby', 'declared', 'stood-down', 'cancelled')),
        description text NOT NULL CONSTRAINT major_incident_description_length CHECK (char_length(description) BETWEEN 1 AND 2000),
        methane jsonb NULL CONSTRAINT major_incident_methane_object CHECK (methane IS NULL OR jsonb_typeof(methane) = 'object'),
        attending_target integer NULL CONSTRAINT major_incident_attending_target_range CHECK (attending_target BETWEEN 1 AND 100000),
        escalate_after_seconds integer NOT NULL DEFAULT 900 CONSTRAINT major_incident_escalate_after_range CHECK (escalate_after_seconds BETWEEN 1 AND 86400),
        max_escalation_rounds integer NOT NULL DEFAULT 3 CONSTRAINT major_incident_max_rounds_range CHECK (max_escalation_rounds BETWEEN 0 AND 10),
        widening_stage smallint NOT NULL DEFAULT 0 CONSTRAINT major_incident_widening_stage_known CHECK (widening_stage BETWEEN 0 AND 2),
        last_completed_round integer NOT NULL DEFAULT 0 CONSTRAINT major_incident_round_range CHECK (last_completed_round BETWEEN 0 AND max_escalation_rounds),
        next_escalation_at timestamptz NULL,
        escalation_ended_reason text NULL CONSTRAINT major_incident_escalation_ended_reason_known CHECK (escalation_ended_reason IN
          ('TARGET_MET', 'NO_TARGET', 'MAX_ROUNDS_REACHED', 'NOTHING_LEFT_TO_DO', 'INCIDENT_ENDED')),
        created_by uuid NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        declared_at timestamptz NULL,
        declared_by uuid NULL REFERENCES app_user (id),
        ended_at timestamptz NULL,
        ended_by uuid NULL REFERENCES app_user (id),
        CONSTRAINT major_incident_id_trust_unique UNIQUE (id, trust_id),
        CONSTRAINT major_incident_declared_at_matches_state CHECK (
          (state = 'standby' AND declared_at IS NULL) OR
          (state IN ('declared', 'stood-down') AND declared_at IS NOT NULL) OR
          state = 'cancelled'),
        CONSTRAINT major_incident_ended_at_matches_state CHECK ((state IN ('stood-down', 'cancelled')) = (ended_at IS NOT NULL)),
        CONSTRAINT major_incident_escalates_only_when_declared CHECK (next_escalation_at IS NULL OR state = 'declared')
      )`);
    await q.query(`CREATE INDEX major_incident_trust_created ON major_incident (trust_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX major_incident_escalation_due ON major_incident (next_escalation_at) WHERE next_escalation_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE major_incident_site (
        incident_id uuid NOT NULL,
        trust_id uuid NOT NULL,
        site_id uuid NOT NULL,
        PRIMARY KEY (incident_id, site_id),
        CONSTRAINT major_incident_site_incident_same_trust FOREIGN KEY (incident_id, trust_id) REFERENCES major_incident (id, trust_id),
        CONSTRAINT major_incident_site_site_same_trust FOREIGN KEY (site_id, trust_id) REFERENCES site (id, trust_id)
      )`);

    await q.query(`
      CREATE TABLE major_incident_department (
        incident_id uuid NOT NULL,
        trust_id uuid NOT NULL,
        department_id uuid NOT NULL,
        PRIMARY KEY (incident_id, department_id),
        CONSTRAINT major_incident_department_incident_same_trust FOREIGN KEY (incident_id, trust_id) REFERENCES major_incident (id, trust_id),
        CONSTRAINT major_incident_department_department_same_trust FOREIGN KEY (department_id, trust_id) REFERENCES department (id, trust_id)
      )`);

    await q.query(`
      CREATE TABLE derogation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        walkout_id uuid NOT NULL,
        target_kind text NOT NULL CONSTRAINT derogation_target_kind_known CHECK (target_kind IN ('staff', 'department')),
        department_id uuid NULL,
        requested_count integer NULL CONSTRAINT derogation_requested_count_range CHECK (requested_count BETWEEN 1 AND 10000),
        evidence text NOT NULL CONSTRAINT derogation_evidence_length CHECK (char_length(evidence) BETWEEN 1 AND 10000),
        decision_deadline timestamptz NOT NULL,
        failsafe boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'requested' CONSTRAINT derogation_status_known CHECK (status IN ('requested', 'approved', 'rejected', 'expired')),
        decided_at timestamptz NULL,
        decided_by uuid NULL REFERENCES app_user (id),
        decision_note text NULL CONSTRAINT derogation_decision_note_length CHECK (char_length(decision_note) <= 2000),
        recall_started_at timestamptz NULL,
        recall_ended_at timestamptz NULL,
        created_by uuid NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT derogation_id_trust_unique UNIQUE (id, trust_id),
        CONSTRAINT derogation_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id),
        CONSTRAINT derogation_department_same_trust FOREIGN KEY (department_id, trust_id) REFERENCES department (id, trust_id),
        CONSTRAINT derogation_target_shape CHECK (
          (target_kind = 'staff' AND department_id IS NULL AND requested_count IS NULL) OR
          (target_kind = 'department' AND department_id IS NOT NULL AND requested_count IS NOT NULL)),
        CONSTRAINT derogation_decided_matches_status CHECK ((status IN ('approved', 'rejected')) = (decided_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX derogation_trust_created ON derogation (trust_id, created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE derogation_staff (
        derogation_id uuid NOT NULL,
        trust_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        PRIMARY KEY (derogation_id, staff_id),
        CONSTRAINT derogation_staff_derogation_same_trust FOREIGN KEY (derogation_id, trust_id) REFERENCES derogation (id, trust_id),
        CONSTRAINT derogation_staff_staff_same_trust FOREIGN KEY (staff_id, trust_id) REFERENCES staff (id, trust_id)
      )`);

    await q.query(`
      CREATE TABLE recall (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        incident_id uuid NULL,
        derogation_id uuid NULL,
        walkout_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        round integer NOT NULL DEFAULT 0 CONSTRAINT recall_round_non_negative CHECK (round >= 0),
        widening_stage smallint NULL CONSTRAINT recall_widening_stage_known CHECK (widening_stage BETWEEN 0 AND 2),
        attending boolean NULL,
        eta_minutes integer NULL CONSTRAINT recall_eta_range CHECK (eta_minutes BETWEEN 0 AND 600),
        responded_at timestamptz NULL,
        answer_count integer NOT NULL DEFAULT 0 CONSTRAINT recall_answer_count_non_negative CHECK (answer_count >= 0),
        last_reminded_round integer NULL CONSTRAINT recall_reminded_round_positive CHECK (last_reminded_round >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT recall_id_trust_unique UNIQUE (id, trust_id),
        CONSTRAINT recall_incident_same_trust FOREIGN KEY (incident_id, trust_id) REFERENCES major_incident (id, trust_id),
        CONSTRAINT recall_derogation_same_trust FOREIGN KEY (derogation_id, trust_id) REFERENCES derogation (id, trust_id),
        CONSTRAINT recall_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id),
        CONSTRAINT recall_staff_same_trust FOREIGN KEY (staff_id, trust_id) REFERENCES staff (id, trust_id),
        CONSTRAINT recall_one_reason CHECK (num_nonnulls(incident_id, derogation_id) = 1),
        CONSTRAINT recall_incident_staff_unique UNIQUE (incident_id, staff_id),
        CONSTRAINT recall_derogation_staff_unique UNIQUE (derogation_id, staff_id),
        CONSTRAINT recall_answer_complete CHECK ((attending IS NULL) = (responded_at IS NULL)),
        CONSTRAINT recall_eta_only_when_attending CHECK (eta_minutes IS NULL OR attending)
      )`);

    await q.query(`
      CREATE TABLE recall_link (
        token_hash bytea PRIMARY KEY CONSTRAINT recall_link_sha256 CHECK (octet_length(token_hash) = 32),
        trust_id uuid NOT NULL,
        recall_id uuid NOT NULL,
        issued_for text NOT NULL CONSTRAINT recall_link_issued_for_known CHECK (issued_for IN ('recall', 'recall-reminder')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT recall_link_recall_same_trust FOREIGN KEY (recall_id, trust_id) REFERENCES recall (id, trust_id)
      )`);
    await q.query(`CREATE INDEX recall_link_recall ON recall_link (recall_id)`);

    await q.query(`
      CREATE TABLE incident_audit (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        trust_id uuid NOT NULL REFERENCES trust (id),
        incident_id uuid NULL,
        derogation_id uuid NULL,
        at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        actor_type text NOT NULL CONSTRAINT incident_audit_actor_type_known CHECK (actor_type IN ('user', 'staff', 'system')),
        actor_user_id uuid NULL REFERENCES app_user (id),
        actor_staff_id uuid NULL,
        action text NOT NULL CONSTRAINT incident_audit_action_known CHECK (action IN ('incident-created', 'incident-declared',
          'incident-stood-down', 'incident-cancelled', 'recall-started', 'recall-not-started', 'recall-deferred', 'recall-response',
          'escalation', 'escalation-stopped', 'recall-stood-down', 'derogation-requested', 'derogation-approved', 'derogation-rejected')),
        details jsonb NOT NULL DEFAULT '{}' CONSTRAINT incident_audit_details_object CHECK (jsonb_typeof(details) = 'object'),
        CONSTRAINT incident_audit_incident_same_trust FOREIGN KEY (incident_id, trust_id) REFERENCES major_incident (id, trust_id),
        CONSTRAINT incident_audit_derogation_same_trust FOREIGN KEY (derogation_id, trust_id) REFERENCES derogation (id, trust_id),
        CONSTRAINT incident_audit_staff_same_trust FOREIGN KEY (actor_staff_id, trust_id) REFERENCES staff (id, trust_id),
        CONSTRAINT incident_audit_one_subject CHECK (num_nonnulls(incident_id, derogation_id) = 1),
        CONSTRAINT incident_audit_actor_matches_type CHECK (
          (actor_type = 'user' AND actor_user_id IS NOT NULL AND actor_staff_id IS NULL) OR
          (actor_type = 'staff' AND actor_staff_id IS NOT NULL AND actor_user_id IS NULL) OR
          (actor_type = 'system' AND actor_user_id IS NULL AND actor_staff_id IS NULL))
      )`);
    await q.query(`CREATE INDEX incident_audit_incident ON incident_audit (incident_id, id) WHERE incident_id IS NOT NULL`);
    await q.query(`CREATE INDEX incident_audit_derogation ON incident_audit (derogation_id, id) WHERE derogation_id IS NOT NULL`);

    // Append-only in the database itself, not only in the absence of an API: an UPDATE, DELETE or
    // TRUNCATE by anyone (a script, a psql session) fails.
    await q.query(`
      CREATE FUNCTION incident_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'incident_audit is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER incident_audit_no_update_or_delete BEFORE UPDATE OR DELETE ON incident_audit
      FOR EACH ROW EXECUTE FUNCTION incident_audit_append_only()`);
    await q.query(`
      CREATE TRIGGER incident_audit_no_truncate BEFORE TRUNCATE ON incident_audit
      FOR EACH STATEMENT EXECUTE FUNCTION incident_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['incident_audit', 'recall_link', 'recall', 'derogation_staff', 'derogation', 'major_incident_department', 'major_incident_site', 'major_incident']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS incident_audit_append_only()`);
  }
}
