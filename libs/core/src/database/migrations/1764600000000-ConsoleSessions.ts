import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console's browser sessions (owned by libs/web). The cookie holds a random id; only its SHA-256 is
 * stored, so a copy of the table signs nobody in. Each is one sign-in (`auth_session`): revoking that
 * (sign-out, password change, user disabled) ends the browser session too. It also ends when idle past
 * `idle_expires_at` or at `expires_at` however busy.
 */
export class ConsoleSessions1764600000000 implements MigrationInterface {
  name = 'ConsoleSessions1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE console_session (
        id_hash bytea PRIMARY KEY CONSTRAINT console_session_id_hash_sha256 CHECK (octet_length(id_hash) = 32),
        auth_session_id uuid NOT NULL REFERENCES auth_session (id) ON DELETE CASCADE,
        -- What the page header shows ("signed in as"); accounts never change their email.
        email text NOT NULL,
        csrf_token text NOT NULL CONSTRAINT console_session_csrf_token_shape CHECK (csrf_token ~ '^[A-Za-z0-9_-]{43}$'),
        created_at timestamptz NOT NULL,
        idle_expires_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT console_session_idle_within_lifetime CHECK (idle_expires_at <= expires_at),
        CONSTRAINT console_session_expires_after_start CHECK (expires_at > created_at)
      )`);
    await q.query(`CREATE INDEX console_session_auth_session ON console_session (auth_session_id)`);
    // Ended sessions are swept by this (idle_expires_at is never later than expires_at).
    await q.query(`CREATE INDEX console_session_idle_expiry ON console_session (idle_expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE console_session`);
  }
}
