import { Transactions } from '../database/unit-of-work';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { CommonError } from '../errors/domain-error';
import { hashLinkToken, newLinkTokens } from '../links/link-token';
import { AuthAuditRepository } from './auth-audit.repository';
import { AuthError, AuthErrorCode } from './auth.errors';
import { LoginThrottle } from './login-throttle.service';
import { hashPassword, timingDummyHash, verifyPassword } from './password-hasher';
import { AuthUser, Role } from './role';
import { acceptAccessTokenClaims, AccessTokenClaims } from './rules/access-token-claims';
import { SessionCheckCache } from './session-check.cache';
import { SessionAccessState, SessionRecord, SessionRepository } from './session.repository';
import { UserRecord, UserRepository } from './user.repository';

/** Clock difference tolerated between API hosts when checking `iat` and `exp`. */
const CLOCK_SKEW_SECONDS = 30;
/** Ended sessions are kept a day (a reused refresh token is still recognised), then pruned. */
const KEEP_ENDED_SESSIONS_MS = 86_400_000;
const PRUNE_EVERY_MS = 10 * 60_000;

export interface SignInCommand {
  email: string;
  password: string;
  /** The client's address as the HTTP layer determined it (TRUST_PROXY decides whether proxies count). */
  clientAddress: string;
}

export interface IssuedTokens {
  accessToken: string;
  /** Seconds until the access token expires (never past the session's end). */
  expiresIn: number;
  refreshToken: string;
  /** Seconds until the sign-in ends; refreshing never extends it. */
  refreshExpiresIn: number;
}

export interface SignedIn {
  userId: string;
  role: Role;
  trustId: string | null;
  sessionId: string;
  /** The password was set by someone else (the bootstrap admin): clients should prompt for a new one. */
  mustChangePassword: boolean;
  tokens: IssuedTokens;
}

export interface ChangePasswordCommand {
  currentPassword: string;
  newPassword: string;
  clientAddress: string;
}

