import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `walkout_activity_tally`: the sitrep's rescheduled-activity figures kept as counts, so the national
 * view and the national sitrep read a few thousand rows instead of grouping every postponed and
 * rebooked appointment of every trust on each request (docs/decisions/0014-walkout-activity-tally.md).
 *
 * Each row counts appointments of one walkout with the same values of what the figures look at: kind,
 * status, first of its chain or not, rebooked onward or not, days after the walkout, and, for a
 * postponed first-of-chain appointment, the start of the slot it was postponed from (the walkout day
 * it falls in). Triggers keep it exact in the statement that changes the appointments, in the same
 * transaction: each statement appends its net change as rows (a ledger, never an update of a shared
 * row, so concurrent rebooking runs and patients' answers do not queue on one counter), and a
 * scheduled job folds each walkout's rows back into one per combination.
 */
export class WalkoutActivityTally1766000000000 implements MigrationInterface {
  name = 'WalkoutActivityTally1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE walkout_activity_tally (
        trust_id uuid NOT NULL,
        walkout_id uuid NOT NULL,
        kind text NOT NULL,
        status text NOT NULL,
        first_of_chain boolean NOT NULL,
        rebooked_onward boolean NOT NULL,
        days_after_walkout integer NULL,
        original_starts_at timestamptz NULL,
        appointments integer NOT NULL CONSTRAINT walkout_activity_tally_changes_something CHECK (appointments <> 0),
        folded boolean NOT NULL DEFAULT false
      )`);
    await q.query(
      `CREATE INDEX walkout_activity_tally_walkout ON walkout_activity_tally (walkout_id)
         INCLUDE (trust_id, kind, status, first_of_chain, rebooked_onward, days_after_walkout, original_starts_at, appointments)`,
    );
    // What the fold job looks for: walkouts with rows appended since it last ran.
    await q.query(`CREATE INDEX walkout_activity_tally_unfolded ON walkout_activity_tally (walkout_id) WHERE NOT folded`);

    await q.query(`
      CREATE FUNCTION walkout_activity_tally_appointments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${appendTally(`SELECT ${tallyKey('n')}, 1 AS delta FROM new_rows n WHERE n.walkout_id IS NOT NULL`)}
        ELSIF TG_OP = 'UPDATE' THEN
          ${appendTally(
            `SELECT ${tallyKey('n')}, 1 AS delta FROM new_rows n WHERE n.walkout_id IS NOT NULL
             UNION ALL
             SELECT ${tallyKey('o')}, -1 AS delta FROM old_rows o WHERE o.walkout_id IS NOT NULL`,
          )}
        ELSE
          ${appendTally(`SELECT ${tallyKey('o')}, -1 AS delta FROM old_rows o WHERE o.walkout_id IS NOT NULL`)}
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER appointment_tally_insert AFTER INSERT ON appointment REFERENCING NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION walkout_activity_tally_appointments()`,
    );
    await q.query(
      `CREATE TRIGGER appointment_tally_update AFTER UPDATE ON appointment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION walkout_activity_tally_appointments()`,
    );
    await q.query(
      `CREATE TRIGGER appointment_tally_delete AFTER DELETE ON appointment REFERENCING OLD TABLE AS old_rows
         FOR EACH STATEMENT EXECUTE FUNCTION walkout_activity_tally_appointments()`,
    );

    // A slot re-imported at another time moves its postponed appointments to another walkout day. Rare
    // (the WHEN clause keeps every other slot update — the booking counters — free of the trigger).
    await q.query(`
      CREATE FUNCTION walkout_activity_tally_slot_time() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Waits for any transaction changing one of these appointments, and holds off any that starts now:
        -- the next statement (a new snapshot) then counts their current rows, which counted the old time.
        PERFORM 1 FROM appointment a
        WHERE a.slot_id = NEW.id AND a.walkout_id IS NOT NULL AND a.rebooked_from_id IS NULL AND a.postponed_at IS NOT NULL
        ORDER BY a.id FOR NO KEY UPDATE;
        INSERT INTO walkout_activity_tally (trust_id, walkout_id, kind, status, first_of_chain, rebooked_onward, days_after_walkout, original_starts_at, appointments)
        SELECT a.trust_id, a.walkout_id, a.kind, a.status, true, a.rebooked_to_id IS NOT NULL, a.days_after_walkout, moved.starts_at, sum(moved.delta)::int
        FROM appointment a
        CROSS JOIN (VALUES (NEW.starts_at, 1), (OLD.starts_at, -1)) AS moved (starts_at, delta)
        WHERE a.slot_id = NEW.id AND a.walkout_id IS NOT NULL AND a.rebooked_from_id IS NULL AND a.postponed_at IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER slot_time_tally AFTER UPDATE OF starts_at ON slot
         FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at) EXECUTE FUNCTION walkout_activity_tally_slot_time()`,
    );

    await q.query(`CREATE FUNCTION walkout_activity_tally_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN TRUNCATE walkout_activity_tally; RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER appointment_tally_truncate AFTER TRUNCATE ON appointment FOR EACH STATEMENT EXECUTE FUNCTION walkout_activity_tally_truncate()`);

    // What is already stored, folded.
    await q.query(`
      INSERT INTO walkout_activity_tally (trust_id, walkout_id, kind, status, first_of_chain, rebooked_onward, days_after_walkout, original_starts_at, appointments, folded)
      SELECT c.trust_id, c.walkout_id, c.kind, c.status, c.first_of_chain, c.rebooked_onward, c.days_after_walkout, s.starts_at, count(*)::int, true
      FROM (SELECT ${tallyKey('a')} FROM appointment a WHERE a.walkout_id IS NOT NULL) c
      LEFT JOIN slot s ON s.id = c.original_slot_id
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER appointment_tally_truncate ON appointment`);
    await q.query(`DROP TRIGGER slot_time_tally ON slot`);
    await q.query(`DROP TRIGGER appointment_tally_delete ON appointment`);
    await q.query(`DROP TRIGGER appointment_tally_update ON appointment`);
    await q.query(`DROP TRIGGER appointment_tally_insert ON appointment`);
    await q.query(`DROP FUNCTION walkout_activity_tally_truncate()`);
    await q.query(`DROP FUNCTION walkout_activity_tally_slot_time()`);
    await q.query(`DROP FUNCTION walkout_activity_tally_appointments()`);
    await q.query(`DROP TABLE walkout_activity_tally`);
  }
}

/** The tally's key of appointment rows `r` (and the slot whose start a postponed first-of-chain row keeps). */
function tallyKey(r: string): string {
  return `${r}.trust_id, ${r}.walkout_id, ${r}.kind, ${r}.status, ${r}.rebooked_from_id IS NULL AS first_of_chain,
          ${r}.rebooked_to_id IS NOT NULL AS rebooked_onward, ${r}.days_after_walkout,
          CASE WHEN ${r}.rebooked_from_id IS NULL AND ${r}.postponed_at IS NOT NULL THEN ${r}.slot_id END AS original_slot_id`;
}

/**
 * Appends the net change of `changes` (keyed rows with a delta of +1 or -1); a statement that changed no
 * figure appends nothing. The slot's start is looked up per key after netting, by its primary key: a
 * join would be planned without knowing the transition table's size, and hashing the whole slot table
 * for one patient's answer made each answer's statement 7 ms.
 */
function appendTally(changes: string): string {
  return `INSERT INTO walkout_activity_tally (trust_id, walkout_id, kind, status, first_of_chain, rebooked_onward, days_after_walkout, original_starts_at, appointments)
          SELECT g.trust_id, g.walkout_id, g.kind, g.status, g.first_of_chain, g.rebooked_onward, g.days_after_walkout,
                 (SELECT s.starts_at FROM slot s WHERE s.id = g.original_slot_id), g.appointments
          FROM (
            SELECT c.trust_id, c.walkout_id, c.kind, c.status, c.first_of_chain, c.rebooked_onward, c.days_after_walkout, c.original_slot_id, sum(c.delta)::int AS appointments
            FROM (${changes}) c
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
            HAVING sum(c.delta) <> 0
          ) g;`;
}
