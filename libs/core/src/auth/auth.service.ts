import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { CommonError } from '../errors/domain-error';
import { AccessTokenClaims } from './auth.guard';
import { AuthError, AuthErrorCode } from './auth.errors';
import { hashPassword, timingDummyHash, verifyPassword } from './password-hasher';
import { AuthUser, Role } from './role';
import { UserRepository } from './user.repository';

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

export interface CreateUserCommand {
  email: string;
  password: string;
  role: Role;
  trustId?: string | null;
}

export interface CreatedUser {
  id: string;
  email: string;
  role: Role;
  trustId: string | null;
  createdAt: Date;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UserRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issueToken(email: string, password: string): Promise<IssuedToken> {
    return this.tokenFor(await this.verifyCredentials(email, password));
  }

  /** The one password check: the API's token route and the console's sign-in both come through here. */
  async verifyCredentials(email: string, password: string): Promise<AuthUser> {
    const user = await this.users.findByEmail(email);
    // Same work whether or not the email exists, so timing does not reveal registered addresses.
    const valid = await verifyPassword(password, user?.passwordHash ?? (await timingDummyHash()));
    if (!user || !valid) throw new AuthError(AuthErrorCode.InvalidCredentials, 'Email or password is wrong');
    return { id: user.id, email: user.email, role: user.role, trustId: user.trustId };
  }

  /** The user behind a console session, read again on every request so a role change applies at once. */
  async findUser(userId: string): Promise<AuthUser | null> {
    const user = await this.users.findById(userId);
    return user ? { id: user.id, email: user.email, role: user.role, trustId: user.trustId } : null;
  }

  async tokenFor(user: AuthUser): Promise<IssuedToken> {
    const claims: AccessTokenClaims = { sub: user.id, email: user.email, role: user.role, trustId: user.trustId };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwtExpiresInSeconds });
    return { accessToken, expiresIn: this.config.jwtExpiresInSeconds };
  }

  async createUser(actor: AuthUser, command: CreateUserCommand): Promise<CreatedUser> {
    const trustId = command.role === Role.NationalAdmin ? null : (command.trustId ?? actor.trustId ?? null);
    if (command.role === Role.NationalAdmin && command.trustId) {
      throw CommonError.validation([{ field: 'trustId', message: 'must be empty for a national admin' }]);
    }
    if (command.role !== Role.NationalAdmin && !trustId) {
      throw new AuthError(AuthErrorCode.TrustRequired, 'Trust users need a trust', [{ field: 'trustId', message: 'is required for this role' }]);
    }
    if (actor.role !== Role.NationalAdmin) {
      // Trust admins manage their own trust's users and cannot mint national admins.
      if (command.role === Role.NationalAdmin) throw new AuthError(AuthErrorCode.RoleNotAllowed, 'Only a national admin can create a national admin');
      if (trustId !== actor.trustId) throw CommonError.notFound('Trust');
    }
    if (trustId && !(await this.users.trustExists(trustId))) throw CommonError.notFound('Trust');

    const created = await this.users.insert({ email: command.email, passwordHash: await hashPassword(command.password), role: command.role, trustId });
    if (!created) throw new AuthError(AuthErrorCode.EmailTaken, 'A user with this email already exists', [{ field: 'email', message: 'is already registered' }]);
    this.logger.log({ msg: 'user created', userId: created.id, role: created.role, by: actor.id });
    return created;
  }

  async ensureBootstrapAdmin(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    if (!admin) return;
    const created = await this.users.insertIfEmailFree({ email: admin.email, passwordHash: await hashPassword(admin.password), role: Role.NationalAdmin, trustId: null });
    if (created) this.logger.log({ msg: 'bootstrap national admin created' });
  }
}
