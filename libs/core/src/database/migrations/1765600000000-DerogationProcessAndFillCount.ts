import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Derogations as NHS England runs them, and recall by fill count (docs/domain.md, "Derogations" and
 * "Major incidents and recall").
 *
 * Derogations: the states become draft → submitted → pending → approved / declined / withdrawn, and
 * approved → revoked. Stored rows move across: `requested` (and the never-written `expired`) is awaiting
 * the union's decision, so `pending`; `rejected` is `declined`. Every move is a row of the append-only
 * `derogation_transition` (who and when). The evidence NHS England asks for gets its own columns; a
 * declined request can record the harm or near miss that followed.
 *
 * Fill count: a major incident may name what it needs by grade and specialty (and site), one
 * `major_incident_need` row each; a recall row says which need it was sent for. `filled_at` is set once
 * (guarded UPDATE under the need's row lock). A drill incident is flagged, and kept apart in every count.
 */
export class DerogationProcessAndFillCount1765600000000 implements MigrationInterface {
  name = 'DerogationProcessAndFillCount1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE derogation DROP CONSTRAINT derogation_status_known`);
    await q.query(`ALTER TABLE derogation DROP CONSTRAINT derogation_decided_matches_status`);
    await q.query(`UPDATE derogation SET status = CASE status WHEN 'rejected' THEN 'declined' WHEN 'approved' THEN 'approved' ELSE 'pending' END`);
    await q.query(`ALTER TABLE derogation ALTER COLUMN status SET DEFAULT 'draft'`);
    await q.query(`
      ALTER TABLE derogation
        ADD CONSTRAINT derogation_status_known CHECK (status IN ('draft', 'submitted', 'pending', 'approved', 'declined', 'withdrawn', 'revoked')),
        ADD CONSTRAINT derogation_decided_matches_status CHECK (
          (status IN ('approved', 'declined', 'revoked') AND decided_at IS NOT NULL) OR
          (status IN ('draft', 'submitted', 'pending') AND decided_at IS NULL) OR
          status = 'withdrawn'),
        ADD COLUMN submitted_at timestamptz NULL,
        ADD COLUMN submitted_by uuid NULL REFERENCES app_user (id),
        ADD COLUMN ended_at timestamptz NULL,
        ADD COLUMN ended_by uuid NULL REFERENCES app_user (id),
        ADD COLUMN services_at_risk jsonb NULL CONSTRAINT derogation_services_at_risk_array CHECK (services_at_risk IS NULL OR jsonb_typeof(services_at_risk) = 'array'),
        ADD COLUMN staff_needed jsonb NULL CONSTRAINT derogation_staff_needed_array CHECK (staff_needed IS NULL OR jsonb_typeof(staff_needed) = 'array'),
        ADD COLUMN hours_from timestamptz NULL,
        ADD COLUMN hours_to timestamptz NULL,
        ADD COLUMN mitigations jsonb NULL CONSTRAINT derogation_mitigations_object CHECK (mitigations IS NULL OR jsonb_typeof(mitigations) = 'object'),
        ADD COLUMN harm_outcome text NULL CONSTRAINT derogation_harm_outcome_known CHECK (harm_outcome IN ('harm', 'near-miss', 'none-known')),
        ADD COLUMN harm_note text NULL CONSTRAINT derogation_harm_note_length CHECK (char_length(harm_note) BETWEEN 1 AND 10000),
        ADD COLUMN harm_reported_at timestamptz NULL,
        ADD COLUMN harm_reported_by uuid NULL REFERENCES app_user (id),
        ADD CONSTRAINT derogation_hours_order CHECK (hours_to IS NULL OR hours_from IS NULL OR hours_to > hours_from),
        ADD CONSTRAINT derogation_harm_only_when_declined CHECK (harm_outcome IS NULL OR status = 'declined'),
        ADD CONSTRAINT derogation_harm_complete CHECK ((harm_outcome IS NULL) = (harm_reported_at IS NULL))`);
    // Stored requests were submitted when they were made.
    await q.query(`UPDATE derogation SET submitted_at = created_at, submitted_by = created_by`);
    await q.query(`CREATE INDEX derogation_undecided_deadline ON derogation (decision_deadline) WHERE status IN ('submitted', 'pending')`);

    await q.query(`
      CREATE TABLE derogation_transition (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        trust_id uuid NOT NULL,
        derogation_id uuid NOT NULL,
        from_status text NULL,
        to_status text NOT NULL CONSTRAINT derogation_transition_to_known CHECK (to_status IN ('draft', 'submitted', 'pending', 'approved', 'declined', 'withdrawn', 'revoked')),
        at timestamptz NOT NULL,
        by_user_id uuid NULL REFERENCES app_user (id),
        note text NULL CONSTRAINT derogation_transition_note_length CHECK (char_length(note) <= 2000),
        late boolean NOT NULL DEFAULT false,
        CONSTRAINT derogation_transition_derogation_same_trust FOREIGN KEY (derogation_id, trust_id) REFERENCES derogation (id, trust_id)
      )`);
    await q.query(`CREATE INDEX derogation_transition_derogation ON derogation_transition (derogation_id, id)`);
    // The existing requests' history starts where it is known: their submission and any decision.
    await q.query(`
      INSERT INTO derogation_transition (trust_id, derogation_id, from_status, to_status, at, by_user_id)
      SELECT trust_id, id, NULL, 'submitted', created_at, created_by FROM derogation
      UNION ALL
      SELECT trust_id, id, 'pending', status, decided_at, decided_by FROM derogation WHERE decided_at IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION derogation_transition_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'derogation_transition is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER derogation_transition_no_update_or_delete BEFORE UPDATE OR DELETE ON derogation_transition FOR EACH ROW EXECUTE FUNCTION derogation_transition_append_only()`);
    await q.query(`CREATE TRIGGER derogation_transition_no_truncate BEFORE TRUNCATE ON derogation_transition FOR EACH STATEMENT EXECUTE FUNCTION derogation_transition_append_only()`);

    await q.query(`ALTER TABLE incident_audit DROP CONSTRAINT incident_audit_action_known`);
    await q.query(`
      ALTER TABLE incident_audit ADD CONSTRAINT incident_audit_action_known CHECK (action IN ('incident-created', 'incident-declared',
        'incident-stood-down', 'incident-cancelled', 'recall-started', 'recall-not-started', 'recall-deferred', 'recall-response',
        'escalation', 'escalation-stopped', 'recall-stood-down', 'derogation-requested', 'derogation-approved', 'derogation-rejected',
        'derogation-submitted', 'derogation-forwarded', 'derogation-declined', 'derogation-withdrawn', 'derogation-revoked',
        'derogation-harm-reported', 'need-filled'))`);

    await q.query(`ALTER TABLE major_incident ADD COLUMN drill boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE major_incident_need (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        position smallint NOT NULL CONSTRAINT major_incident_need_position_range CHECK (position BETWEEN 0 AND 49),
        grade text NOT NULL CONSTRAINT major_incident_need_grade_length CHECK (char_length(grade) BETWEEN 1 AND 64),
        specialty text NOT NULL CONSTRAINT major_incident_need_specialty_length CHECK (char_length(specialty) BETWEEN 1 AND 64),
        site_id uuid NULL,
        wanted integer NOT NULL CONSTRAINT major_incident_need_wanted_range CHECK (wanted BETWEEN 1 AND 1000),
        widening_stage smallint NOT NULL DEFAULT 0 CONSTRAINT major_incident_need_stage_known CHECK (widening_stage BETWEEN 0 AND 2),
        filled_at timestamptz NULL,
        CONSTRAINT major_incident_need_id_trust_unique UNIQUE (id, trust_id),
        CONSTRAINT major_incident_need_position_unique UNIQUE (incident_id, position),
        CONSTRAINT major_incident_need_incident_same_trust FOREIGN KEY (incident_id, trust_id) REFERENCES major_incident (id, trust_id),
        CONSTRAINT major_incident_need_site_same_trust FOREIGN KEY (site_id, trust_id) REFERENCES site (id, trust_id)
      )`);
    await q.query(`ALTER TABLE recall ADD COLUMN need_id uuid NULL, ADD CONSTRAINT recall_need_same_trust FOREIGN KEY (need_id, trust_id) REFERENCES major_incident_need (id, trust_id)`);
    await q.query(`CREATE INDEX recall_need ON recall (need_id) WHERE need_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recall DROP COLUMN need_id`);
    await q.query(`DROP TABLE major_incident_need`);
    await q.query(`ALTER TABLE major_incident DROP COLUMN drill`);
    await q.query(`DROP TABLE derogation_transition`);
    await q.query(`DROP FUNCTION derogation_transition_append_only()`);
  }
}
