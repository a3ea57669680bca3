import { londonWallClock } from '@app/core';
import { workforceSitrep, WorkforceSitrepInput } from './workforce-sitrep';

const input = (overrides: Partial<WorkforceSitrepInput> = {}): WorkforceSitrepInput => ({
  startsAt: londonWallClock('2026-01-12', '07:00'),
  endsAt: londonWallClock('2026-01-14', '07:00'),
  calledOffAt: null,
  staffGroups: ['resident-doctor'],
  counts: [
    { day: '2026-01-12', staffGroup: 'resident-doctor', staff: 40, declaredYes: 30, declaredNo: 4 },
    { day: '2026-01-13', staffGroup: 'resident-doctor', staff: 40, declaredYes: 20, declaredNo: 15 },
  ],
  asOf: londonWallClock('2026-01-13', '12:00'),
  ...overrides,
});

describe('workforce sitrep', () => {
  it('reports a 07:00 → 07:00 two-day walkout as two walkout days, each labelled by its London start date', () => {
    const { days } = workforceSitrep(input());
    expect(days.map((d) => [d.date, d.from.toISOString(), d.to.toISOString()])).toEqual([
      ['2026-01-12', '2026-01-12T07:00:00.000Z', '2026-01-13T07:00:00.000Z'],
      ['2026-01-13', '2026-01-13T07:00:00.000Z', '2026-01-14T07:00:00.000Z'],
    ]);
  });

  it('counts each day from that day’s answers: taking part against due at work, the unanswered as unknown', () => {
    const [first, second] = workforceSitrep(input()).days;
    expect(first.groups).toEqual([{ staffGroup: 'resident-doctor', dueAtWork: 40, takingPart: 30, notTakingPart: 4, unknown: 6, percentTakingPart: 75 }]);
    expect(second.groups).toEqual([{ staffGroup: 'resident-doctor', dueAtWork: 40, takingPart: 20, notTakingPart: 15, unknown: 5, percentTakingPart: 50 }]);
    expect(first.totals).toEqual({ dueAtWork: 40, takingPart: 30, notTakingPart: 4, unknown: 6, percentTakingPart: 75 });
  });

  it('counts only the staff groups the walkout names: other groups are neither due at work nor unknown', () => {
    const sitrep = workforceSitrep(
      input({
        counts: [
          { day: '2026-01-12', staffGroup: 'resident-doctor', staff: 60, declaredYes: 45, declaredNo: 0 },
          { day: '2026-01-12', staffGroup: 'consultant', staff: 30, declaredYes: 0, declaredNo: 0 },
          { day: '2026-01-12', staffGroup: 'nurse', staff: 200, declaredYes: 0, declaredNo: 0 },
        ],
      }),
    );
    expect(sitrep.staffGroups).toEqual(['resident-doctor']);
    expect(sitrep.days[0].groups.map((g) => g.staffGroup)).toEqual(['resident-doctor']);
    expect(sitrep.days[0].totals).toEqual({ dueAtWork: 60, takingPart: 45, notTakingPart: 0, unknown: 15, percentTakingPart: 75 });
  });

  it('says when each day is due at NHS England (the day after) and whether it is complete', () => {
    const { days } = workforceSitrep(input());
    expect(days.map((d) => [d.date, d.reportDueOn, d.complete])).toEqual([
      ['2026-01-12', '2026-01-13', true],
      ['2026-01-13', '2026-01-14', false],
    ]);
  });

  it('follows the London clock across the autumn change: the day of 25 October is 25 hours long', () => {
    const { days } = workforceSitrep(input({ startsAt: londonWallClock('2026-10-24', '07:00'), endsAt: londonWallClock('2026-10-26', '07:00') }));
    expect(days.map((d) => d.date)).toEqual(['2026-10-24', '2026-10-25']);
    expect((days[0].to.getTime() - days[0].from.getTime()) / 3_600_000).toBe(25);
    expect(days[1].to.toISOString()).toBe('2026-10-26T07:00:00.000Z');
  });

  it('cuts the last day at the end of an 08:00–17:00 walkout and reports a part day', () => {
    const { days } = workforceSitrep(input({ startsAt: londonWallClock('2026-01-12', '08:00'), endsAt: londonWallClock('2026-01-13', '17:00') }));
    expect(days.map((d) => [d.date, d.to.toISOString()])).toEqual([
      ['2026-01-12', '2026-01-13T08:00:00.000Z'],
      ['2026-01-13', '2026-01-13T17:00:00.000Z'],
    ]);
  });

  it('shows nobody out from the first day that begins after a call-off', () => {
    const { days } = workforceSitrep(input({ calledOffAt: londonWallClock('2026-01-12', '15:00') }));
    expect(days.map((d) => [d.calledOff, d.totals.takingPart])).toEqual([
      [false, 30],
      [true, 0],
    ]);
  });

  it('always reports the groups the notice names, even with nobody recorded, without dividing by zero', () => {
    const [day] = workforceSitrep(input({ staffGroups: ['resident-doctor', 'nurse'], counts: [] })).days;
    expect(day.groups).toEqual([
      { staffGroup: 'resident-doctor', dueAtWork: 0, takingPart: 0, notTakingPart: 0, unknown: 0, percentTakingPart: null },
      { staffGroup: 'nurse', dueAtWork: 0, takingPart: 0, notTakingPart: 0, unknown: 0, percentTakingPart: null },
    ]);
  });
});
