import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ALL_MIGRATIONS } from '../src/database/migrations';
import { runMigrationsWithLock } from '../src/database/run-migrations';

/**
 * Each integration/e2e test file gets its own database, cloned from a migrated template (fast:
 * a file copy, not a migration run). Serialised by an advisory lock because Postgres refuses to
 * clone a template while anyone else is connected to it.
 */
const TEMPLATE_DATABASE_PREFIX = 'strike_ops_test_template';
const CLONE_LOCK_KEY = 7_313_370_002;

/** The server of DATABASE_URL (or the local default); test databases are created next to it. */
export function serverUrl(): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/strike_ops');
  url.pathname = '/postgres';
  return url.toString();
}

export function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function withServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl(), connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function withCloneLock<T>(client: Client, work: () => Promise<T>): Promise<T> {
  await client.query('SELECT pg_advisory_lock($1)', [CLONE_LOCK_KEY]);
  try {
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [CLONE_LOCK_KEY]);
  }
}

/**
 * The migrations' source, hashed: a template built from an older version of a migration (edited during
 * development) is rebuilt rather than trusted, because the migration table would say it is up to date.
 */
function migrationsFingerprint(): string {
  const hash = createHash('sha256');
  for (const migration of ALL_MIGRATIONS) hash.update(migration.name).update(migration.prototype.up.toString()).update(migration.prototype.down.toString());
  // The files too: a migration may build its SQL with helpers outside the class, which toString() does not show.
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  return hash.digest('hex').slice(0, 32);
}

const MIGRATIONS_DIR = join(__dirname, '../src/database/migrations');

/**
 * The template is named after its migrations, so two checkouts with different migrations can run their
 * suites at the same time on one server without rebuilding each other's template mid-run.
 */
function templateDatabase(): string {
  return `${TEMPLATE_DATABASE_PREFIX}_${migrationsFingerprint().slice(0, 12)}`;
}

/** Creates (if needed) and migrates the template; called once per `npm test` from the global setup. */
export async function prepareTemplateDatabase(): Promise<void> {
  await withServer(async (client) =>
    withCloneLock(client, async () => {
      const fingerprint = migrationsFingerprint();
      const template = templateDatabase();
      const existing = await client.query<{ comment: string | null }>(
        `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
        [template],
      );
      if (existing.rowCount && existing.rows[0].comment !== fingerprint) {
        await client.query(`DROP DATABASE ${template} WITH (FORCE)`);
      }
      if (!existing.rowCount || existing.rows[0].comment !== fingerprint) {
        await client.query(`CREATE DATABASE ${template}`);
      }
      const dataSource = new DataSource(dataSourceOptions(databaseUrl(template)));
      await dataSource.initialize();
      try {
        await runMigrationsWithLock(dataSource);
      } finally {
        await dataSource.destroy();
      }
      await client.query(`COMMENT ON DATABASE ${template} IS '${fingerprint}'`);
      await dropAbandonedDatabases(client);
    }),
  );
}

/** Databases left by test processes that died (their pid is in the name and no longer runs). */
async function dropAbandonedDatabases(client: Client): Promise<void> {
  const rows = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^strike_ops_test_p[0-9]+_'`);
  for (const { datname } of rows.rows) {
    const pid = Number(/^strike_ops_test_p(\d+)_/.exec(datname)?.[1]);
    if (!processIsAlive(pid)) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `strike_ops_test_p${process.pid}_${randomBytes(4).toString('hex')}`;
  await withServer((client) => withCloneLock(client, () => client.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase()}`)));
  return { name, url: databaseUrl(name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
