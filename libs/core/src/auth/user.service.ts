import { Transactions } from '../database/unit-of-work';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { CommonError } from '../errors/domain-error';
import { decodeCursor, Page, toPage } from '../pagination/cursor';
import { DEFAULT_PAGE_SIZE } from '../pagination/page-query.dto';
import { AuthAuditRecord, AuthAuditRepository } from './auth-audit.repository';
import { AuthError, AuthErrorCode } from './auth.errors';
import { hashPassword, verifyPassword } from './password-hasher';
import { Actor, Role } from './role';
import { SessionCheckCache } from './session-check.cache';
import { SessionRepository } from './session.repository';
import { TrustDirectory } from './trust-directory';
import { UserRecord, UserRepository } from './user.repository';

export interface CreateUserCommand {
  email: string;
  password: string;
  role: Role;
  trustId?: string | null;
}

export interface ListUsersQuery {
  trustId?: string;
  limit?: number;
  cursor?: string;
}

export interface AuthAuditQuery {
  userId?: string;
  trustId?: string;
  limit?: number;
  cursor?: string;
}

/**
 * Accounts: creating, listing, disabling and enabling users, and their audit record. Trust admins act
 * on their own trust's users only; anyone else's user (national admins included, who have no trust) is
 * simply not found for them.
 */
