import { checkCoverAssignment, CoverAssignmentCheckInput, CoverCandidate, REFUSAL_ORDER, takingPartReason, WalkoutScope } from './assignment-rules';
import { london, shift } from '@app/cover/testing';

const walkout: WalkoutScope = {
  startsAt: london('2026-10-20T07:00'),
  endsAt: london('2026-10-30T07:00'),
  staffGroups: ['resident-doctor'],
  siteIds: [],
};

const consultant: CoverCandidate = { grade: 'consultant', specialty: 'emergency-medicine', siteId: 'site-a', participation: null };

function check(overrides: Partial<CoverAssignmentCheckInput> = {}) {
  return checkCoverAssignment({
    shift: shift('2026-10-21T08:00', '2026-10-21T20:00'),
    walkout,
    candidate: consultant,
    departmentKind: 'emergency',
    existingShifts: [],
    ...overrides,
  });
}

const codes = (result: ReturnType<typeof check>) => result.refusals.map((r) => r.code);

describe('cover assignment rules', () => {
  it('accepts a 12 h emergency shift for an emergency-medicine consultant and flags the break', () => {
    const result = check();
    expect(result.refusals).toEqual([]);
    expect(result.breakRequired).toBe(true);
    expect(result.breakMinutes).toBe(20);
  });

  it('needs no break at exactly 6 h, one past it', () => {
    expect(check({ shift: shift('2026-10-21T08:00', '2026-10-21T14:00') }).breakRequired).toBe(false);
    expect(check({ shift: shift('2026-10-21T08:00', '2026-10-21T14:01') }).breakRequired).toBe(true);
  });

  it('allows exactly 13 h and refuses 13 h 1 min as WORKING_TIME_SHIFT_TOO_LONG', () => {
    expect(codes(check({ shift: shift('2026-10-21T07:00', '2026-10-21T20:00') }))).toEqual([]);
    expect(codes(check({ shift: shift('2026-10-21T07:00', '2026-10-21T20:01') }))).toEqual(['WORKING_TIME_SHIFT_TOO_LONG']);
  });

  it('measures a night over the autumn clock change in real hours: 20:00 → 08:00 is 13 h', () => {
    expect(codes(check({ shift: shift('2026-10-24T20:00', '2026-10-25T08:00') }))).toEqual([]);
    expect(codes(check({ shift: shift('2026-10-24T19:00', '2026-10-25T08:00') }))).toEqual(['WORKING_TIME_SHIFT_TOO_LONG']);
  });

  it('allows exactly 11 h of rest before and after, and refuses 10 h 59 min either side', () => {
    const previous = shift('2026-10-21T08:00', '2026-10-21T20:00');
    const next = shift('2026-10-22T20:00', '2026-10-23T06:00');
    expect(codes(check({ shift: shift('2026-10-22T07:00', '2026-10-22T09:00'), existingShifts: [previous, next] }))).toEqual([]);
    expect(codes(check({ shift: shift('2026-10-22T06:59', '2026-10-22T08:00'), existingShifts: [previous] }))).toEqual(['WORKING_TIME_REST']);
    expect(codes(check({ shift: shift('2026-10-22T07:00', '2026-10-22T09:01'), existingShifts: [next] }))).toEqual(['WORKING_TIME_REST']);
  });

  it('refuses an overlap with any of the person’s shifts, naming the shift', () => {
    const other = shift('2026-10-21T18:00', '2026-10-22T02:00');
    const result = check({ existingShifts: [other] });
    expect(codes(result)).toContain('OVERLAP');
    expect(result.refusals.find((r) => r.code === 'OVERLAP')?.conflictingShift).toEqual(other);
  });

  it('refuses the shift that takes the person past 72 h in a rolling 7 days', () => {
    // Six 12 h days = 72 h; a seventh hour in the same week is one too many.
    const week = [21, 22, 23, 24, 25, 26].map((day) => shift(`2026-10-${day}T07:00`, `2026-10-${day}T19:00`));
    expect(codes(check({ shift: shift('2026-10-27T07:00', '2026-10-27T08:00'), existingShifts: week }))).toEqual(['WORKING_TIME_WEEKLY_LIMIT']);
    expect(codes(check({ shift: shift('2026-10-28T07:00', '2026-10-28T08:00'), existingShifts: week }))).toEqual([]);
  });

  it('refuses grades that are not consultant or SAS, and specialties outside the department’s scope', () => {
    expect(codes(check({ candidate: { ...consultant, grade: 'resident-doctor' } }))).toContain('SCOPE_OF_PRACTICE');
    expect(codes(check({ candidate: { ...consultant, grade: 'sas' } }))).toEqual([]);
    expect(codes(check({ candidate: { ...consultant, specialty: 'dermatology' } }))).toEqual(['SCOPE_OF_PRACTICE']);
    expect(codes(check({ departmentKind: 'maternity' }))).toEqual(['SCOPE_OF_PRACTICE']);
  });

  it('refuses someone who declared they are taking part, or whose group the notice names', () => {
    expect(codes(check({ candidate: { ...consultant, participation: 'yes' } }))).toEqual(['TAKING_PART_IN_WALKOUT']);
    expect(codes(check({ walkout: { ...walkout, staffGroups: ['consultant'] } }))).toEqual(['TAKING_PART_IN_WALKOUT']);
    expect(codes(check({ walkout: { ...walkout, staffGroups: ['consultant'] }, candidate: { ...consultant, participation: 'no' } }))).toEqual(['TAKING_PART_IN_WALKOUT']);
    expect(codes(check({ candidate: { ...consultant, participation: 'unknown' } }))).toEqual([]);
  });

  it('refuses a shift that does not lie within the walkout', () => {
    expect(codes(check({ shift: shift('2026-10-20T06:00', '2026-10-20T12:00') }))).toEqual(['OUTSIDE_WALKOUT']);
    expect(codes(check({ shift: shift('2026-10-30T01:00', '2026-10-30T08:00') }))).toEqual(['OUTSIDE_WALKOUT']);
    expect(codes(check({ shift: shift('2026-10-20T07:00', '2026-10-20T19:00') }))).toEqual([]);
  });

  it('lists every broken rule, in the reviewed order, so the first names the refusal', () => {
    const result = check({
      shift: shift('2026-10-21T06:00', '2026-10-21T20:00'),
      candidate: { ...consultant, specialty: 'dermatology', participation: 'yes' },
      existingShifts: [shift('2026-10-21T19:00', '2026-10-21T23:00')],
    });
    expect(codes(result)).toEqual(['TAKING_PART_IN_WALKOUT', 'SCOPE_OF_PRACTICE', 'OVERLAP', 'WORKING_TIME_SHIFT_TOO_LONG']);
    const order = codes(result).map((code) => REFUSAL_ORDER.indexOf(code));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('refuses to judge a backwards range: the caller must reject it as bad input first', () => {
    expect(() => check({ shift: shift('2026-10-21T20:00', '2026-10-21T08:00') })).toThrow(RangeError);
  });
});

describe('who is taking part', () => {
  const scoped: WalkoutScope = { ...walkout, staffGroups: ['consultant'], siteIds: ['site-a'] };

  it('counts a named group only at the sites the notice names, and an unknown site as named', () => {
    expect(takingPartReason({ ...consultant, siteId: 'site-a' }, scoped)).toMatch(/named in the notice/);
    expect(takingPartReason({ ...consultant, siteId: 'site-b' }, scoped)).toBeNull();
    expect(takingPartReason({ ...consultant, siteId: null }, scoped)).toMatch(/named in the notice/);
  });

  it('counts a declared "yes" anywhere, whatever the group', () => {
    expect(takingPartReason({ ...consultant, siteId: 'site-b', participation: 'yes' }, scoped)).toMatch(/declared/);
  });
});
