import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in hardening and account operations:
 *  - app_user gains disabled_at, must_change_password (the bootstrap admin), password_changed_at and
 *    last_sign_in_at;
 *  - auth_session is one sign-in (a refresh-token family) with an absolute expiry; auth_refresh_token
 *    keeps every refresh token it issued (hashed) so a token presented twice is recognised as reuse;
 *    at most one unused token per session;
 *  - login_address_attempt and login_account_failure are the sign-in limits, shared by every API
 *    process (rows are upserted, so concurrent attempts count exactly); accounts are keyed by an HMAC
 *    of the email, so addresses an attacker tries are never stored;
 *  - auth_audit is the append-only record of account changes (triggers refuse UPDATE/DELETE/TRUNCATE).
 */
export class AuthSessions1764300000000 implements MigrationInterface {
  name = 'AuthSessions1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN disabled_at timestamptz NULL,
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN password_changed_at timestamptz NULL,
        ADD COLUMN last_sign_in_at timestamptz NULL`);
    await q.query(`CREATE INDEX app_user_trust_email ON app_user (trust_id, email)`);

    await q.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_refreshed_at timestamptz NULL,
        revoked_at timestamptz NULL,
        revoked_reason text NULL CONSTRAINT auth_session_revoked_reason_known
          CHECK (revoked_reason IN ('sign-out', 'refresh-token-reused', 'password-changed', 'user-disabled')),
        CONSTRAINT auth_session_expires_after_start CHECK (expires_at > created_at),
        CONSTRAINT auth_session_revocation_has_reason CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX auth_session_user_live ON auth_session (user_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX auth_session_expires ON auth_session (expires_at)`);

    await q.query(`
      CREATE TABLE auth_refresh_token (
        token_hash bytea PRIMARY KEY CONSTRAINT auth_refresh_token_hash_length CHECK (octet_length(token_hash) = 32),
        session_id uuid NOT NULL REFERENCES auth_session (id) ON DELETE CASCADE,
        issued_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz NULL
      )`);
    // Rotation leaves exactly one usable token per session, whatever two racing refreshes do.
    await q.query(`CREATE UNIQUE INDEX auth_refresh_token_one_unused ON auth_refresh_token (session_id) WHERE used_at IS NULL`);

    await q.query(`
      CREATE TABLE login_address_attempt (
        address text NOT NULL CONSTRAINT login_address_attempt_address_length CHECK (char_length(address) BETWEEN 1 AND 64),
        window_start timestamptz NOT NULL,
        attempts integer NOT NULL CONSTRAINT login_address_attempt_positive CHECK (attempts > 0),
        PRIMARY KEY (address, window_start)
      )`);
    await q.query(`CREATE INDEX login_address_attempt_window ON login_address_attempt (window_start)`);

    await q.query(`
      CREATE TABLE login_account_failure (
        account_key bytea PRIMARY KEY CONSTRAINT login_account_failure_key_length CHECK (octet_length(account_key) = 32),
        failures integer NOT NULL CONSTRAINT login_account_failure_positive CHECK (failures > 0),
        locked_until timestamptz NULL,
        last_failure_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX login_account_failure_last ON login_account_failure (last_failure_at)`);

    await q.query(`
      CREATE TABLE auth_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        action text NOT NULL CONSTRAINT auth_audit_action_known
          CHECK (action IN ('user-created', 'user-disabled', 'user-enabled', 'password-changed')),
        actor_user_id uuid NULL REFERENCES app_user (id),
        subject_user_id uuid NOT NULL REFERENCES app_user (id),
        trust_id uuid NULL REFERENCES trust (id)
      )`);
    await q.query(`CREATE INDEX auth_audit_subject ON auth_audit (subject_user_id, id)`);
    await q.query(`CREATE INDEX auth_audit_trust ON auth_audit (trust_id, id)`);
    await q.query(`
      CREATE FUNCTION auth_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'auth_audit is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER auth_audit_no_update_or_delete BEFORE UPDATE OR DELETE ON auth_audit
      FOR EACH ROW EXECUTE FUNCTION auth_audit_append_only()`);
    await q.query(`
      CREATE TRIGGER auth_audit_no_truncate BEFORE TRUNCATE ON auth_audit
      FOR EACH STATEMENT EXECUTE FUNCTION auth_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['auth_audit', 'login_account_failure', 'login_address_attempt', 'auth_refresh_token', 'auth_session']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS auth_audit_append_only()`);
    await q.query(`DROP INDEX IF EXISTS app_user_trust_email`);
    await q.query(`ALTER TABLE app_user DROP COLUMN disabled_at, DROP COLUMN must_change_password, DROP COLUMN password_changed_at, DROP COLUMN last_sign_in_at`);
  }
}