@Injectable()
export class UserService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuthAuditRepository,
    private readonly sessionChecks: SessionCheckCache,
    private readonly trusts: TrustDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `actor` null: the service itself (bootstrap, seed scripts), with a national admin's rights. */
  async createUser(actor: Actor | null, command: CreateUserCommand): Promise<UserRecord> {
    const trustId = command.role === Role.NationalAdmin ? null : (command.trustId ?? actor?.trustId ?? null);
    if (command.role === Role.NationalAdmin && command.trustId) {
      throw CommonError.validation([{ field: 'trustId', message: 'must be empty for a national admin' }]);
    }
    if (command.role !== Role.NationalAdmin && !trustId) {
      throw new AuthError(AuthErrorCode.TrustRequired, 'Trust users need a trust', [{ field: 'trustId', message: 'is required for this role' }]);
    }
    if (actor && actor.role !== Role.NationalAdmin) {
      // Trust admins manage their own trust's users and cannot mint national admins.
      if (command.role === Role.NationalAdmin) throw new AuthError(AuthErrorCode.RoleNotAllowed, 'Only a national admin can create a national admin');
      if (trustId !== actor.trustId) throw CommonError.notFound('Trust');
    }
    if (trustId && !(await this.trusts.exists(trustId))) throw CommonError.notFound('Trust');

    const passwordHash = await hashPassword(command.password);
    const created = await this.transactions.run(async (tx) => {
      const user = await this.users.insert(tx, { email: command.email, passwordHash, role: command.role, trustId });
      if (!user) throw new AuthError(AuthErrorCode.EmailTaken, 'A user with this email already exists', [{ field: 'email', message: 'is already registered' }]);
      await this.audit.append(tx, { action: 'user-created', actorUserId: actor?.id ?? null, subjectUserId: user.id, trustId: user.trustId });
      return user;
    });
    this.logger.log({ msg: 'user created', userId: created.id, role: created.role, by: actor?.id ?? 'system' });
    return created;
  }

  /**
   * For scripts (the demo seed): the user with this email, created by the service itself when there is
   * none. `passwordMatches` says whether an existing user still has this password, so the script can
   * say so instead of printing a sign-in that does not work.
   */
  async ensureUser(command: CreateUserCommand): Promise<{ user: UserRecord; passwordMatches: boolean }> {
    const existing = await this.users.findByEmail(command.email);
    if (!existing) return { user: await this.createUser(null, command), passwordMatches: true };
    const { passwordHash, ...user } = existing;
    return { user, passwordMatches: await verifyPassword(command.password, passwordHash) };
  }

  /**
   * BOOTSTRAP_ADMIN_*: a national admin if that email has no user, flagged to change the password (it
   * was chosen by whoever wrote the deployment's environment). Idempotent across restarts.
   */
  async ensureBootstrapAdmin(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    if (!admin) return;
    const passwordHash = await hashPassword(admin.password);
    const created = await this.transactions.run(async (tx) => {
      const user = await this.users.insertIfEmailFree(tx, { email: admin.email, passwordHash, role: Role.NationalAdmin, trustId: null, mustChangePassword: true });
      if (user) await this.audit.append(tx, { action: 'user-created', actorUserId: null, subjectUserId: user.id, trustId: null });
      return user;
    });
    if (created) this.logger.log({ msg: 'bootstrap national admin created', userId: created.id });
  }

  /** National admins: everyone, or one trust's users with `trustId`. Trust admins: their own trust. */
  async listUsers(actor: Actor, query: ListUsersQuery): Promise<Page<UserRecord>> {
    let trustId = query.trustId?.toLowerCase() ?? null;
    if (actor.role !== Role.NationalAdmin) {
      if (trustId !== null && trustId !== actor.trustId) throw CommonError.notFound('Trust');
      trustId = actor.trustId;
    } else if (trustId !== null && !(await this.trusts.exists(trustId))) {
      throw CommonError.notFound('Trust');
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 1);
    if (after && typeof after[0] !== 'string') throw CommonError.validation([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
    const rows = await this.users.list({ trustId, afterEmail: (after?.[0] as string | undefined) ?? null, limit: limit + 1 });
    return toPage(rows, limit, (user) => [user.email], (user) => user);
  }

  async getUser(actor: Actor, userId: string): Promise<UserRecord> {
    const user = await this.users.findById(userId);
    if (!user || !canManage(actor, user)) throw CommonError.notFound('User');
    return user;
  }

  /** Ends every sign-in of the user at once; idempotent (disabling a disabled user changes nothing). */
  disableUser(actor: Actor, userId: string): Promise<UserRecord> {
    if (userId === actor.id) throw new AuthError(AuthErrorCode.CannotDisableSelf, 'You cannot disable your own account');
    return this.setDisabled(actor, userId, true);
  }

  enableUser(actor: Actor, userId: string): Promise<UserRecord> {
    return this.setDisabled(actor, userId, false);
  }

  async auditLog(query: AuthAuditQuery): Promise<Page<AuthAuditRecord>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const before = decodeCursor(query.cursor, 1);
    if (before && !/^\d+$/.test(String(before[0]))) throw CommonError.validation([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
    const rows = await this.audit.list({
      userId: query.userId?.toLowerCase() ?? null,
      trustId: query.trustId?.toLowerCase() ?? null,
      beforeId: before ? String(before[0]) : null,
      limit: limit + 1,
    });
    return toPage(rows, limit, (entry) => [entry.id], (entry) => entry);
  }

  private async setDisabled(actor: Actor, userId: string, disabled: boolean): Promise<UserRecord> {
    const outcome = await this.transactions.run(async (tx) => {
      // Both rows locked (in id order): two national admins disabling each other cannot both succeed.
      const locked = await this.users.lockByIds(tx, [...new Set([actor.id, userId])]);
      const target = locked.find((user) => user.id === userId);
      const self = locked.find((user) => user.id === actor.id);
      if (!target || !canManage(actor, target)) throw CommonError.notFound('User');
      if (!self || self.disabledAt) throw new AuthError(AuthErrorCode.AccountDisabled, 'This account is disabled');
      if ((target.disabledAt !== null) === disabled) return { user: target, revoked: [] as string[], changed: false };
      const user = await this.users.setDisabled(tx, userId, disabled);
      const revoked = disabled ? await this.sessions.revokeAllOfUser(tx, userId, 'user-disabled') : [];
      await this.audit.append(tx, { action: disabled ? 'user-disabled' : 'user-enabled', actorUserId: actor.id, subjectUserId: userId, trustId: user.trustId });
      return { user, revoked, changed: true };
    });
    this.sessionChecks.forgetUser(userId);
    if (outcome.changed) this.logger.log({ msg: disabled ? 'user disabled' : 'user enabled', userId, by: actor.id, sessionsRevoked: outcome.revoked.length });
    return outcome.user;
  }
}

/** National admins manage everyone; trust admins the users of their own trust only. */
function canManage(actor: Actor, user: Pick<UserRecord, 'trustId'>): boolean {
  return actor.role === Role.NationalAdmin || (user.trustId !== null && user.trustId === actor.trustId);
}
