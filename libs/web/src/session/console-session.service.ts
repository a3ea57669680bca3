import { APP_CONFIG, AppConfig, AuthService, AuthUser, Clock, hashLinkToken, looksLikeLinkToken, newLinkTokens } from '@app/core';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConsoleSessionRepository } from './console-session.repository';

/** A live console session: who is signed in and the token every form of theirs must carry. */
export interface ConsoleSession {
  user: AuthUser;
  csrfToken: string;
}

/**
 * Browser sign-in for the console, with the same users, passwords and roles as the API. The cookie
 * value is a random 256-bit id (the same generator as the message links); the table keeps only its
 * SHA-256. Every sign-in makes a new id, so an id planted before sign-in is worthless after it.
 */
@Injectable()
export class ConsoleSessionService {
  private readonly logger = new Logger('ConsoleSessions');
  private readonly idleMs: number;
  private readonly maxMs: number;

  constructor(
    private readonly sessions: ConsoleSessionRepository,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.idleMs = config.consoleSession.idleMinutes * 60_000;
    this.maxMs = config.consoleSession.maxHours * 3_600_000;
  }

  /** Checks the password (the API's own check) and opens a session; returns the cookie value. */
  async signIn(email: string, password: string): Promise<{ cookieValue: string; session: ConsoleSession }> {
    const user = await this.auth.verifyCredentials(email, password);
    const [id, csrf] = newLinkTokens(2);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.maxMs);
    await this.sessions.insert({ idHash: id.hash, userId: user.id, csrfToken: csrf.token, now, idleExpiresAt: new Date(Math.min(now.getTime() + this.idleMs, expiresAt.getTime())), expiresAt });
    this.logger.log({ msg: 'console sign-in', userId: user.id, role: user.role });
    return { cookieValue: id.token, session: { user, csrfToken: csrf.token } };
  }

  /** The live session behind a cookie value, or null; each use moves the idle expiry on. */
  async resolve(cookieValue: string | undefined): Promise<ConsoleSession | null> {
    if (!looksLikeLinkToken(cookieValue)) return null;
    const idHash = hashLinkToken(cookieValue);
    const now = this.clock.now();
    const stored = await this.sessions.findLive(idHash, now);
    if (!stored) return null;
    const user = await this.auth.findUser(stored.userId);
    if (!user) return null;
    await this.sessions.extendIdle(idHash, new Date(now.getTime() + this.idleMs));
    return { user, csrfToken: stored.csrfToken };
  }

  async signOut(cookieValue: string | undefined): Promise<void> {
    if (!looksLikeLinkToken(cookieValue)) return;
    await this.sessions.delete(hashLinkToken(cookieValue));
  }
}
