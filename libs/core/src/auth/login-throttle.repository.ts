import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountFailureState } from './rules/sign-in-lockout';
import { UnitOfWork } from '../database/unit-of-work';

/**
 * The sign-in limits' state, in PostgreSQL: every API process shares it, upserts and row locks make the
 * counts exact under concurrency, and sign-in keeps working when Redis is down.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts one attempt from `address` in the window starting at `windowStart`; returns the window's count. */
  async countAddressAttempt(address: string, windowStart: Date): Promise<number> {
    const [row]: { attempts: number }[] = await this.dataSource.query(
      `INSERT INTO login_address_attempt (address, window_start, attempts) VALUES ($1, $2, 1)
       ON CONFLICT (address, window_start) DO UPDATE SET attempts = login_address_attempt.attempts + 1
       RETURNING attempts`,
      [address, windowStart],
    );
    return row.attempts;
  }

  /** Reads the account's state with its row locked, creating nothing (the caller writes it back). */
  async lockAccount(tx: UnitOfWork, accountKey: Buffer): Promise<AccountFailureState | null> {
    // Taking an advisory lock on the key first serialises attempts on an account that has no row yet.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended(encode($1::bytea, 'hex'), 7313370003))`, [accountKey]);
    const rows: AccountFailureState[] = await tx.query(
      `SELECT failures, locked_until AS "lockedUntil", last_failure_at AS "lastFailureAt" FROM login_account_failure WHERE account_key = $1`,
      [accountKey],
    );
    return rows[0] ?? null;
  }

  async saveAccount(tx: UnitOfWork, accountKey: Buffer, state: AccountFailureState): Promise<void> {
    await tx.query(
      `INSERT INTO login_account_failure (account_key, failures, locked_until, last_failure_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_key) DO UPDATE SET failures = EXCLUDED.failures, locked_until = EXCLUDED.locked_until, last_failure_at = EXCLUDED.last_failure_at`,
      [accountKey, state.failures, state.lockedUntil, state.lastFailureAt],
    );
  }

  async clearAccount(accountKey: Buffer): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_account_failure WHERE account_key = $1`, [accountKey]);
  }

  /** Housekeeping: windows that have closed and failures old enough to be forgotten. Bounded per call. */
  async prune(addressWindowsBefore: Date, failuresBefore: Date, batch = 1000): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_address_attempt WHERE ctid IN (SELECT ctid FROM login_address_attempt WHERE window_start < $1 LIMIT $2)`,
      [addressWindowsBefore, batch],
    );
    await this.dataSource.query(
      `DELETE FROM login_account_failure WHERE ctid IN (
         SELECT ctid FROM login_account_failure WHERE last_failure_at < $1 AND (locked_until IS NULL OR locked_until < $1) LIMIT $2)`,
      [failuresBefore, batch],
    );
  }
}
