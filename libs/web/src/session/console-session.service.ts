import { APP_CONFIG, AppConfig, AuthService, AuthUser, Clock, DomainError, hashLinkToken, looksLikeLinkToken, newLinkTokens } from '@app/core';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConsoleSessionRepository } from './console-session.repository';

/** A live console session: who is signed in and the token every form of theirs must carry. */
export interface ConsoleSession {
  user: AuthUser;
  email: string;
  csrfToken: string;
}

/**
 * Browser sign-in for the console, with the same users, passwords, roles and sign-in limits as the API:
 * each browser session is one API sign-in (`AuthService.signIn`), so whatever ends that sign-in —
 * signing out, a password change, the user being disabled — ends the browser session too. The cookie
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

  /** The API's own sign-in (limits, lockout, password), then a browser session on it; returns the cookie value. */
  async signIn(email: string, password: string, clientAddress: string): Promise<{ cookieValue: string; session: ConsoleSession }> {
    const signedIn = await this.auth.signIn({ email, password, clientAddress });
    const user: AuthUser = { id: signedIn.userId, role: signedIn.role, trustId: signedIn.trustId, sessionId: signedIn.sessionId };
    const [id, csrf] = newLinkTokens(2);
    const now = this.clock.now();
    const expiresAt = new Date(Math.min(now.getTime() + this.maxMs, now.getTime() + signedIn.tokens.refreshExpiresIn * 1000));
    const normalisedEmail = email.trim().toLowerCase();
    await this.sessions.insert({
      idHash: id.hash,
      authSessionId: signedIn.sessionId,
      email: normalisedEmail,
      csrfToken: csrf.token,
      now,
      idleExpiresAt: new Date(Math.min(now.getTime() + this.idleMs, expiresAt.getTime())),
      expiresAt,
    });
    this.logger.log({ msg: 'console sign-in', userId: user.id, role: user.role });
    return { cookieValue: id.token, session: { user, email: normalisedEmail, csrfToken: csrf.token } };
  }

  /** The live session behind a cookie value, or null; each use moves the idle expiry on. */
  async resolve(cookieValue: string | undefined): Promise<ConsoleSession | null> {
    if (!looksLikeLinkToken(cookieValue)) return null;
    const idHash = hashLinkToken(cookieValue);
    const now = this.clock.now();
    const stored = await this.sessions.findLive(idHash, now);
    if (!stored) return null;
    let user: AuthUser;
    try {
      user = await this.auth.sessionUser(stored.authSessionId);
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
    await this.sessions.extendIdle(idHash, new Date(now.getTime() + this.idleMs));
    return { user, email: stored.email, csrfToken: stored.csrfToken };
  }

  /** Ends the browser session and the sign-in behind it. */
  async signOut(cookieValue: string | undefined): Promise<void> {
    if (!looksLikeLinkToken(cookieValue)) return;
    const session = await this.resolve(cookieValue);
    await this.sessions.delete(hashLinkToken(cookieValue));
    if (session) await this.auth.signOut(session.user);
  }
}
