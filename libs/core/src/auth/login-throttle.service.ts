import { Transactions } from '../database/unit-of-work';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { CommonError, CommonErrorCode } from '../errors/domain-error';
import { AuthError, AuthErrorCode } from './auth.errors';
import { LoginThrottleRepository } from './login-throttle.repository';
import { addressLimitKey } from './rules/client-address';
import { decideSignInAttempt } from './rules/sign-in-lockout';

const ADDRESS_WINDOW_MS = 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;

export interface AttemptContext {
  clientAddress: string;
  /** Only for the logs; null when no user has the email. */
  userId: string | null;
}

/** An attempt that was let through: it already counts as a failure until `succeeded()` clears it. */
export interface AccountAttempt {
  failures: number;
  /** Set when this attempt reached the threshold: the lockout that applies if it fails. */
  lockedForSeconds: number | null;
  succeeded(): Promise<void>;
}

/**
 * The two sign-in limits: attempts per client address per minute (LOGIN_RATE_PER_MINUTE), and failures
 * per account with a growing lockout (LOGIN_LOCKOUT_*). Accounts are keyed by the email whether or not
 * a user has it, so an unknown email goes through exactly the same sequence of answers as a known one.
 *
 * Time comes from the injectable Clock, so the arithmetic is the same on every process and testable;
 * the state lives in PostgreSQL so every API process shares it.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger('Auth');
  private readonly accountKeySecret: Buffer;
  private lastPruneAt = 0;

  constructor(
    private readonly transactions: Transactions,
    private readonly throttle: LoginThrottleRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // A key of its own derived from JWT_SECRET under its own label: the table holds no email addresses,
    // only keyed hashes. Kept on JWT_SECRET on purpose (unlike the calendar key, which has its own
    // CALENDAR_LINK_KEY): these hashes are no credential and live minutes, so rotating JWT_SECRET only
    // forgets lockout counts, and someone holding JWT_SECRET can already mint tokens, so a separate
    // secret would protect nothing more.
    this.accountKeySecret = createHmac('sha256', config.jwtSecret).update('login-account-key').digest();
  }

  /** Throws 429 RATE_LIMITED past the per-address limit; every attempt counts, whatever its outcome. */
  async countAddressAttempt(context: AttemptContext): Promise<void> {
    const now = this.clock.now().getTime();
    const windowStart = Math.floor(now / ADDRESS_WINDOW_MS) * ADDRESS_WINDOW_MS;
    const attempts = await this.throttle.countAddressAttempt(addressLimitKey(context.clientAddress), new Date(windowStart));
    if (attempts > this.config.loginRatePerMinute) {
      const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + ADDRESS_WINDOW_MS - now) / 1000));
      if (attempts === this.config.loginRatePerMinute + 1) this.logger.warn({ msg: 'sign-in rate limit reached for a client address', clientAddress: context.clientAddress, userId: context.userId });
      throw new CommonError(CommonErrorCode.RateLimited, `Too many sign-in attempts from your address; try again in ${retryAfterSeconds} seconds`, [], { retryAfterSeconds });
    }
  }

  /** Throws 429 ACCOUNT_LOCKED while the account is locked; otherwise counts the attempt as a failure. */
  async beginAccountAttempt(email: string, context: AttemptContext): Promise<AccountAttempt> {
    const key = this.accountKey(email);
    const now = this.clock.now();
    const decision = await this.transactions.run(async (tx) => {
      const result = decideSignInAttempt(await this.throttle.lockAccount(tx, key), now, this.config.loginLockout);
      if (result.allowed) await this.throttle.saveAccount(tx, key, result.next);
      return result;
    });
    await this.pruneNow(now);
    if (!decision.allowed) {
      this.logger.warn({ msg: 'sign-in refused: account locked', userId: context.userId, clientAddress: context.clientAddress, retryAfterSeconds: decision.retryAfterSeconds });
      throw new AuthError(AuthErrorCode.AccountLocked, `Too many failed sign-ins for this account; try again in ${decision.retryAfterSeconds} seconds`, [], {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
    return {
      failures: decision.next.failures,
      lockedForSeconds: decision.lockedForSeconds,
      succeeded: () => this.throttle.clearAccount(key),
    };
  }

  private accountKey(email: string): Buffer {
    return createHmac('sha256', this.accountKeySecret).update(email.trim().toLowerCase()).digest();
  }

  /** At most every ten minutes per process; bounded deletes, so it never holds a sign-in up for long. */
  private async pruneNow(now: Date): Promise<void> {
    if (now.getTime() - this.lastPruneAt < PRUNE_EVERY_MS && now.getTime() >= this.lastPruneAt) return;
    this.lastPruneAt = now.getTime();
    await this.throttle.prune(new Date(now.getTime() - 2 * ADDRESS_WINDOW_MS), new Date(now.getTime() - this.config.loginLockout.resetAfterSeconds * 1000));
  }
}
