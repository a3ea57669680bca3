import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface IdempotencyRecord {
  fingerprint: Buffer;
  state: 'running' | 'done' | 'failed';
  responseStatus: number | null;
  responseBody: string | null;
  responseLocation: string | null;
}

export interface NewIdempotencyKey {
  userId: string;
  key: string;
  trustId: string | null;
  method: string;
  path: string;
  fingerprint: Buffer;
  ttlHours: number;
}

/**
 * `idempotency_key`, owned by core: one row per user and key. The reservation is its own committed
 * statement, before the command runs, so a concurrent duplicate finds it at once.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Reserves the key, or returns what is stored under it (an expired row counts as absent). */
  async reserve(input: NewIdempotencyKey): Promise<IdempotencyRecord | null> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const inserted = await this.dataSource.query(
        `INSERT INTO idempotency_key (user_id, key, trust_id, method, path, fingerprint, state, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'running', now() + make_interval(hours => $7))
         ON CONFLICT (user_id, key) DO NOTHING RETURNING 1`,
        [input.userId, input.key, input.trustId, input.method, input.path, input.fingerprint, input.ttlHours],
      );
      if (inserted.length) return null;
      const [existing]: (IdempotencyRecord & { expired: boolean })[] = await this.dataSource.query(
        `SELECT fingerprint, state, response_status AS "responseStatus", response_body AS "responseBody", response_location AS "responseLocation",
                expires_at <= now() AS expired
         FROM idempotency_key WHERE user_id = $1 AND key = $2`,
        [input.userId, input.key],
      );
      if (existing && !existing.expired) return existing;
      await this.dataSource.query(`DELETE FROM idempotency_key WHERE user_id = $1 AND key = $2 AND expires_at <= now()`, [input.userId, input.key]);
    }
    throw new Error('Idempotency key could not be reserved');
  }

  async complete(userId: string, key: string, response: { status: number; body: string; location: string | null }): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_key SET state = 'done', response_status = $3, response_body = $4, response_location = $5, completed_at = now()
       WHERE user_id = $1 AND key = $2 AND state = 'running'`,
      [userId, key, response.status, response.body, response.location],
    );
  }

  /** The request was refused before it changed anything: the key may be used again. */
  async release(userId: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_key WHERE user_id = $1 AND key = $2 AND state = 'running'`, [userId, key]);
  }

  async markFailed(userId: string, key: string): Promise<void> {
    await this.dataSource.query(`UPDATE idempotency_key SET state = 'failed', completed_at = now() WHERE user_id = $1 AND key = $2 AND state = 'running'`, [userId, key]);
  }

  async deleteExpired(): Promise<number> {
    const rows = await this.dataSource.query(`WITH gone AS (DELETE FROM idempotency_key WHERE expires_at <= now() RETURNING 1) SELECT count(*)::int AS n FROM gone`);
    return rows[0].n;
  }
}
