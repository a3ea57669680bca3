import { DataSource } from 'typeorm';

/** Any constant works; it only has to be the same in every process of this service. */
const MIGRATION_LOCK_KEY = 7_313_370_001;

/**
 * Applies pending migrations under a Postgres advisory lock, so an API and a worker (or two API
 * replicas) starting together never run the same migration twice.
 */
export async function runMigrationsWithLock(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
