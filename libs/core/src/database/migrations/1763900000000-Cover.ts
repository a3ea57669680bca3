import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consultant emergency cover: requirements per department and period, the assignments (shifts) that
 * meet them, and one calendar-feed token per consultant. Children reference walkout, department and
 * staff by (id, trust_id), so a cover row can never point into another trust.
 *
 * The rules live in libs/cover; the database repeats the ones that must hold even under concurrent
 * writers: no two active shifts of one person overlap (exclusion constraint, btree_gist), a shift is
 * at most 13 hours (docs/domain.md "Consultant cover"), and a removed shift stays as a cancelled row so calendar feeds can
 * tell subscribers it is cancelled.
 */
export class Cover1763900000000 implements MigrationInterface {
  name = 'Cover1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      CREATE TABLE cover_requirement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        walkout_id uuid NOT NULL,
        department_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        min_consultants integer NOT NULL CONSTRAINT cover_requirement_min_consultants_range CHECK (min_consultants BETWEEN 1 AND 100),
        created_by uuid NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cover_requirement_ends_after_start CHECK (ends_at > starts_at),
        CONSTRAINT cover_requirement_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id) ON DELETE CASCADE,
        CONSTRAINT cover_requirement_department_same_trust FOREIGN KEY (department_id, trust_id) REFERENCES department (id, trust_id)
      )`);
    await q.query(`CREATE INDEX cover_requirement_walkout ON cover_requirement (trust_id, walkout_id, starts_at, id)`);

    await q.query(`
      CREATE TABLE cover_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        walkout_id uuid NOT NULL,
        department_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        source text NOT NULL CONSTRAINT cover_assignment_source_known CHECK (source IN ('manual', 'autofill')),
        consent_recorded_at timestamptz NOT NULL,
        consent_recorded_by uuid NULL REFERENCES app_user (id),
        price_pence integer NOT NULL CONSTRAINT cover_assignment_price_non_negative CHECK (price_pence >= 0),
        -- Priced when made, at the card then in force: a later change of card does not re-price worked shifts.
        price_by_band jsonb NOT NULL,
        rate_card text NOT NULL CONSTRAINT cover_assignment_rate_card_length CHECK (char_length(rate_card) BETWEEN 1 AND 200),
        -- iCalendar SEQUENCE: bumped on every change subscribers must see (e.g. cancellation).
        sequence integer NOT NULL DEFAULT 0 CONSTRAINT cover_assignment_sequence_non_negative CHECK (sequence >= 0),
        created_by uuid NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz NULL,
        cancelled_by uuid NULL REFERENCES app_user (id),
        CONSTRAINT cover_assignment_ends_after_start CHECK (ends_at > starts_at),
        CONSTRAINT cover_assignment_at_most_13_hours CHECK (ends_at - starts_at <= interval '13 hours'),
        CONSTRAINT cover_assignment_cancelled_by_needs_cancelled_at CHECK (cancelled_by IS NULL OR cancelled_at IS NOT NULL),
        CONSTRAINT cover_assignment_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id),
        CONSTRAINT cover_assignment_department_same_trust FOREIGN KEY (department_id, trust_id) REFERENCES department (id, trust_id),
        CONSTRAINT cover_assignment_staff_same_trust FOREIGN KEY (staff_id, trust_id) REFERENCES staff (id, trust_id),
        -- One person, one place at a time, across every site and walkout: concurrent inserts cannot both win.
        CONSTRAINT cover_assignment_no_overlap EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
          WHERE (cancelled_at IS NULL)
      )`);
    await q.query(`CREATE INDEX cover_assignment_walkout ON cover_assignment (trust_id, walkout_id, starts_at, id)`);
    await q.query(`CREATE INDEX cover_assignment_staff ON cover_assignment (trust_id, staff_id, starts_at)`);

    // The token itself is not kept here: only its SHA-256 (for lookup) and the random seed it is derived
    // from with a server key (libs/cover calendar-token.ts), so this table alone opens no feed.
    await q.query(`
      CREATE TABLE cover_calendar_token (
        staff_id uuid PRIMARY KEY,
        trust_id uuid NOT NULL,
        token_hash bytea NOT NULL CONSTRAINT cover_calendar_token_hash_length CHECK (octet_length(token_hash) = 32),
        token_seed bytea NOT NULL CONSTRAINT cover_calendar_token_seed_length CHECK (octet_length(token_seed) >= 16),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cover_calendar_token_hash_unique UNIQUE (token_hash),
        CONSTRAINT cover_calendar_token_staff_same_trust FOREIGN KEY (staff_id, trust_id) REFERENCES staff (id, trust_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['cover_calendar_token', 'cover_assignment', 'cover_requirement']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
