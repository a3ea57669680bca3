import { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * Options shared by the apps, scripts and tests. Migrations are listed explicitly (not globbed) so the
 * bundled apps carry them; `synchronize` is never on: the schema changes only through migrations.
 */
/** `poolSize` comes from the validated config (DB_POOL_SIZE); this module reads no environment. */
export function dataSourceOptions(databaseUrl: string, entities: DataSourceOptions['entities'] = [], poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations: ALL_MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: poolSize },
    // TypeORM would print failing queries with their parameters, i.e. patient details: our filter logs instead.
    logging: false,
  };
}
