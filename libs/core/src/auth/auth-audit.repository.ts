import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';

export const AUTH_AUDIT_ACTIONS = ['user-created', 'user-disabled', 'user-enabled', 'password-changed'] as const;
export type AuthAuditAction = (typeof AUTH_AUDIT_ACTIONS)[number];

export interface AuthAuditEntry {
  action: AuthAuditAction;
  /** null: the service itself (the bootstrap admin, a seed script). */
  actorUserId: string | null;
  subjectUserId: string;
  /** The subject's trust, so the record can be read per trust. */
  trustId: string | null;
}

export interface AuthAuditRecord extends AuthAuditEntry {
  id: string;
  at: Date;
}

export interface AuthAuditFilter {
  userId: string | null;
  trustId: string | null;
  /** Keyset: entries older than this id. */
  beforeId: string | null;
  limit: number;
}

/** Append-only: there is no update or delete here, and the database refuses them (triggers). */
@Injectable()
export class AuthAuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(tx: UnitOfWork, entry: AuthAuditEntry): Promise<void> {
    await tx.query(`INSERT INTO auth_audit (action, actor_user_id, subject_user_id, trust_id) VALUES ($1, $2, $3, $4)`, [
      entry.action,
      entry.actorUserId,
      entry.subjectUserId,
      entry.trustId,
    ]);
  }

  /** Newest first. */
  async list(filter: AuthAuditFilter): Promise<AuthAuditRecord[]> {
    return this.dataSource.query(
      `SELECT id::text AS id, at, action, actor_user_id AS "actorUserId", subject_user_id AS "subjectUserId", trust_id AS "trustId"
       FROM auth_audit
       WHERE ($1::uuid IS NULL OR subject_user_id = $1) AND ($2::uuid IS NULL OR trust_id = $2) AND ($3::bigint IS NULL OR id < $3)
       ORDER BY auth_audit.id DESC LIMIT $4`,
      [filter.userId, filter.trustId, filter.beforeId, filter.limit],
    );
  }
}
