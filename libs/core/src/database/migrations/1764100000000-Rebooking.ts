import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Slots, appointments, rebooking runs and the patients' offer links.
 *
 * No double booking, even under concurrent runs: `slot.booked_count` is a counter guarded by
 * CHECK (booked_count <= capacity). Every write that makes an appointment hold or release a slot
 * (import, postponement, rebooking placement, decline) changes the counter in the same transaction
 * with one set-based UPDATE, so the row lock on the slot serialises concurrent writers and the CHECK
 * refuses the one that would overbook. We keep the counter with explicit set-based UPDATEs rather than
 * a trigger: a row-level trigger would run 122,500 times for one national postponement (one counter
 * UPDATE per appointment, instead of one statement grouped by slot), and a statement trigger with
 * transition tables would hide the lock order that the rebooking writer relies on to stay deadlock-free.
 * The integration tests check that the counter always equals the slot's active appointments.
 *
 * An appointment "holds" its slot while booked, offered or confirmed; cancelled (postponed) and declined
 * rows do not. A rebooking is a new row (offered) pointing back at the row it replaces
 * (rebooked_from_id, unique: a row is rebooked at most once, so two runs cannot both rebook it), and the
 * replaced row points forward (rebooked_to_id): each postponed appointment is one chain whose last row
 * is either waiting for a slot (cancelled/declined, nothing after it) or holding one (offered/confirmed).
 */
export class Rebooking1764100000000 implements MigrationInterface {
  name = 'Rebooking1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // Lets a slot say "this department, at this site" with one foreign key.
    await q.query(`ALTER TABLE department ADD CONSTRAINT department_id_site_unique UNIQUE (id, site_id)`);

    await q.query(`
      CREATE TABLE slot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        external_ref text NOT NULL CONSTRAINT slot_external_ref_format CHECK (external_ref ~ '^[!-~]{1,100}$'),
        site_id uuid NOT NULL,
        department_id uuid NULL,
        specialty text NOT NULL CONSTRAINT slot_specialty_kebab CHECK (specialty ~ '^[a-z]+(-[a-z]+)*$'),
        kind text NOT NULL CONSTRAINT slot_kind_known CHECK (kind IN ('outpatient', 'theatre')),
        clinician_staff_number text NULL CONSTRAINT slot_clinician_staff_number_format CHECK (clinician_staff_number ~ '^[A-Za-z0-9-]{1,32}$'),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        capacity integer NOT NULL DEFAULT 1 CONSTRAINT slot_capacity_positive CHECK (capacity > 0),
        booked_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT slot_ends_after_start CHECK (ends_at > starts_at),
        CONSTRAINT slot_booked_within_capacity CHECK (booked_count >= 0 AND booked_count <= capacity),
        CONSTRAINT slot_external_ref_unique_per_trust UNIQUE (trust_id, external_ref),
        CONSTRAINT slot_id_trust_unique UNIQUE (id, trust_id),
        CONSTRAINT slot_site_same_trust FOREIGN KEY (site_id, trust_id) REFERENCES site (id, trust_id),
        CONSTRAINT slot_department_at_site FOREIGN KEY (department_id, site_id) REFERENCES department (id, site_id)
      ) WITH (fillfactor = 85)`);
    // fillfactor 85: room on each page so the counter updates of postponement and rebooking can stay HOT
    // (the row is rewritten in place, no index entries are added for it).
    // The window queries (impact, postponement, free slots after a walkout) read slots by trust and start.
    await q.query(`CREATE INDEX slot_trust_starts ON slot (trust_id, starts_at) INCLUDE (ends_at, site_id)`);

    await q.query(`
      CREATE TABLE rebooking_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        walkout_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'queued' CONSTRAINT rebooking_run_status_known CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
        same_site_only boolean NOT NULL,
        horizon_days integer NOT NULL CONSTRAINT rebooking_run_horizon_range CHECK (horizon_days BETWEEN 1 AND 180),
        progress integer NOT NULL DEFAULT 0 CONSTRAINT rebooking_run_progress_percent CHECK (progress BETWEEN 0 AND 100),
        considered integer NULL,
        placed integer NULL,
        unplaced integer NULL,
        breaches_28_day integer NULL,
        within_14_days integer NULL,
        unplaced_by_reason jsonb NULL,
        failure_reason text NULL,
        created_by uuid NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz NULL,
        finished_at timestamptz NULL,
        CONSTRAINT rebooking_run_counts_non_negative CHECK (considered >= 0 AND placed >= 0 AND unplaced >= 0 AND breaches_28_day >= 0 AND within_14_days >= 0),
        CONSTRAINT rebooking_run_finished_when_done CHECK ((status IN ('succeeded', 'failed')) = (finished_at IS NOT NULL)),
        CONSTRAINT rebooking_run_success_has_counts CHECK (status <> 'succeeded' OR (placed IS NOT NULL AND unplaced IS NOT NULL AND progress = 100)),
        CONSTRAINT rebooking_run_id_trust_unique UNIQUE (id, trust_id),
        CONSTRAINT rebooking_run_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id)
      )`);
    // One run at a time per walkout: a second request while one is queued or running is a conflict.
    await q.query(`CREATE UNIQUE INDEX rebooking_run_one_active_per_walkout ON rebooking_run (walkout_id) WHERE status IN ('queued', 'running')`);
    await q.query(`CREATE INDEX rebooking_run_walkout_created ON rebooking_run (walkout_id, created_at)`);

