import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Patients choose their new date (docs/domain.md "Rebooking", "Choice and holds").
 *
 * A rebooking offer keeps its best place as today (the offered appointment's slot, counted in
 * `slot.booked_count`) and holds up to two alternatives in `rebooking_hold`, counted in `slot.held_count`.
 * One CHECK guards both counters together (`booked_count + held_count <= capacity`), so a held place can
 * be neither booked by a run or an import nor held twice, and a choice that moves a hold into a booking
 * stays within capacity: the database refuses a double booking whatever a writer does. As with
 * `booked_count`, every write that holds or releases a place changes `held_count` set-based in the same
 * transaction (no trigger: see the Rebooking migration for why).
 *
 * A hold row is kept after it is released (`released_at`, `release_reason`) for the record; only
 * unreleased rows count. `expires_at` is copied from the offer so the run's sweep of expired holds is one
 * indexed UPDATE. The offer records the patient's answer on the appointment: `chosen_option` (0 the best
 * place, 1–2 an alternative) once confirmed, `call_requested_at` when they ask to be called, and
 * `hold_expires_at`, after which the alternatives are released.
 */
export class RebookingChoice1765700000000 implements MigrationInterface {
  name = 'RebookingChoice1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE slot
        ADD COLUMN held_count integer NOT NULL DEFAULT 0,
        ADD CONSTRAINT slot_places_within_capacity CHECK (held_count >= 0 AND booked_count + held_count <= capacity)`);
    await q.query(`
      ALTER TABLE appointment
        ADD COLUMN hold_expires_at timestamptz NULL,
        ADD COLUMN chosen_option smallint NULL CONSTRAINT appointment_chosen_option_known CHECK (chosen_option BETWEEN 0 AND 2),
        ADD COLUMN call_requested_at timestamptz NULL,
        ADD CONSTRAINT appointment_choice_is_a_confirmation CHECK (chosen_option IS NULL OR confirmed_at IS NOT NULL)`);
    await q.query(`ALTER TABLE rebooking_run ADD COLUMN alternatives_held integer NULL CONSTRAINT rebooking_run_alternatives_non_negative CHECK (alternatives_held >= 0)`);
    await q.query(`
      CREATE TABLE rebooking_hold (
        appointment_id uuid NOT NULL,
        trust_id uuid NOT NULL,
        option smallint NOT NULL CONSTRAINT rebooking_hold_option_alternative CHECK (option IN (1, 2)),
        slot_id uuid NOT NULL,
        days_after_walkout integer NOT NULL,
        expires_at timestamptz NOT NULL,
        released_at timestamptz NULL,
        release_reason text NULL CONSTRAINT rebooking_hold_release_reason_known CHECK (release_reason IN ('chosen', 'not-chosen', 'declined', 'expired', 'postponed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rebooking_hold_pkey PRIMARY KEY (appointment_id, option),
        CONSTRAINT rebooking_hold_one_place_per_slot UNIQUE (appointment_id, slot_id),
        CONSTRAINT rebooking_hold_released_with_reason CHECK ((released_at IS NULL) = (release_reason IS NULL)),
        CONSTRAINT rebooking_hold_appointment_same_trust FOREIGN KEY (appointment_id, trust_id) REFERENCES appointment (id, trust_id) ON DELETE CASCADE,
        CONSTRAINT rebooking_hold_slot_same_trust FOREIGN KEY (slot_id, trust_id) REFERENCES slot (id, trust_id)
      )`);
    // The run's sweep of expired holds, and the counters' recount in tests.
    await q.query(`CREATE INDEX rebooking_hold_active_expiry ON rebooking_hold (trust_id, expires_at) WHERE released_at IS NULL`);
    await q.query(`CREATE INDEX rebooking_hold_active_slot ON rebooking_hold (slot_id) WHERE released_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rebooking_hold`);
    await q.query(`ALTER TABLE appointment DROP CONSTRAINT IF EXISTS appointment_choice_is_a_confirmation, DROP COLUMN IF EXISTS hold_expires_at, DROP COLUMN IF EXISTS chosen_option, DROP COLUMN IF EXISTS call_requested_at`);
    await q.query(`ALTER TABLE rebooking_run DROP COLUMN IF EXISTS alternatives_held`);
    await q.query(`ALTER TABLE slot DROP CONSTRAINT IF EXISTS slot_places_within_capacity, DROP COLUMN IF EXISTS held_count`);
  }
}
