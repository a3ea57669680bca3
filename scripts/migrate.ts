/** `npm run migration:run`: creates the database of DATABASE_URL if missing and applies pending migrations (the API also does this at start). */
import 'reflect-metadata';
import { dataSourceOptions, ensureDatabaseExists, loadConfig, loadEnvFile, runMigrationsWithLock } from '@app/core';
import { DataSource } from 'typeorm';

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  if (await ensureDatabaseExists(config.databaseUrl)) console.log(`Created database ${new URL(config.databaseUrl).pathname.slice(1)}.`);
  const dataSource = new DataSource(dataSourceOptions(config.databaseUrl, [], config.dbPoolSize));
  await dataSource.initialize();
  try {
    const applied = await runMigrationsWithLock(dataSource);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply: the schema is up to date.');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
