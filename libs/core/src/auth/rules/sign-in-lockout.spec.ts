import { LoginLockoutPolicy } from '../../config/app-config';
import { AccountFailureState, decideSignInAttempt, lockoutSeconds } from './sign-in-lockout';

const policy: LoginLockoutPolicy = { threshold: 5, baseSeconds: 60, maxSeconds: 900, resetAfterSeconds: 86_400 };
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 12, 8, 0, 0) + seconds * 1000);

function run(times: number[]): { decisions: ReturnType<typeof decideSignInAttempt>[]; state: AccountFailureState | null } {
  let state: AccountFailureState | null = null;
  const decisions = times.map((time) => {
    const decision = decideSignInAttempt(state, at(time), policy);
    if (decision.allowed) state = decision.next;
    return decision;
  });
  return { decisions, state };
}

describe('sign-in lockout', () => {
  it('locks for a minute at the fifth failure, then doubles with each further failure, up to the cap', () => {
    expect([1, 4, 5, 6, 7, 8, 9, 10, 50].map((n) => lockoutSeconds(n, policy))).toEqual([null, null, 60, 120, 240, 480, 900, 900, 900]);
  });

  it('refuses attempts while locked, saying how long is left', () => {
    const { decisions } = run([0, 1, 2, 3, 4, 10, 63.5]);
    expect(decisions.slice(0, 5).every((d) => d.allowed)).toBe(true);
    expect(decisions[4]).toEqual(expect.objectContaining({ lockedForSeconds: 60 }));
    expect(decisions[5]).toEqual({ allowed: false, retryAfterSeconds: 54 });
    expect(decisions[6]).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('lets one attempt through when the lock ends, and locks twice as long if it fails too', () => {
    const { decisions } = run([0, 1, 2, 3, 4, 64, 65]);
    expect(decisions[5]).toEqual(expect.objectContaining({ allowed: true, lockedForSeconds: 120 }));
    expect(decisions[6]).toEqual({ allowed: false, retryAfterSeconds: 119 });
  });

  it('forgets the count after a quiet day', () => {
    const { decisions } = run([0, 1, 2, 3, 86_403]);
    expect(decisions[4]).toEqual(expect.objectContaining({ allowed: true, lockedForSeconds: null, next: expect.objectContaining({ failures: 1 }) }));
  });
});
