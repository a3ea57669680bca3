import { DerogationRequestInput, DerogationState, recallPermission, validateDerogationRequest } from './derogation';

const NOW = new Date('2025-01-14T10:00:00Z');
const DEADLINE = new Date('2025-01-14T12:00:00Z');
const AFTER_DEADLINE = new Date('2025-01-14T12:00:00.001Z');

function request(overrides: DerogationRequestInput = {}): DerogationRequestInput {
  return {
    staffNumbers: ['RD001', 'RD002'],
    evidence: 'Bank and agency exhausted; consultants already covering two rotas; NICU below safe staffing.',
    decisionDeadline: '2025-01-14T12:00:00Z',
    ...overrides,
  };
}

describe('validateDerogationRequest', () => {
  it('accepts named staff with evidence and a future deadline', () => {
    expect(validateDerogationRequest(request(), NOW)).toEqual({
      ok: true,
      value: {
        target: { kind: 'staff', staffNumbers: ['RD001', 'RD002'] },
        evidence: 'Bank and agency exhausted; consultants already covering two rotas; NICU below safe staffing.',
        decisionDeadline: DEADLINE,
        failsafe: false,
        draft: false,
      },
    });
  });

  it('accepts a department and a number of staff instead of names', () => {
    const result = validateDerogationRequest(
      request({ staffNumbers: undefined, departmentId: 'nicu', count: 3, failsafe: true }),
      NOW,
    );
    expect(result).toMatchObject({
      ok: true,
      value: { target: { kind: 'department', departmentId: 'nicu', count: 3 }, failsafe: true },
    });
  });

  it('trims and folds repeated staff numbers', () => {
    const result = validateDerogationRequest(request({ staffNumbers: [' RD001 ', 'RD001', 'RD002'] }), NOW);
    expect(result).toMatchObject({ ok: true, value: { target: { staffNumbers: ['RD001', 'RD002'] } } });
  });

  it('refuses a request naming both staff and a department', () => {
    const result = validateDerogationRequest(request({ departmentId: 'nicu', count: 2 }), NOW);
    expect(result).toEqual({
      ok: false,
      code: 'VALIDATION_FAILED',
      details: [{ field: 'staffNumbers', message: expect.stringContaining('not both') }],
    });
  });

  it('refuses a request that names nobody', () => {
    const result = validateDerogationRequest(request({ staffNumbers: undefined }), NOW);
    expect(result).toMatchObject({ ok: false, details: [{ field: 'staffNumbers' }] });
  });

  it('refuses an empty staff list', () => {
    const result = validateDerogationRequest(request({ staffNumbers: [] }), NOW);
    expect(result).toMatchObject({ ok: false, details: [{ field: 'staffNumbers' }] });
  });

  it('points at each blank or non-text staff number by index', () => {
    const result = validateDerogationRequest(request({ staffNumbers: ['RD001', '  ', 42] }), NOW);
    expect(result).toMatchObject({
      ok: false,
      details: [{ field: 'staffNumbers[1]' }, { field: 'staffNumbers[2]' }],
    });
  });

  it('needs both a department and a count, the count a whole number of at least one', () => {
    const noCount = validateDerogationRequest(request({ staffNumbers: undefined, departmentId: 'nicu' }), NOW);
    expect(noCount).toMatchObject({ ok: false, details: [{ field: 'count' }] });

    const noDepartment = validateDerogationRequest(request({ staffNumbers: undefined, count: 2 }), NOW);
    expect(noDepartment).toMatchObject({ ok: false, details: [{ field: 'departmentId' }] });

    for (const count of [0, -1, 1.5, '2', Number.NaN]) {
      const result = validateDerogationRequest(request({ staffNumbers: undefined, departmentId: 'nicu', count }), NOW);
      expect(result).toMatchObject({ ok: false, details: [{ field: 'count' }] });
    }
  });

  it.each([undefined, null, '', '   \n\t', 42])('requires evidence text, refusing %p', (evidence) => {
    const result = validateDerogationRequest(request({ evidence }), NOW);
    expect(result).toMatchObject({ ok: false, details: [{ field: 'evidence' }] });
  });

  it('requires a deadline in the future', () => {
    for (const decisionDeadline of ['2025-01-14T10:00:00Z', '2025-01-14T09:00:00Z', new Date(NOW)]) {
      const result = validateDerogationRequest(request({ decisionDeadline }), NOW);
      expect(result).toMatchObject({ ok: false, details: [{ field: 'decisionDeadline', message: 'must be in the future' }] });
    }
  });

  it('reads a deadline given in British Summer Time with its offset', () => {
    const summerNow = new Date('2025-06-14T10:30:00Z');
    // 12:00 BST is 11:00 UTC: still in the future at 10:30 UTC.
    const result = validateDerogationRequest(request({ decisionDeadline: '2025-06-14T12:00:00+01:00' }), summerNow);
    expect(result).toMatchObject({ ok: true, value: { decisionDeadline: new Date('2025-06-14T11:00:00Z') } });
  });

  it.each(['2025-01-14T12:00:00', '2025-01-15', 'tomorrow noon', '2025-13-40T12:00:00Z'])(
    'refuses a deadline that is not a date-time with an offset: %p',
    (decisionDeadline) => {
      const result = validateDerogationRequest(request({ decisionDeadline }), NOW);
      expect(result).toMatchObject({ ok: false, details: [{ field: 'decisionDeadline' }] });
    },
  );

  it('refuses a missing deadline and an invalid Date', () => {
    for (const decisionDeadline of [undefined, null, new Date('nope'), 1736856000000]) {
      const result = validateDerogationRequest(request({ decisionDeadline }), NOW);
      expect(result).toMatchObject({ ok: false, details: [{ field: 'decisionDeadline' }] });
    }
  });

  it('refuses a failsafe or draft flag that is not a boolean', () => {
    expect(validateDerogationRequest(request({ failsafe: 'yes' }), NOW)).toMatchObject({ ok: false, details: [{ field: 'failsafe' }] });
    expect(validateDerogationRequest(request({ draft: 1 }), NOW)).toMatchObject({ ok: false, details: [{ field: 'draft' }] });
  });

  it('reports every problem at once', () => {
    const result = validateDerogationRequest(
      { staffNumbers: [''], evidence: ' ', decisionDeadline: '2020-01-01T00:00:00Z', failsafe: 1 },
      NOW,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.details.map((d) => d.field)).toEqual(['staffNumbers[0]', 'evidence', 'decisionDeadline', 'failsafe']);
  });
});

