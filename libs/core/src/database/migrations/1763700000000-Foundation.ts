import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations, people, users and walkouts. Enumerations are text + CHECK (easier to extend than
 * Postgres enums). Children carry trust_id and reference their parent by (id, trust_id), so the
 * database itself refuses a department, staff member or walkout site that belongs to another trust.
 */
export class Foundation1763700000000 implements MigrationInterface {
  name = 'Foundation1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    // NHS number: 10 digits, modulus 11 check digit (weights 10..2; 11 -> 0; 10 is never valid).
    await q.query(`
      CREATE FUNCTION nhs_number_is_valid(value text) RETURNS boolean
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        -- CASE, not AND: SQL does not promise to short-circuit, and the casts fail on non-digits.
        SELECT CASE WHEN value !~ '^[0-9]{10}$' THEN false ELSE (
          SELECT CASE 11 - (sum(substr(value, i, 1)::int * (11 - i)) % 11)
                   WHEN 11 THEN 0 WHEN 10 THEN -1 ELSE 11 - (sum(substr(value, i, 1)::int * (11 - i)) % 11) END
          FROM generate_series(1, 9) AS i
        ) = substr(value, 10, 1)::int END
      $$`);

    await q.query(`
      CREATE TABLE trust (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ods_code text NOT NULL CONSTRAINT trust_ods_code_format CHECK (ods_code ~ '^[A-Z0-9]{3}$'),
        name text NOT NULL CONSTRAINT trust_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT trust_ods_code_unique UNIQUE (ods_code)
      )`);

    await q.query(`
      CREATE TABLE site (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        ods_site_code text NOT NULL CONSTRAINT site_ods_site_code_format CHECK (ods_site_code ~ '^[A-Z0-9]{5}$'),
        name text NOT NULL CONSTRAINT site_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT site_ods_site_code_unique UNIQUE (ods_site_code),
        CONSTRAINT site_id_trust_unique UNIQUE (id, trust_id)
      )`);

    await q.query(`
      CREATE TABLE department (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        site_id uuid NOT NULL,
        name text NOT NULL CONSTRAINT department_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CONSTRAINT department_kind_known CHECK (kind IN ('emergency', 'maternity',
          'intensive-care', 'neonatal', 'acute-medicine', 'surgery', 'theatres', 'outpatients', 'other')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT department_site_same_trust FOREIGN KEY (site_id, trust_id) REFERENCES site (id, trust_id),
        CONSTRAINT department_name_unique_per_site UNIQUE (site_id, name),
        CONSTRAINT department_id_trust_unique UNIQUE (id, trust_id)
      )`);

    await q.query(`
      CREATE TABLE staff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        staff_number text NOT NULL CONSTRAINT staff_number_format CHECK (staff_number ~ '^[A-Za-z0-9-]{1,32}$'),
        given_name text NOT NULL CONSTRAINT staff_given_name_length CHECK (char_length(given_name) BETWEEN 1 AND 100),
        family_name text NOT NULL CONSTRAINT staff_family_name_length CHECK (char_length(family_name) BETWEEN 1 AND 100),
        grade text NOT NULL CONSTRAINT staff_grade_known CHECK (grade IN ('consultant', 'sas', 'resident-doctor', 'nurse', 'other')),
        specialty text NOT NULL CONSTRAINT staff_specialty_kebab CHECK (specialty ~ '^[a-z]+(-[a-z]+)*$'),
        site_id uuid NULL,
        department_id uuid NULL,
        mobile text NULL CONSTRAINT staff_mobile_e164 CHECK (mobile ~ '^\\+447[0-9]{9}$'),
        email text NULL CONSTRAINT staff_email_shape CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
        gmc_number text NULL CONSTRAINT staff_gmc_number_format CHECK (gmc_number ~ '^[0-9]{7}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT staff_number_unique_per_trust UNIQUE (trust_id, staff_number),
        CONSTRAINT staff_id_trust_unique UNIQUE (id, trust_id),
        CONSTRAINT staff_site_same_trust FOREIGN KEY (site_id, trust_id) REFERENCES site (id, trust_id),
        CONSTRAINT staff_department_same_trust FOREIGN KEY (department_id, trust_id) REFERENCES department (id, trust_id)
      )`);
    await q.query(`CREATE INDEX staff_trust_site_grade ON staff (trust_id, site_id, grade)`);

