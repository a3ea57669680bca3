import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isPgError, PgErrorCode } from '../database/pg-errors';
import { UnitOfWork } from '../database/unit-of-work';
import { Role } from './role';

export interface NewUser {
  email: string;
  passwordHash: string;
  role: Role;
  trustId: string | null;
  mustChangePassword?: boolean;
}

/** A user as the account routes show it (never the password hash). */
export interface UserRecord {
  id: string;
  email: string;
  role: Role;
  trustId: string | null;
  createdAt: Date;
  disabledAt: Date | null;
  mustChangePassword: boolean;
  passwordChangedAt: Date | null;
  lastSignInAt: Date | null;
}

export interface UserWithPassword extends UserRecord {
  passwordHash: string;
}

export interface UserListFilter {
  /** null: every trust and the national admins. */
  trustId: string | null;
  /** Keyset: emails after this one. */
  afterEmail: string | null;
  limit: number;
}

const USER_COLUMNS = `id, email, role, trust_id AS "trustId", created_at AS "createdAt", disabled_at AS "disabledAt",
  must_change_password AS "mustChangePassword", password_changed_at AS "passwordChangedAt", last_sign_in_at AS "lastSignInAt"`;

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByEmail(email: string): Promise<UserWithPassword | null> {
    const rows: UserWithPassword[] = await this.dataSource.query(`SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM app_user WHERE email = $1`, [email.toLowerCase()]);
    return rows[0] ?? null;
  }

  async findById(userId: string): Promise<UserRecord | null> {
    const rows: UserRecord[] = await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM app_user WHERE id = $1`, [userId]);
    return rows[0] ?? null;
  }

  async findByIdWithPassword(userId: string): Promise<UserWithPassword | null> {
    const rows: UserWithPassword[] = await this.dataSource.query(`SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM app_user WHERE id = $1`, [userId]);
    return rows[0] ?? null;
  }

  /** Locks the given users in id order (so two admins acting on each other cannot deadlock). */
  async lockByIds(tx: UnitOfWork, userIds: string[]): Promise<UserRecord[]> {
    return tx.query(`SELECT ${USER_COLUMNS} FROM app_user WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [userIds]);
  }

  /** Ordered by email; the trust filter and the keyset use the (trust_id, email) index. */
  async list(filter: UserListFilter): Promise<UserRecord[]> {
    return this.dataSource.query(
      `SELECT ${USER_COLUMNS} FROM app_user
       WHERE ($1::uuid IS NULL OR trust_id = $1) AND ($2::text IS NULL OR email > $2)
       ORDER BY email LIMIT $3`,
      [filter.trustId, filter.afterEmail, filter.limit],
    );
  }

  /** Returns null when the email is taken (the unique constraint decides, so two racing requests cannot both win). */
  async insert(tx: UnitOfWork, user: NewUser): Promise<UserRecord | null> {
    try {
      const rows: UserRecord[] = await tx.query(
        `INSERT INTO app_user (email, password_hash, role, trust_id, must_change_password) VALUES ($1, $2, $3, $4, $5) RETURNING ${USER_COLUMNS}`,
        [user.email.toLowerCase(), user.passwordHash, user.role, user.trustId, user.mustChangePassword ?? false],
      );
      return rows[0];
    } catch (error) {
      if (isPgError(error, PgErrorCode.UniqueViolation, 'app_user_email_unique')) return null;
      throw error;
    }
  }

  /** Idempotent: a restart with the same bootstrap email changes nothing (null when the email exists). */
  async insertIfEmailFree(tx: UnitOfWork, user: NewUser): Promise<UserRecord | null> {
    const rows: UserRecord[] = await tx.query(
      `INSERT INTO app_user (email, password_hash, role, trust_id, must_change_password) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (email) DO NOTHING RETURNING ${USER_COLUMNS}`,
      [user.email.toLowerCase(), user.passwordHash, user.role, user.trustId, user.mustChangePassword ?? false],
    );
    return rows[0] ?? null;
  }

  async setDisabled(tx: UnitOfWork, userId: string, disabled: boolean): Promise<UserRecord> {
    const rows: UserRecord[] = await tx.query(
      `WITH changed AS (
         UPDATE app_user SET disabled_at = CASE WHEN $2 THEN COALESCE(disabled_at, now()) ELSE NULL END WHERE id = $1 RETURNING *
       ) SELECT ${USER_COLUMNS} FROM changed`,
      [userId, disabled],
    );
    return rows[0];
  }

  async setPassword(tx: UnitOfWork, userId: string, passwordHash: string): Promise<void> {
    await tx.query(`UPDATE app_user SET password_hash = $2, must_change_password = false, password_changed_at = now() WHERE id = $1`, [userId, passwordHash]);
  }

  async recordSignIn(tx: UnitOfWork, userId: string): Promise<void> {
    await tx.query(`UPDATE app_user SET last_sign_in_at = now() WHERE id = $1`, [userId]);
  }
}
