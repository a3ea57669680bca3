import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseUrl, serverUrl } from '@app/core/testing';
import { dataSourceOptions } from '../data-source-options';
import { ALL_MIGRATIONS } from './index';
import { NotificationSource1765100000000 } from './1765100000000-NotificationSource';

/**
 * The migration that gave notifications explicit source columns also links the recall messages already
 * stored, from the keys they were written with. A deployment upgraded mid-incident must keep its
 * roll-call, so the backfill is checked on rows written by the schema before it.
 */
describe('migration NotificationSource: existing recall messages are linked to their recall', () => {
  const name = `strike_ops_test_migration_p${process.pid}_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    const server = new Client({ connectionString: serverUrl() });
    await server.connect();
    await server.query(`CREATE DATABASE ${name}`);
    await server.end();
    const before = ALL_MIGRATIONS.slice(0, ALL_MIGRATIONS.indexOf(NotificationSource1765100000000));
    dataSource = new DataSource({ ...dataSourceOptions(databaseUrl(name)), migrations: before });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    const server = new Client({ connectionString: serverUrl() });
    await server.connect();
    await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await server.end();
  });

  it('links recall, reminder and stand-down messages by their key, and leaves every other message unlinked', async () => {
    const [trust] = await dataSource.query(`INSERT INTO trust (ods_code, name) VALUES ('RQM', 'Test trust') RETURNING id`);
    const [staff] = await dataSource.query(
      `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty) VALUES ($1, 'S1', 'Ada', 'Lovelace', 'resident-doctor', 'anaesthetics') RETURNING id`,
      [trust.id],
    );
    const recallId = randomUUID();
    const otherRecallId = randomUUID();
    const message = async (purpose: string, dedupeKey: string | null): Promise<string> => {
      const [row] = await dataSource.query(
        `INSERT INTO notification (trust_id, recipient_type, staff_id, purpose, lane, personalisation, dedupe_key)
         VALUES ($1, 'staff', $2, $3, $4, '{}', $5) RETURNING id`,
        [trust.id, staff.id, purpose, purpose.startsWith('recall') ? 'staff-alert' : 'notice', dedupeKey],
      );
      return row.id;
    };
    const recall = await message('recall', `recall-${recallId}`);
    const reminder = await message('recall-reminder', `recall-reminder-${recallId}-2`);
    const standDown = await message('recall-stand-down', `recall-stand-down-${otherRecallId}`);
    const coverShift = await message('cover-shift', `cover-shift-${randomUUID()}`);
    const unkeyedRecall = await message('recall', null);

    const runner = dataSource.createQueryRunner();
    try {
      await new NotificationSource1765100000000().up(runner);
    } finally {
      await runner.release();
    }

    const rows: { id: string; source_type: string | null; source_id: string | null }[] = await dataSource.query(`SELECT id, source_type, source_id FROM notification`);
    const linked = Object.fromEntries(rows.map((row) => [row.id, row.source_type ? `${row.source_type}:${row.source_id}` : null]));
    expect(linked).toEqual({
      [recall]: `recall:${recallId}`,
      [reminder]: `recall:${recallId}`,
      [standDown]: `recall:${otherRecallId}`,
      [coverShift]: null,
      [unkeyedRecall]: null,
    });
  });
});
