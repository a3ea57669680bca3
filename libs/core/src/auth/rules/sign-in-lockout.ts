import { LoginLockoutPolicy } from '../../config/app-config';

/** What the limiter remembers about one account (keyed by its email, whether or not a user has it). */
export interface AccountFailureState {
  failures: number;
  lockedUntil: Date | null;
  lastFailureAt: Date;
}

export type SignInAttemptDecision =
  | { allowed: false; retryAfterSeconds: number }
  | { allowed: true; next: AccountFailureState; lockedForSeconds: number | null };

/**
 * Lockout length after `failures` consecutive failures: none below the threshold, then the base,
 * doubling with each further failure, capped.
 */
export function lockoutSeconds(failures: number, policy: LoginLockoutPolicy): number | null {
  if (failures < policy.threshold) return null;
  const doublings = failures - policy.threshold;
  if (doublings >= 30) return policy.maxSeconds;
  return Math.min(policy.baseSeconds * 2 ** doublings, policy.maxSeconds);
}

/**
 * Decides an attempt before the password is checked. An allowed attempt is counted as a failure up
 * front (and cleared by a success), so concurrent guesses on several API processes cannot slip past the
 * threshold between "check" and "count": the attempt that reaches it sets the lock itself.
 */
export function decideSignInAttempt(current: AccountFailureState | null, now: Date, policy: LoginLockoutPolicy): SignInAttemptDecision {
  if (current?.lockedUntil && current.lockedUntil.getTime() > now.getTime()) {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((current.lockedUntil.getTime() - now.getTime()) / 1000)) };
  }
  const forgotten = !current || now.getTime() - current.lastFailureAt.getTime() >= policy.resetAfterSeconds * 1000;
  const failures = (forgotten ? 0 : current.failures) + 1;
  const lockedForSeconds = lockoutSeconds(failures, policy);
  return {
    allowed: true,
    next: { failures, lockedUntil: lockedForSeconds === null ? null : new Date(now.getTime() + lockedForSeconds * 1000), lastFailureAt: now },
    lockedForSeconds,
  };
}
