import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consultant cover by consent, at the 2025 rate card (docs/domain.md, "Consultant cover"):
 *
 * - a shift has a consent state: `requested` (autofill asked the consultant; not assigned until they
 *   agree), `accepted` (with how: manual, link, availability window, text reply), `declined`, `expired`.
 *   Only accepted shifts hold consent; requested and accepted shifts hold the consultant's time, so the
 *   no-overlap exclusion constraint now covers both. Rows made by autofill before this change had consent
 *   stamped that nobody gave: they stay accepted, marked `unconfirmed-autofill`, for the planner to confirm.
 * - `cover_request`: what one consultant was asked at once, behind one token link (only its SHA-256 is kept).
 * - `cover_availability`: windows a consultant declared in advance; consent for shifts wholly inside one.
 * - resident or non-resident on-call (an on-call period may last 24 h; a resident shift 13 h at most),
 *   `cover_call_in`: the hours a non-resident consultant was called in (the only hours that count as work).
 * - the planned break, and limits exceeded by agreement: only with a reason, and the compensatory rest owed.
 * - `cover_trust_settings`: the rate card's region (London or not) per trust.
 * - prices are stored band by band as a list (the old day/evening/night object is converted).
 * - `cover-request` joins the notification purposes. The list is extended, not restated, so purposes other
 *   migrations add survive whichever order they run in.
 */
export class CoverConsent1765500000000 implements MigrationInterface {
  name = 'CoverConsent1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await extendPurposes(q, ['cover-request']);

    await q.query(`
      CREATE TABLE cover_trust_settings (
        trust_id uuid PRIMARY KEY REFERENCES trust (id),
        rate_region text NOT NULL CONSTRAINT cover_trust_settings_region_known CHECK (rate_region IN ('outside-london', 'london')),
        updated_by uuid NULL REFERENCES app_user (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE cover_request (
        id uuid PRIMARY KEY,
        trust_id uuid NOT NULL REFERENCES trust (id),
        walkout_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        token_hash text NOT NULL CONSTRAINT cover_request_token_hash_unique UNIQUE CONSTRAINT cover_request_token_hash_shape CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        created_by uuid NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cover_request_id_trust UNIQUE (id, trust_id),
        CONSTRAINT cover_request_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id),
        CONSTRAINT cover_request_staff_same_trust FOREIGN KEY (staff_id, trust_id) REFERENCES staff (id, trust_id)
      )`);
    await q.query(`CREATE INDEX cover_request_staff ON cover_request (trust_id, staff_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE cover_availability (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        staff_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        note text NULL CONSTRAINT cover_availability_note_length CHECK (char_length(note) <= 500),
        recorded_by uuid NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz NULL,
        withdrawn_by uuid NULL REFERENCES app_user (id),
        CONSTRAINT cover_availability_ends_after_start CHECK (ends_at > starts_at),
        CONSTRAINT cover_availability_at_most_31_days CHECK (ends_at - starts_at <= interval '31 days'),
        CONSTRAINT cover_availability_id_trust UNIQUE (id, trust_id),
        CONSTRAINT cover_availability_staff_same_trust FOREIGN KEY (staff_id, trust_id) REFERENCES staff (id, trust_id),
        -- One statement of availability per moment: windows of one person never overlap (withdraw, then declare again).
        CONSTRAINT cover_availability_no_overlap EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (withdrawn_at IS NULL)
      )`);

