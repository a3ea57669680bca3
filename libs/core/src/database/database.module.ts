import { DynamicModule, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabaseExists } from './ensure-database';
import { runMigrationsWithLock } from './run-migrations';
import { Transactions } from './unit-of-work';

/**
 * Runs before any other module's start-up hook (this module sits deepest in the import graph), so
 * nothing reads a table that a pending migration has not created yet.
 */
@Injectable()
export class MigrationOnStart implements OnModuleInit {
  private readonly logger = new Logger('Database');
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject('MIGRATE_ON_START') private readonly migrateOnStart: boolean,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.migrateOnStart || !this.config.dbMigrate) return;
    const applied = await runMigrationsWithLock(this.dataSource);
    if (applied.length) this.logger.log({ msg: 'migrations applied', migrations: applied });
  }
}

@Module({})
export class DatabaseModule {
  // Global so every lib's services can open a transaction with `Transactions` (see unit-of-work.ts).
  /** `migrateOnStart` is true for the API (README "Configuration", DB_MIGRATE: it applies pending migrations at start). */
  static forRoot(options: { migrateOnStart: boolean }): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          // Created when missing (first run), before TypeORM connects to it.
          useFactory: async (config: AppConfig) => {
            if (await ensureDatabaseExists(config.databaseUrl)) {
              new Logger('Database').log({ msg: 'database created', database: new URL(config.databaseUrl).pathname.slice(1) });
            }
            return { ...dataSourceOptions(config.databaseUrl, [], config.dbPoolSize), autoLoadEntities: true, retryAttempts: 3, retryDelay: 1000 };
          },
        }),
      ],
      providers: [{ provide: 'MIGRATE_ON_START', useValue: options.migrateOnStart }, MigrationOnStart, Transactions],
      exports: [Transactions],
    };
  }
}
