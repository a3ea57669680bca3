import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from './role';
import { UnitOfWork } from '../database/unit-of-work';

export type SessionRevokedReason = 'sign-out' | 'refresh-token-reused' | 'password-changed' | 'user-disabled';

export interface SessionRecord {
  id: string;
  userId: string;
  expiresAt: Date;
}

/** What the guard needs to know on each request, in one indexed read. */
export interface SessionAccessState {
  sessionId: string;
  userId: string;
  role: Role;
  trustId: string | null;
  userDisabled: boolean;
  sessionRevoked: boolean;
  sessionExpiresAt: Date;
}

export type RefreshOutcome =
  | { kind: 'rotated'; session: SessionRecord & { revoked: boolean; userDisabled: boolean; expired: boolean } }
  /** The token was already used once: someone holds a copy. */
  | { kind: 'reused'; sessionId: string; userId: string }
  | { kind: 'unknown' };

/**
 * Sign-ins (auth_session) and their refresh tokens (auth_refresh_token, SHA-256 only). Every refresh
 * token ever issued stays until its session is pruned, so a used one is recognised when it comes back.
 */
@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(tx: UnitOfWork, userId: string, lifetimeSeconds: number, refreshTokenHash: Buffer): Promise<SessionRecord> {
    const [session]: SessionRecord[] = await tx.query(
      `INSERT INTO auth_session (user_id, expires_at) VALUES ($1, now() + make_interval(secs => $2))
       RETURNING id, user_id AS "userId", expires_at AS "expiresAt"`,
      [userId, lifetimeSeconds],
    );
    await tx.query(`INSERT INTO auth_refresh_token (token_hash, session_id) VALUES ($1, $2)`, [refreshTokenHash, session.id]);
    return session;
  }

  /**
   * Marks the presented token used and, if it was the session's live token, stores its successor.
   * The guarded UPDATE makes two racing refreshes with one token resolve to one rotation and one reuse.
   */
  async rotate(tx: UnitOfWork, presentedHash: Buffer, nextHash: Buffer): Promise<RefreshOutcome> {
    const used: { sessionId: string }[] = await tx.query(
      `WITH used AS (UPDATE auth_refresh_token SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL RETURNING session_id)
       SELECT session_id AS "sessionId" FROM used`,
      [presentedHash],
    );
    if (!used.length) {
      const known: { sessionId: string; userId: string }[] = await tx.query(
        `SELECT t.session_id AS "sessionId", s.user_id AS "userId" FROM auth_refresh_token t JOIN auth_session s ON s.id = t.session_id WHERE t.token_hash = $1`,
        [presentedHash],
      );
      return known.length ? { kind: 'reused', ...known[0] } : { kind: 'unknown' };
    }
    const [session]: (SessionRecord & { revoked: boolean; userDisabled: boolean; expired: boolean })[] = await tx.query(
      `WITH refreshed AS (
         UPDATE auth_session s SET last_refreshed_at = now() FROM app_user u
         WHERE s.id = $1 AND u.id = s.user_id
         RETURNING s.id, s.user_id AS "userId", s.expires_at AS "expiresAt", s.revoked_at IS NOT NULL AS revoked,
                   u.disabled_at IS NOT NULL AS "userDisabled", s.expires_at <= now() AS expired
       ) SELECT * FROM refreshed`,
      [used[0].sessionId],
    );
    if (!session.revoked && !session.userDisabled && !session.expired) {
      await tx.query(`INSERT INTO auth_refresh_token (token_hash, session_id) VALUES ($1, $2)`, [nextHash, session.id]);
    }
    return { kind: 'rotated', session };
  }

  async accessState(sessionId: string): Promise<SessionAccessState | null> {
    const rows: SessionAccessState[] = await this.dataSource.query(
      `SELECT s.id AS "sessionId", s.user_id AS "userId", u.role, u.trust_id AS "trustId", u.disabled_at IS NOT NULL AS "userDisabled",
              s.revoked_at IS NOT NULL AS "sessionRevoked", s.expires_at AS "sessionExpiresAt"
       FROM auth_session s JOIN app_user u ON u.id = s.user_id WHERE s.id = $1`,
      [sessionId],
    );
    return rows[0] ?? null;
  }

  /** Revokes one session; false when it was not live (already revoked, or not this user's). */
  async revoke(tx: UnitOfWork, sessionId: string, userId: string, reason: SessionRevokedReason): Promise<boolean> {
    const rows = await tx.query(
      `WITH revoked AS (
         UPDATE auth_session SET revoked_at = now(), revoked_reason = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id
       ) SELECT id FROM revoked`,
      [sessionId, userId, reason],
    );
    return rows.length > 0;
  }

  /** Revokes every live session of a user except `keepSessionId`; returns the ids revoked. */
  async revokeAllOfUser(tx: UnitOfWork, userId: string, reason: SessionRevokedReason, keepSessionId: string | null = null): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `WITH revoked AS (
         UPDATE auth_session SET revoked_at = now(), revoked_reason = $2
         WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3) RETURNING id
       ) SELECT id FROM revoked`,
      [userId, reason, keepSessionId],
    );
    return rows.map((row) => row.id);
  }

  /** Housekeeping: sessions that ended long ago (their tokens go with them). Bounded per call. */
  async pruneEndedBefore(before: Date, batch = 1000): Promise<number> {
    const rows = await this.dataSource.query(
      `WITH pruned AS (DELETE FROM auth_session WHERE id IN (SELECT id FROM auth_session WHERE expires_at < $1 LIMIT $2) RETURNING id)
       SELECT id FROM pruned`,
      [before, batch],
    );
    return rows.length;
  }
}