    await q.query(`ALTER TABLE cover_assignment DROP CONSTRAINT cover_assignment_no_overlap`);
    await q.query(`ALTER TABLE cover_assignment DROP CONSTRAINT cover_assignment_at_most_13_hours`);
    await q.query(`ALTER TABLE cover_assignment DROP CONSTRAINT cover_assignment_source_known`);
    await q.query(`ALTER TABLE cover_assignment ALTER COLUMN consent_recorded_at DROP NOT NULL`);
    await q.query(`
      ALTER TABLE cover_assignment
        ADD COLUMN consent_state text NOT NULL DEFAULT 'accepted',
        ADD COLUMN consent_source text NULL,
        ADD COLUMN availability_id uuid NULL,
        ADD COLUMN request_id uuid NULL,
        ADD COLUMN request_expires_at timestamptz NULL,
        ADD COLUMN responded_at timestamptz NULL,
        ADD COLUMN on_call text NOT NULL DEFAULT 'resident',
        ADD COLUMN planned_break_starts_at timestamptz NULL,
        ADD COLUMN planned_break_minutes integer NULL,
        ADD COLUMN exceeded_limits text[] NOT NULL DEFAULT '{}',
        ADD COLUMN exceed_reason text NULL,
        ADD COLUMN compensatory_rest_minutes integer NOT NULL DEFAULT 0,
        ADD COLUMN rate_region text NOT NULL DEFAULT 'outside-london'`);
    await q.query(`UPDATE cover_assignment SET consent_source = CASE source WHEN 'autofill' THEN 'unconfirmed-autofill' ELSE 'manual' END`);
    await q.query(`
      UPDATE cover_assignment SET price_by_band = COALESCE((
        SELECT jsonb_agg(jsonb_build_object('band', e.key, 'minutes', (e.value->>'minutes')::numeric, 'pence', (e.value->>'pence')::int,
                                            'pencePerHour', round((e.value->>'pence')::numeric * 60 / (e.value->>'minutes')::numeric)::int)
                         ORDER BY array_position(ARRAY['day', 'evening', 'night'], e.key))
        FROM jsonb_each(price_by_band) AS e
        WHERE (e.value->>'minutes')::numeric > 0), '[]'::jsonb)
      WHERE jsonb_typeof(price_by_band) = 'object'`);
    await q.query(`
      ALTER TABLE cover_assignment
        ALTER COLUMN consent_state DROP DEFAULT,
        ADD CONSTRAINT cover_assignment_source_known CHECK (source IN ('manual', 'autofill')),
        ADD CONSTRAINT cover_assignment_consent_state_known CHECK (consent_state IN ('requested', 'accepted', 'declined', 'expired')),
        ADD CONSTRAINT cover_assignment_consent_source_known CHECK (consent_source IN ('manual', 'link', 'availability-window', 'text-reply', 'unconfirmed-autofill')),
        -- Consent is recorded exactly when the shift is accepted, and says how.
        ADD CONSTRAINT cover_assignment_consent_whole CHECK ((consent_state = 'accepted') = (consent_recorded_at IS NOT NULL AND consent_source IS NOT NULL)),
        ADD CONSTRAINT cover_assignment_window_consent CHECK ((consent_source = 'availability-window') = (availability_id IS NOT NULL)),
        ADD CONSTRAINT cover_assignment_requested_has_request CHECK (consent_state <> 'requested' OR (request_id IS NOT NULL AND request_expires_at IS NOT NULL)),
        ADD CONSTRAINT cover_assignment_answered_when CHECK (consent_state NOT IN ('declined', 'expired') OR responded_at IS NOT NULL),
        ADD CONSTRAINT cover_assignment_request_same_trust FOREIGN KEY (request_id, trust_id) REFERENCES cover_request (id, trust_id),
        ADD CONSTRAINT cover_assignment_availability_same_trust FOREIGN KEY (availability_id, trust_id) REFERENCES cover_availability (id, trust_id),
        ADD CONSTRAINT cover_assignment_on_call_known CHECK (on_call IN ('resident', 'non-resident')),
        -- A resident shift is at most 13 h (docs/domain.md); a non-resident on-call period, availability rather than work, 24 h.
        ADD CONSTRAINT cover_assignment_length CHECK (ends_at - starts_at <= CASE on_call WHEN 'resident' THEN interval '13 hours' ELSE interval '24 hours' END),
        ADD CONSTRAINT cover_assignment_break_whole CHECK ((planned_break_starts_at IS NULL) = (planned_break_minutes IS NULL)),
        ADD CONSTRAINT cover_assignment_break_inside CHECK (planned_break_starts_at IS NULL OR (planned_break_minutes BETWEEN 1 AND 120
          AND planned_break_starts_at >= starts_at AND planned_break_starts_at + planned_break_minutes * interval '1 minute' <= ends_at)),
        -- Limits are exceeded only by agreement, and the agreement's reason is recorded.
        ADD CONSTRAINT cover_assignment_exceed_has_reason CHECK (cardinality(exceeded_limits) = 0 OR char_length(exceed_reason) BETWEEN 1 AND 500),
        ADD CONSTRAINT cover_assignment_exceed_known CHECK (exceeded_limits <@ ARRAY['WORKING_TIME_REST', 'WORKING_TIME_WEEKLY_LIMIT']::text[]),
        ADD CONSTRAINT cover_assignment_compensatory_rest_range CHECK (compensatory_rest_minutes >= 0),
        ADD CONSTRAINT cover_assignment_rate_region_known CHECK (rate_region IN ('outside-london', 'london')),
        -- One person, one place at a time, across every site and walkout, counting what they have been asked and not yet answered.
        ADD CONSTRAINT cover_assignment_no_overlap EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
          WHERE (cancelled_at IS NULL AND consent_state IN ('requested', 'accepted'))`);
    await q.query(`CREATE INDEX cover_assignment_request ON cover_assignment (request_id) WHERE request_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE cover_call_in (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        assignment_id uuid NOT NULL REFERENCES cover_assignment (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        note text NULL CONSTRAINT cover_call_in_note_length CHECK (char_length(note) <= 500),
        exceeded_limits text[] NOT NULL DEFAULT '{}',
        compensatory_rest_minutes integer NOT NULL DEFAULT 0 CONSTRAINT cover_call_in_compensatory_rest_range CHECK (compensatory_rest_minutes >= 0),
        recorded_by uuid NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cover_call_in_ends_after_start CHECK (ends_at > starts_at),
        CONSTRAINT cover_call_in_exceed_known CHECK (exceeded_limits <@ ARRAY['WORKING_TIME_REST', 'WORKING_TIME_WEEKLY_LIMIT', 'WORKING_TIME_SHIFT_TOO_LONG']::text[]),
        CONSTRAINT cover_call_in_no_overlap EXCLUDE USING gist (assignment_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
      )`);
    await q.query(`CREATE INDEX cover_call_in_assignment ON cover_call_in (trust_id, assignment_id, starts_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cover_call_in`);
    await q.query(`DELETE FROM cover_assignment WHERE consent_state <> 'accepted'`);
    await q.query(`
      ALTER TABLE cover_assignment
        DROP CONSTRAINT cover_assignment_no_overlap, DROP CONSTRAINT cover_assignment_length,
        DROP COLUMN consent_state, DROP COLUMN consent_source, DROP COLUMN availability_id, DROP COLUMN request_id,
        DROP COLUMN request_expires_at, DROP COLUMN responded_at, DROP COLUMN on_call, DROP COLUMN planned_break_starts_at,
        DROP COLUMN planned_break_minutes, DROP COLUMN exceeded_limits, DROP COLUMN exceed_reason,
        DROP COLUMN compensatory_rest_minutes, DROP COLUMN rate_region`);
    await q.query(`ALTER TABLE cover_assignment ALTER COLUMN consent_recorded_at SET NOT NULL`);
    await q.query(`ALTER TABLE cover_assignment ADD CONSTRAINT cover_assignment_at_most_13_hours CHECK (ends_at - starts_at <= interval '13 hours')`);
    await q.query(`
      ALTER TABLE cover_assignment ADD CONSTRAINT cover_assignment_no_overlap EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (cancelled_at IS NULL)`);
    await q.query(`DROP TABLE cover_availability`);
    await q.query(`DROP TABLE cover_request`);
    await q.query(`DROP TABLE cover_trust_settings`);
    await q.query(`DELETE FROM notification WHERE purpose = 'cover-request'`);
    await shrinkPurposes(q, ['cover-request']);
  }
}

/** The purposes the notification CHECK allows now, read from the constraint itself. */
async function currentPurposes(q: QueryRunner): Promise<string[]> {
  const [row] = await q.query(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'notification_purpose_known' AND conrelid = 'notification'::regclass`,
  );
  return [...String(row?.def ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

async function setPurposes(q: QueryRunner, purposes: string[]): Promise<void> {
  const list = purposes.map((p) => `'${p.replace(/'/g, "''")}'`).join(', ');
  await q.query(`ALTER TABLE notification DROP CONSTRAINT notification_purpose_known`);
  await q.query(`ALTER TABLE notification ADD CONSTRAINT notification_purpose_known CHECK (purpose IN (${list}))`);
}

async function extendPurposes(q: QueryRunner, added: string[]): Promise<void> {
  const purposes = await currentPurposes(q);
  await setPurposes(q, [...purposes, ...added.filter((p) => !purposes.includes(p))]);
}

async function shrinkPurposes(q: QueryRunner, removed: string[]): Promise<void> {
  await setPurposes(q, (await currentPurposes(q)).filter((p) => !removed.includes(p)));
}