    await q.query(`
      CREATE TABLE patient (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        nhs_number text NOT NULL CONSTRAINT patient_nhs_number_valid CHECK (nhs_number_is_valid(nhs_number)),
        given_name text NOT NULL CONSTRAINT patient_given_name_length CHECK (char_length(given_name) BETWEEN 1 AND 100),
        family_name text NOT NULL CONSTRAINT patient_family_name_length CHECK (char_length(family_name) BETWEEN 1 AND 100),
        date_of_birth date NOT NULL CONSTRAINT patient_date_of_birth_plausible CHECK (date_of_birth > DATE '1890-01-01'),
        mobile text NULL CONSTRAINT patient_mobile_e164 CHECK (mobile ~ '^\\+447[0-9]{9}$'),
        email text NULL CONSTRAINT patient_email_shape CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
        address_lines text[] NULL CONSTRAINT patient_address_lines_count CHECK (cardinality(address_lines) BETWEEN 1 AND 6),
        postcode text NULL,
        preferred_channel text NULL CONSTRAINT patient_preferred_channel_known CHECK (preferred_channel IN ('sms', 'email', 'letter')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT patient_nhs_number_unique_per_trust UNIQUE (trust_id, nhs_number),
        CONSTRAINT patient_id_trust_unique UNIQUE (id, trust_id),
        CONSTRAINT patient_address_has_postcode CHECK ((address_lines IS NULL) = (postcode IS NULL))
      )`);

    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CONSTRAINT app_user_email_shape CHECK (email ~ '^[^@\\s]+@[^@\\s]+$' AND email = lower(email)),
        password_hash text NOT NULL,
        role text NOT NULL CONSTRAINT app_user_role_known CHECK (role IN ('national-admin', 'trust-admin', 'trust-viewer')),
        trust_id uuid NULL REFERENCES trust (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_email_unique UNIQUE (email),
        CONSTRAINT app_user_trust_matches_role CHECK ((role = 'national-admin') = (trust_id IS NULL))
      )`);

    await q.query(`
      CREATE TABLE walkout (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust (id),
        union_name text NOT NULL CONSTRAINT walkout_union_length CHECK (char_length(union_name) BETWEEN 1 AND 100),
        staff_groups text[] NOT NULL CONSTRAINT walkout_staff_groups_known CHECK (cardinality(staff_groups) > 0
          AND staff_groups <@ ARRAY['consultant', 'sas', 'resident-doctor', 'nurse', 'other']),
        mode text NOT NULL CONSTRAINT walkout_mode_known CHECK (mode IN ('full-walkout', 'emergency-care-only')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        notice_received_at timestamptz NOT NULL,
        called_off_at timestamptz NULL,
        call_off_reason text NULL,
        created_by uuid NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT walkout_ends_after_start CHECK (ends_at > starts_at),
        CONSTRAINT walkout_call_off_has_reason CHECK ((called_off_at IS NULL) = (call_off_reason IS NULL)),
        CONSTRAINT walkout_id_trust_unique UNIQUE (id, trust_id)
      )`);
    await q.query(`CREATE INDEX walkout_trust_period ON walkout USING gist (trust_id, tstzrange(starts_at, ends_at))`);
    await q.query(`CREATE INDEX walkout_trust_starts ON walkout (trust_id, starts_at, id)`);

    await q.query(`
      CREATE TABLE walkout_site (
        walkout_id uuid NOT NULL,
        trust_id uuid NOT NULL,
        site_id uuid NOT NULL,
        PRIMARY KEY (walkout_id, site_id),
        CONSTRAINT walkout_site_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id) ON DELETE CASCADE,
        CONSTRAINT walkout_site_site_same_trust FOREIGN KEY (site_id, trust_id) REFERENCES site (id, trust_id)
      )`);

    await q.query(`
      CREATE TABLE walkout_participation (
        walkout_id uuid NOT NULL,
        trust_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        intends_to_strike text NOT NULL CONSTRAINT walkout_participation_answer_known CHECK (intends_to_strike IN ('yes', 'no', 'unknown')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (walkout_id, staff_id),
        CONSTRAINT walkout_participation_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id) ON DELETE CASCADE,
        CONSTRAINT walkout_participation_staff_same_trust FOREIGN KEY (staff_id, trust_id) REFERENCES staff (id, trust_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['walkout_participation', 'walkout_site', 'walkout', 'app_user', 'patient', 'staff', 'department', 'site', 'trust']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS nhs_number_is_valid(text)`);
  }
}
