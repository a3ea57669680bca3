import {
  allowedDerogationActions,
  applyDerogationAction,
  DEROGATION_ACTION_ACCESS,
  DEROGATION_ACTIONS,
  DEROGATION_STATUSES,
  DerogationAction,
  DerogationStatus,
  isDecisionOverdue,
  isLateDecision,
} from './derogation-state';

/** Every allowed move, written out once: anything not here must be refused. */
const ALLOWED: [DerogationStatus, DerogationAction, DerogationStatus][] = [
  ['draft', 'submit', 'submitted'],
  ['draft', 'withdraw', 'withdrawn'],
  ['submitted', 'forward', 'pending'],
  ['submitted', 'withdraw', 'withdrawn'],
  ['pending', 'approve', 'approved'],
  ['pending', 'decline', 'declined'],
  ['pending', 'withdraw', 'withdrawn'],
  ['approved', 'revoke', 'revoked'],
];

describe('applyDerogationAction', () => {
  it.each(ALLOWED)('moves %s by %s to %s', (from, action, to) => {
    expect(applyDerogationAction(from, action)).toEqual({ ok: true, action, from, to });
  });

  const refused = DEROGATION_STATUSES.flatMap((from) =>
    DEROGATION_ACTIONS.filter((action) => !ALLOWED.some(([f, a]) => f === from && a === action)).map((action) => [from, action] as [DerogationStatus, DerogationAction]),
  );

  it('refuses every other move (there are 34 of them)', () => {
    expect(refused).toHaveLength(DEROGATION_STATUSES.length * DEROGATION_ACTIONS.length - ALLOWED.length);
  });

  it.each(refused)('refuses %s → %s, naming what is allowed', (from, action) => {
    expect(applyDerogationAction(from, action)).toEqual({ ok: false, code: 'ILLEGAL_DEROGATION_TRANSITION', action, from, allowed: allowedDerogationActions(from) });
  });

  it('leaves nothing to do once declined, withdrawn or revoked', () => {
    expect(allowedDerogationActions('declined')).toEqual([]);
    expect(allowedDerogationActions('withdrawn')).toEqual([]);
    expect(allowedDerogationActions('revoked')).toEqual([]);
    expect(allowedDerogationActions('pending')).toEqual(['approve', 'decline', 'withdraw']);
  });
});

describe('DEROGATION_ACTION_ACCESS', () => {
  it('lets the trust submit and withdraw, and only national operations forward, decide and revoke', () => {
    expect(DEROGATION_ACTION_ACCESS).toEqual({ submit: 'write', withdraw: 'write', forward: 'national', approve: 'national', decline: 'national', revoke: 'national' });
  });
});

describe('isDecisionOverdue', () => {
  const deadline = new Date('2026-01-12T12:00:00Z');
  it('flags an undecided request at and after its deadline, never a decided or draft one', () => {
    expect(isDecisionOverdue({ status: 'pending', decisionDeadline: deadline }, new Date('2026-01-12T11:59:59.999Z'))).toBe(false);
    expect(isDecisionOverdue({ status: 'pending', decisionDeadline: deadline }, deadline)).toBe(true);
    expect(isDecisionOverdue({ status: 'submitted', decisionDeadline: deadline }, new Date('2026-01-13T00:00:00Z'))).toBe(true);
    for (const status of ['draft', 'approved', 'declined', 'withdrawn', 'revoked'] as const) {
      expect(isDecisionOverdue({ status, decisionDeadline: deadline }, new Date('2026-01-13T00:00:00Z'))).toBe(false);
    }
  });

  it('marks a decision at or after the deadline as late; other actions are never late', () => {
    expect(isLateDecision('approve', deadline, deadline)).toBe(true);
    expect(isLateDecision('decline', deadline, new Date('2026-01-12T11:00:00Z'))).toBe(false);
    expect(isLateDecision('withdraw', deadline, new Date('2026-01-13T00:00:00Z'))).toBe(false);
  });
});
