import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { createTestDatabase, dropTestDatabase } from './test-database';

/** A real DataSource on a fresh clone of the migrated template, for repository-level integration tests. */
export async function openTestDataSource(entities: Function[] = []): Promise<{ dataSource: DataSource; close: () => Promise<void> }> {
  const database = await createTestDatabase();
  const dataSource = new DataSource({ ...dataSourceOptions(database.url, entities), extra: { max: 10 } });
  await dataSource.initialize();
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await dropTestDatabase(database.name);
    },
  };
}