    await q.query(`
      CREATE TABLE appointment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        external_ref text NULL CONSTRAINT appointment_external_ref_format CHECK (external_ref ~ '^[!-~]{1,100}$'),
        patient_id uuid NOT NULL,
        slot_id uuid NOT NULL,
        kind text NOT NULL CONSTRAINT appointment_kind_known CHECK (kind IN ('outpatient-new', 'outpatient-follow-up', 'day-case', 'inpatient')),
        urgency text NOT NULL CONSTRAINT appointment_urgency_known CHECK (urgency IN ('two-week-wait', 'urgent', 'routine')),
        surgical_priority text NULL CONSTRAINT appointment_surgical_priority_known CHECK (surgical_priority IN ('P1a', 'P1b', 'P2', 'P3', 'P4')),
        referral_date date NOT NULL,
        status text NOT NULL DEFAULT 'booked' CONSTRAINT appointment_status_known CHECK (status IN ('booked', 'cancelled', 'offered', 'confirmed', 'declined')),
        cancellation_count integer NOT NULL DEFAULT 0 CONSTRAINT appointment_cancellation_count_non_negative CHECK (cancellation_count >= 0),
        decline_count integer NOT NULL DEFAULT 0,
        penalised_decline_count integer NOT NULL DEFAULT 0,
        walkout_id uuid NULL,
        postponed_at timestamptz NULL,
        rebooked_from_id uuid NULL,
        rebooked_to_id uuid NULL,
        rebooking_run_id uuid NULL,
        days_after_walkout integer NULL,
        offered_at timestamptz NULL,
        confirmed_at timestamptz NULL,
        declined_at timestamptz NULL,
        declined_without_penalty boolean NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT appointment_external_ref_unique_per_trust UNIQUE (trust_id, external_ref),
        CONSTRAINT appointment_id_trust_unique UNIQUE (id, trust_id),
        CONSTRAINT appointment_rebooked_once UNIQUE (rebooked_from_id),
        CONSTRAINT appointment_patient_same_trust FOREIGN KEY (patient_id, trust_id) REFERENCES patient (id, trust_id),
        CONSTRAINT appointment_slot_same_trust FOREIGN KEY (slot_id, trust_id) REFERENCES slot (id, trust_id),
        CONSTRAINT appointment_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id),
        CONSTRAINT appointment_run_same_trust FOREIGN KEY (rebooking_run_id, trust_id) REFERENCES rebooking_run (id, trust_id),
        CONSTRAINT appointment_rebooked_from_same_trust FOREIGN KEY (rebooked_from_id, trust_id) REFERENCES appointment (id, trust_id),
        CONSTRAINT appointment_rebooked_to_same_trust FOREIGN KEY (rebooked_to_id, trust_id) REFERENCES appointment (id, trust_id),
        CONSTRAINT appointment_identified CHECK (external_ref IS NOT NULL OR rebooked_from_id IS NOT NULL),
        CONSTRAINT appointment_not_its_own_rebooking CHECK (rebooked_from_id <> id AND rebooked_to_id <> id),
        CONSTRAINT appointment_surgical_priority_for_procedures CHECK (surgical_priority IS NULL OR kind IN ('day-case', 'inpatient')),
        CONSTRAINT appointment_decline_counts CHECK (decline_count >= 0 AND penalised_decline_count BETWEEN 0 AND decline_count),
        CONSTRAINT appointment_postponement_recorded CHECK (status <> 'cancelled' OR (walkout_id IS NOT NULL AND postponed_at IS NOT NULL)),
        CONSTRAINT appointment_offer_is_a_rebooking CHECK (status NOT IN ('offered', 'confirmed', 'declined') OR (rebooked_from_id IS NOT NULL AND offered_at IS NOT NULL)),
        CONSTRAINT appointment_rebooked_only_when_released CHECK (rebooked_to_id IS NULL OR status IN ('cancelled', 'declined')),
        CONSTRAINT appointment_confirmed_has_time CHECK (status <> 'confirmed' OR confirmed_at IS NOT NULL),
        CONSTRAINT appointment_declined_recorded CHECK (status <> 'declined' OR (declined_at IS NOT NULL AND declined_without_penalty IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX appointment_slot ON appointment (slot_id)`);
    await q.query(`CREATE INDEX appointment_patient ON appointment (patient_id)`);
    // The rebooking queue of a walkout: the last row of each chain that still needs a slot.
    await q.query(`CREATE INDEX appointment_rebooking_queue ON appointment (walkout_id) WHERE status IN ('cancelled', 'declined') AND rebooked_to_id IS NULL`);
    // Sitrep and rebooking-run figures of a walkout.
    await q.query(`CREATE INDEX appointment_walkout_status ON appointment (walkout_id, status) WHERE walkout_id IS NOT NULL`);
    await q.query(`CREATE INDEX appointment_run ON appointment (rebooking_run_id) WHERE rebooking_run_id IS NOT NULL`);

    // Only the SHA-256 of a link token is stored: a database leak does not hand out working links.
    await q.query(`
      CREATE TABLE rebooking_link (
        token_hash bytea PRIMARY KEY CONSTRAINT rebooking_link_token_hash_sha256 CHECK (octet_length(token_hash) = 32),
        trust_id uuid NOT NULL,
        appointment_id uuid NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rebooking_link_one_per_offer UNIQUE (appointment_id),
        CONSTRAINT rebooking_link_appointment_same_trust FOREIGN KEY (appointment_id, trust_id) REFERENCES appointment (id, trust_id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rebooking_link', 'appointment', 'rebooking_run', 'slot']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`ALTER TABLE department DROP CONSTRAINT IF EXISTS department_id_site_unique`);
  }
}
