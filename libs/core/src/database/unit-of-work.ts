import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * One database transaction in progress (docs/architecture.md, "Transactions"). Services receive it from
 * `Transactions.run` and hand it on, always as the first argument, to the repositories that do the SQL;
 * only repositories look inside it. Services never name TypeORM.
 */
export type UnitOfWork = EntityManager;

/** The one way to open a transaction: everything `work` does through `tx` commits or rolls back together. */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (tx: UnitOfWork) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
