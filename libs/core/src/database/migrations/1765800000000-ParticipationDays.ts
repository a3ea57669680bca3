import { MigrationInterface, QueryRunner } from 'typeorm';

/** The values a `CHECK (column IN ('a', 'b'))` constraint allows today, read from the catalogue. */
async function allowedValues(q: QueryRunner, table: string, constraint: string): Promise<string[]> {
  const rows: { definition: string }[] = await q.query(
    `SELECT pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = $1 AND c.conname = $2`,
    [table, constraint],
  );
  if (!rows.length) return [];
  return [...rows[0].definition.matchAll(/'((?:[^']|'')*)'/g)].map((match) => match[1].replace(/''/g, "'"));
}

/**
 * Widens a CHECK list by some values, keeping whatever other migrations (other features, in any order)
 * have added: the list is read back from the catalogue, never retyped here.
 */
async function widenCheck(q: QueryRunner, table: string, constraint: string, column: string, add: string[], nullable: boolean): Promise<void> {
  const values = [...new Set([...(await allowedValues(q, table, constraint)), ...add])];
  const list = values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
  await q.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${constraint}`);
  await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (${nullable ? `${column} IS NULL OR ` : ''}${column} IN (${list}))`);
}

async function narrowCheck(q: QueryRunner, table: string, constraint: string, column: string, remove: string[], nullable: boolean): Promise<void> {
  const values = (await allowedValues(q, table, constraint)).filter((value) => !remove.includes(value));
  const list = values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
  await q.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${constraint}`);
  await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (${nullable ? `${column} IS NULL OR ` : ''}${column} IN (${list}))`);
}

/**
 * Participation per walkout day (docs/domain.md, "Participation"). `walkout_participation` keeps the
 * whole-walkout answer, which applies to every day of the walkout; `walkout_participation_day` holds an
 * answer for one day (a staff member's own declaration, or an admin's per-day upload), which wins over
 * the whole-walkout one for that day. Existing answers therefore need no copying: with no day rows, every
 * day reads the whole-walkout answer, exactly as before. A day is the Europe/London date on which a
 * walkout day begins (walkout days are 24-hour London days from the start, as the workforce sitrep counts).
 *
 * `participation_declaration`: the evening-before request to a staff member for one walkout day, its
 * link token (SHA-256 only) and their answer; unique per person per day, so the sending job is
 * idempotent. Its id is the `source_id` of the message, so a text reply can be matched to it.
 *
 * `walkout_activity_cancellation`: community and mental-health cancellations per walkout day, which the
 * trust records itself (no appointment data of those services reaches the service).
 */
export class ParticipationDays1765800000000 implements MigrationInterface {
  name = 'ParticipationDays1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE walkout_participation_day (
        walkout_id uuid NOT NULL,
        trust_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        day date NOT NULL,
        intends_to_strike text NOT NULL CONSTRAINT walkout_participation_day_answer_known CHECK (intends_to_strike IN ('yes', 'no', 'unknown')),
        source text NOT NULL CONSTRAINT walkout_participation_day_source_known CHECK (source IN ('admin', 'link', 'text-reply')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (walkout_id, staff_id, day),
        CONSTRAINT walkout_participation_day_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id) ON DELETE CASCADE,
        CONSTRAINT walkout_participation_day_staff_same_trust FOREIGN KEY (staff_id, trust_id) REFERENCES staff (id, trust_id)
      )`);
    await q.query(`CREATE INDEX walkout_participation_day_by_day ON walkout_participation_day (walkout_id, day)`);

    await q.query(`
      CREATE TABLE participation_declaration (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL,
        walkout_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        day date NOT NULL,
        token_hash text NOT NULL CONSTRAINT participation_declaration_token_unique UNIQUE,
        requested_at timestamptz NOT NULL DEFAULT now(),
        answer text NULL CONSTRAINT participation_declaration_answer_known CHECK (answer IN ('yes', 'no')),
        answered_via text NULL CONSTRAINT participation_declaration_via_known CHECK (answered_via IN ('link', 'text-reply')),
        answered_at timestamptz NULL,
        CONSTRAINT participation_declaration_once_per_day UNIQUE (walkout_id, staff_id, day),
        CONSTRAINT participation_declaration_answer_whole CHECK ((answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (answered_via IS NULL)),
        CONSTRAINT participation_declaration_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id) ON DELETE CASCADE,
        CONSTRAINT participation_declaration_staff_same_trust FOREIGN KEY (staff_id, trust_id) REFERENCES staff (id, trust_id)
      )`);
    await q.query(`CREATE INDEX participation_declaration_trust ON participation_declaration (trust_id, walkout_id, day)`);

    await q.query(`
      CREATE TABLE walkout_activity_cancellation (
        walkout_id uuid NOT NULL,
        trust_id uuid NOT NULL,
        day date NOT NULL,
        community integer NULL CONSTRAINT walkout_activity_cancellation_community_non_negative CHECK (community >= 0),
        mental_health integer NULL CONSTRAINT walkout_activity_cancellation_mental_health_non_negative CHECK (mental_health >= 0),
        recorded_by uuid NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (walkout_id, day),
        CONSTRAINT walkout_activity_cancellation_walkout_same_trust FOREIGN KEY (walkout_id, trust_id) REFERENCES walkout (id, trust_id) ON DELETE CASCADE
      )`);

    // The declaration request is a message of its own, named by its source so a reply can be matched.
    await widenCheck(q, 'notification', 'notification_purpose_known', 'purpose', ['participation-declaration'], false);
    await widenCheck(q, 'notification', 'notification_source_type_known', 'source_type', ['participation-declaration'], true);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification WHERE purpose = 'participation-declaration'`);
    await narrowCheck(q, 'notification', 'notification_source_type_known', 'source_type', ['participation-declaration'], true);
    await narrowCheck(q, 'notification', 'notification_purpose_known', 'purpose', ['participation-declaration'], false);
    await q.query(`DROP TABLE walkout_activity_cancellation`);
    await q.query(`DROP TABLE participation_declaration`);
    await q.query(`DROP TABLE walkout_participation_day`);
  }
}
