/** `npm run migration:run`: applies pending migrations to DATABASE_URL (the API also does this at start). */
import 'reflect-metadata';
import { dataSourceOptions, loadConfig, runMigrationsWithLock } from '@app/core';
import { DataSource } from 'typeorm';

async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = new DataSource(dataSourceOptions(config.databaseUrl));
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
