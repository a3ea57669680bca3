import { countExclusions, defaultAttendingTarget, escalationEndReason, toRollCallStatus } from './recall-rules';

describe('recall rules', () => {
  it('counts a withdrawn or unknown message as failed on the roll-call, and keeps every provider status', () => {
    for (const status of ['pending', 'queued', 'sending', 'sent', 'delivered', 'permanent-failure', 'temporary-failure', 'technical-failure'] as const) {
      expect(toRollCallStatus(status)).toBe(status);
    }
    expect(toRollCallStatus('cancelled')).toBe('failed');
    expect(toRollCallStatus(null)).toBe('pending');
  });

  it('defaults the attending target to the first round cohort, never below one', () => {
    expect(defaultAttendingTarget(5, 40)).toBe(5);
    expect(defaultAttendingTarget(null, 40)).toBe(40);
    expect(defaultAttendingTarget(null, 0)).toBe(1);
  });

  it('ends the escalation chain only for reasons no later check can change', () => {
    expect(escalationEndReason('TARGET_MET')).toBe('TARGET_MET');
    expect(escalationEndReason('MAX_ROUNDS_REACHED')).toBe('MAX_ROUNDS_REACHED');
    expect(escalationEndReason('NOTHING_LEFT_TO_DO')).toBe('NOTHING_LEFT_TO_DO');
    expect(escalationEndReason('NO_TARGET')).toBe('NO_TARGET');
    expect(escalationEndReason('ROUND_ALREADY_DONE')).toBeNull();
    expect(escalationEndReason('ROUND_NOT_STARTED')).toBeNull();
    expect(escalationEndReason('NOT_DECLARED')).toBeNull();
  });

  it('counts exclusions by reason', () => {
    expect(countExclusions(['NO_CONTACT', 'DECLARED_WORKING', 'NO_CONTACT'])).toEqual({ NO_CONTACT: 2, DECLARED_WORKING: 1 });
  });
});
