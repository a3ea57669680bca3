import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface StoredSession {
  authSessionId: string;
  email: string;
  csrfToken: string;
  idleExpiresAt: Date;
  expiresAt: Date;
}

export interface NewSession {
  idHash: string;
  authSessionId: string;
  email: string;
  csrfToken: string;
  now: Date;
  idleExpiresAt: Date;
  expiresAt: Date;
}

/** The only code that touches `console_session`. Ids arrive already hashed (hex SHA-256). */
@Injectable()
export class ConsoleSessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a new session, and sweeps every ended one while at it (sign-ins are rare; no job needed). */
  async insert(session: NewSession): Promise<void> {
    await this.dataSource.query(`DELETE FROM console_session WHERE idle_expires_at <= $1`, [session.now]);
    await this.dataSource.query(
      `INSERT INTO console_session (id_hash, auth_session_id, email, csrf_token, created_at, idle_expires_at, expires_at)
       VALUES (decode($1, 'hex'), $2, $3, $4, $5, $6, $7)`,
      [session.idHash, session.authSessionId, session.email, session.csrfToken, session.now, session.idleExpiresAt, session.expiresAt],
    );
  }

  /** The session while it is live at `now`, or null. */
  async findLive(idHash: string, now: Date): Promise<StoredSession | null> {
    const rows: StoredSession[] = await this.dataSource.query(
      `SELECT auth_session_id AS "authSessionId", email, csrf_token AS "csrfToken", idle_expires_at AS "idleExpiresAt", expires_at AS "expiresAt"
       FROM console_session WHERE id_hash = decode($1, 'hex') AND idle_expires_at > $2 AND expires_at > $2`,
      [idHash, now],
    );
    return rows[0] ?? null;
  }

  /**
   * Moves the idle expiry on, never past the absolute one. Written at most once a minute per session
   * (the WHERE clause), so a page with many requests does not write on every one.
   */
  async extendIdle(idHash: string, idleExpiresAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE console_session SET idle_expires_at = least($2::timestamptz, expires_at)
       WHERE id_hash = decode($1, 'hex') AND idle_expires_at < least($2::timestamptz, expires_at) - interval '1 minute'`,
      [idHash, idleExpiresAt],
    );
  }

  async delete(idHash: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM console_session WHERE id_hash = decode($1, 'hex')`, [idHash]);
  }
}