describe('recallPermission', () => {
  function state(overrides: Partial<DerogationState>): DerogationState {
    return { status: 'pending', decisionDeadline: DEADLINE, failsafe: false, ...overrides };
  }

  it('recalls nobody before approval', () => {
    expect(recallPermission(state({}), NOW)).toEqual({
      mayRecall: false,
      flagged: false,
      standDownRecalled: false,
      reason: 'AWAITING_APPROVAL',
    });
  });

  it('recalls once approved, unflagged', () => {
    expect(recallPermission(state({ status: 'approved' }), NOW)).toEqual({
      mayRecall: true,
      flagged: false,
      standDownRecalled: false,
      reason: 'APPROVED',
    });
  });

  it('recalls nobody when declined, withdrawn or revoked, or when the deadline passes undecided (flagged overdue)', () => {
    expect(recallPermission(state({ status: 'declined' }), NOW)).toMatchObject({ mayRecall: false, reason: 'DECLINED', standDownRecalled: false });
    expect(recallPermission(state({ status: 'withdrawn' }), NOW)).toMatchObject({ mayRecall: false, reason: 'WITHDRAWN', standDownRecalled: true });
    expect(recallPermission(state({ status: 'revoked' }), NOW)).toMatchObject({ mayRecall: false, reason: 'REVOKED', standDownRecalled: true });
    expect(recallPermission(state({}), AFTER_DEADLINE)).toMatchObject({ mayRecall: false, reason: 'DECISION_OVERDUE' });
    expect(recallPermission(state({}), DEADLINE)).toMatchObject({ mayRecall: false, reason: 'DECISION_OVERDUE' });
    expect(recallPermission(state({ status: 'submitted' }), NOW)).toMatchObject({ mayRecall: false, reason: 'AWAITING_APPROVAL' });
  });

  it('recalls nobody from a draft, even a failsafe one: nobody outside the trust has seen it', () => {
    expect(recallPermission(state({ status: 'draft', failsafe: true }), NOW)).toEqual({ mayRecall: false, flagged: false, standDownRecalled: false, reason: 'DRAFT' });
  });

  it('lets a failsafe recall go ahead at once, flagged, while the decision is pending', () => {
    expect(recallPermission(state({ failsafe: true }), NOW)).toEqual({
      mayRecall: true,
      flagged: true,
      standDownRecalled: false,
      reason: 'FAILSAFE_PENDING_DECISION',
    });
  });

  it('keeps a failsafe recall going, flagged, when its deadline passes undecided', () => {
    expect(recallPermission(state({ failsafe: true }), AFTER_DEADLINE)).toMatchObject({
      mayRecall: true,
      flagged: true,
      reason: 'FAILSAFE_DECISION_OVERDUE',
    });
  });

  it('keeps the failsafe flag after approval, since people were recalled before it', () => {
    expect(recallPermission(state({ failsafe: true, status: 'approved' }), NOW)).toMatchObject({
      mayRecall: true,
      flagged: true,
    });
  });

  it('lets a failsafe recall go ahead from submission, before NHS England has forwarded it', () => {
    expect(recallPermission(state({ failsafe: true, status: 'submitted' }), NOW)).toMatchObject({ mayRecall: true, flagged: true, reason: 'FAILSAFE_PENDING_DECISION' });
  });

  it('stops a declined failsafe recall and asks for the recalled staff to be stood down', () => {
    expect(recallPermission(state({ failsafe: true, status: 'declined' }), NOW)).toEqual({
      mayRecall: false,
      flagged: true,
      standDownRecalled: true,
      reason: 'DECLINED',
    });
  });
});