/**
 * Sign-in, tokens and sessions. One sign-in is one auth_session: the access token (a short JWT with ids
 * and role only) names it in `sid`, and the refresh token (opaque, rotating) belongs to it. Revoking the
 * session ends both. `signIn` is the one login path: the JSON route and any sign-in form call it.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');
  private lastPruneAt = 0;

  constructor(
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuthAuditRepository,
    private readonly throttle: LoginThrottle,
    private readonly sessionChecks: SessionCheckCache,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Limits first (per address, then per account), then the password. An unknown email does the same
   * work (a dummy hash) and gets the same answers, so neither the responses nor their timing tell which
   * emails have accounts.
   */
  async signIn(command: SignInCommand): Promise<SignedIn> {
    const user = await this.users.findByEmail(command.email);
    const context = { clientAddress: command.clientAddress, userId: user?.id ?? null };
    await this.throttle.countAddressAttempt(context);
    const attempt = await this.throttle.beginAccountAttempt(command.email, context);
    const valid = await verifyPassword(command.password, user?.passwordHash ?? (await timingDummyHash()));
    if (!user || !valid) {
      this.logger.warn({ msg: 'sign-in failed', reason: user ? 'wrong-password' : 'unknown-email', ...context, failures: attempt.failures });
      if (attempt.lockedForSeconds !== null) {
        this.logger.warn({ msg: 'account locked after failed sign-ins', ...context, failures: attempt.failures, lockedForSeconds: attempt.lockedForSeconds });
      }
      throw new AuthError(AuthErrorCode.InvalidCredentials, 'Email or password is wrong');
    }
    if (user.disabledAt) {
      this.logger.warn({ msg: 'sign-in failed', reason: 'account-disabled', ...context });
      throw new AuthError(AuthErrorCode.AccountDisabled, 'This account is disabled; ask your trust admin or a national admin to enable it');
    }
    await attempt.succeeded();
    await this.pruneEndedSessions();
    return this.startSession(user);
  }

  /**
   * Starts a sign-in for a user without checking a password: `signIn` after its checks, and test
   * harnesses that need a bearer for a user they inserted.
   */
  async startSession(user: Pick<UserRecord, 'id' | 'role' | 'trustId' | 'mustChangePassword'>): Promise<SignedIn> {
    const [refresh] = newLinkTokens(1);
    const session = await this.transactions.run(async (tx) => {
      const created = await this.sessions.create(tx, user.id, this.config.refreshTokenLifetimeSeconds, Buffer.from(refresh.hash, 'hex'));
      await this.users.recordSignIn(tx, user.id);
      return created;
    });
    return this.signedIn(user, session, refresh.token);
  }

  /**
   * Exchanges a refresh token for a new pair. Each token works once: a used one coming back means a
   * copy exists, so the whole sign-in is revoked (the thief and the owner both sign in again). Two
   * refreshes racing with one token count as reuse too — clients refresh one at a time.
   */
  async refresh(refreshToken: string, clientAddress: string): Promise<SignedIn> {
    const [next] = newLinkTokens(1);
    const presented = Buffer.from(hashLinkToken(refreshToken), 'hex');
    const outcome = await this.transactions.run(async (tx) => {
      const result = await this.sessions.rotate(tx, presented, Buffer.from(next.hash, 'hex'));
      if (result.kind === 'reused') await this.sessions.revoke(tx, result.sessionId, result.userId, 'refresh-token-reused');
      return result;
    });
    const ended = new AuthError(AuthErrorCode.InvalidRefreshToken, 'This refresh token is not valid or the sign-in has ended; sign in again');
    if (outcome.kind === 'unknown') throw ended;
    if (outcome.kind === 'reused') {
      this.sessionChecks.delete(outcome.sessionId);
      this.logger.warn({ msg: 'refresh token used twice; sign-in revoked', userId: outcome.userId, sessionId: outcome.sessionId, clientAddress });
      throw ended;
    }
    const { session } = outcome;
    if (session.revoked || session.userDisabled || session.expired) throw ended;
    const user = await this.users.findById(session.userId);
    if (!user) throw ended;
    return this.signedIn(user, session, next.token);
  }

  /** Ends the caller's sign-in: its refresh token and every access token of it stop working. */
  async signOut(user: AuthUser): Promise<void> {
    await this.transactions.run((tx) => this.sessions.revoke(tx, user.sessionId, user.id, 'sign-out'));
    this.sessionChecks.delete(user.sessionId);
  }

  /** Changes the caller's password and ends their other sign-ins; this one stays signed in. */
  async changePassword(user: AuthUser, command: ChangePasswordCommand): Promise<void> {
    if (command.newPassword === command.currentPassword) {
      throw CommonError.validation([{ field: 'newPassword', message: 'must differ from the current password' }]);
    }
    const record = await this.users.findByIdWithPassword(user.id);
    if (!record) throw CommonError.unauthenticated();
    const context = { clientAddress: command.clientAddress, userId: user.id };
    // The same per-account limit as sign-in: a stolen access token must not become a password oracle.
    const attempt = await this.throttle.beginAccountAttempt(record.email, context);
    if (!(await verifyPassword(command.currentPassword, record.passwordHash))) {
      this.logger.warn({ msg: 'password change refused: current password wrong', ...context, failures: attempt.failures });
      throw new AuthError(AuthErrorCode.CurrentPasswordWrong, 'The current password is wrong', [{ field: 'currentPassword', message: 'is not your current password' }]);
    }
    await attempt.succeeded();
    const passwordHash = await hashPassword(command.newPassword);
    const revoked = await this.transactions.run(async (tx) => {
      await this.users.setPassword(tx, user.id, passwordHash);
      await this.audit.append(tx, { action: 'password-changed', actorUserId: user.id, subjectUserId: user.id, trustId: record.trustId });
      return this.sessions.revokeAllOfUser(tx, user.id, 'password-changed', user.sessionId);
    });
    for (const sessionId of revoked) this.sessionChecks.delete(sessionId);
    this.logger.log({ msg: 'password changed', userId: user.id, sessionsRevoked: revoked.length });
  }

  /** The caller's own account, loaded (the token carries no email). */
  async profile(user: AuthUser): Promise<UserRecord> {
    const record = await this.users.findById(user.id);
    if (!record) throw CommonError.unauthenticated();
    return record;
  }

  /**
   * The one check of an access token, for the API guard and anything else that accepts bearer tokens:
   * signature, every claim we issue (exp and iat required), and the session still live for a user who
   * is still enabled with the same role and trust.
   */
  async verifyAccessToken(token: string): Promise<AuthUser> {
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync(token, { algorithms: ['HS256'], clockTolerance: CLOCK_SKEW_SECONDS });
    } catch {
      throw CommonError.unauthenticated('The bearer token is invalid or has expired');
    }
    const claims = acceptAccessTokenClaims(payload, {
      nowSeconds: Math.floor(Date.now() / 1000),
      maxLifetimeSeconds: this.config.jwtExpiresInSeconds,
      skewSeconds: CLOCK_SKEW_SECONDS,
    });
    if (!claims) throw CommonError.unauthenticated('The bearer token is invalid');
    const state = await this.sessionState(claims.sid);
    if (!state || state.userId !== claims.sub) throw CommonError.unauthenticated('The bearer token is invalid');
    const user = this.liveSessionUser(state);
    if (user.role !== claims.role || user.trustId !== claims.trustId) throw CommonError.unauthenticated('The bearer token is out of date; sign in again');
    return user;
  }

  /**
   * The user behind a sign-in that a browser session holds (the console keeps its auth session id):
   * the same cached state the bearer check reads, so disabling the user, a password change or signing
   * out ends the browser session too, and a role change applies within AUTH_CACHE_SECONDS.
   */
  async sessionUser(sessionId: string): Promise<AuthUser> {
    const state = await this.sessionState(sessionId);
    if (!state) throw CommonError.unauthenticated('This sign-in has ended; sign in again');
    if (new Date(state.sessionExpiresAt).getTime() <= Date.now()) throw CommonError.unauthenticated('This sign-in has ended; sign in again');
    return this.liveSessionUser(state);
  }

  private liveSessionUser(state: SessionAccessState): AuthUser {
    if (state.userDisabled) throw new AuthError(AuthErrorCode.AccountDisabled, 'This account is disabled');
    if (state.sessionRevoked) throw CommonError.unauthenticated('This sign-in has ended; sign in again');
    return { id: state.userId, role: state.role, trustId: state.trustId, sessionId: state.sessionId };
  }

  private async sessionState(sessionId: string): Promise<SessionAccessState | null> {
    const cached = this.sessionChecks.get(sessionId);
    if (cached) return cached;
    const state = await this.sessions.accessState(sessionId);
    if (state) this.sessionChecks.set(sessionId, state);
    return state;
  }

  private async signedIn(user: Pick<UserRecord, 'id' | 'role' | 'trustId' | 'mustChangePassword'>, session: SessionRecord, refreshToken: string): Promise<SignedIn> {
    const now = Math.floor(Date.now() / 1000);
    const sessionEnds = Math.floor(new Date(session.expiresAt).getTime() / 1000);
    const exp = Math.max(now + 1, Math.min(now + this.config.jwtExpiresInSeconds, sessionEnds));
    const claims: AccessTokenClaims = { sub: user.id, sid: session.id, role: user.role, trustId: user.trustId, iat: now, exp };
    const accessToken = await this.jwt.signAsync(claims);
    return {
      userId: user.id,
      role: user.role,
      trustId: user.trustId,
      sessionId: session.id,
      mustChangePassword: user.mustChangePassword,
      tokens: { accessToken, expiresIn: exp - now, refreshToken, refreshExpiresIn: Math.max(0, sessionEnds - now) },
    };
  }

  /** At most every ten minutes per process, bounded: sessions that ended over a day ago. */
  private async pruneEndedSessions(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = now;
    await this.sessions.pruneEndedBefore(new Date(now - KEEP_ENDED_SESSIONS_MS));
  }
}
