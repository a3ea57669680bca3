import { londonWallClock } from '@app/core';
import { workforceSitrep, WorkforceSitrepInput } from './workforce-sitrep';

const input = (overrides: Partial<WorkforceSitrepInput> = {}): WorkforceSitrepInput => ({
  startsAt: londonWallClock('2026-01-12', '07:00'),
  endsAt: londonWallClock('2026-01-14', '07:00'),
  calledOffAt: null,
  staffGroups: ['resident-doctor'],
  counts: [
    { staffGroup: 'resident-doctor', staff: 40, declaredYes: 30, declaredNo: 4 },
    { staffGroup: 'consultant', staff: 10, declaredYes: 0, declaredNo: 2 },
  ],
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

  it('counts taking part against due at work, by staff group, with the unanswered as unknown', () => {
    const [day] = workforceSitrep(input()).days;
    expect(day.groups).toEqual([
      { staffGroup: 'consultant', dueAtWork: 10, takingPart: 0, notTakingPart: 2, unknown: 8, percentTakingPart: 0 },
      { staffGroup: 'resident-doctor', dueAtWork: 40, takingPart: 30, notTakingPart: 4, unknown: 6, percentTakingPart: 75 },
    ]);
    expect(day.totals).toEqual({ dueAtWork: 50, takingPart: 30, notTakingPart: 6, unknown: 14, percentTakingPart: 60 });
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
