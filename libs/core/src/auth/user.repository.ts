import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isPgError, PgErrorCode } from '../database/pg-errors';
import { Role } from './role';
import { UserEntity } from './user.entity';

export interface NewUser {
  email: string;
  passwordHash: string;
  role: Role;
  trustId: string | null;
}

@Injectable()
export class UserRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { email: email.toLowerCase() } });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  /** Returns null when the email is taken (the unique constraint decides, so two racing requests cannot both win). */
  async insert(user: NewUser): Promise<UserEntity | null> {
    try {
      const rows: UserEntity[] = await this.users.query(
        `INSERT INTO app_user (email, password_hash, role, trust_id) VALUES ($1, $2, $3, $4)
         RETURNING id, email, role, trust_id AS "trustId", created_at AS "createdAt"`,
        [user.email.toLowerCase(), user.passwordHash, user.role, user.trustId],
      );
      return rows[0];
    } catch (error) {
      if (isPgError(error, PgErrorCode.UniqueViolation, 'app_user_email_unique')) return null;
      throw error;
    }
  }

  /** Idempotent: a restart with the same bootstrap email changes nothing. */
  async insertIfEmailFree(user: NewUser): Promise<boolean> {
    const rows = await this.users.query(
      `INSERT INTO app_user (email, password_hash, role, trust_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [user.email.toLowerCase(), user.passwordHash, user.role, user.trustId],
    );
    return rows.length > 0;
  }

  async trustExists(trustId: string): Promise<boolean> {
    const rows = await this.users.query(`SELECT 1 FROM trust WHERE id = $1`, [trustId]);
    return rows.length > 0;
  }
}
