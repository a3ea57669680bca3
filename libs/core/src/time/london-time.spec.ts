import { londonWallClock, parseInstantWithOffset } from './london-time';

describe('London time helpers', () => {
  it('reads 08:00 in summer as 07:00 UTC and in winter as 08:00 UTC', () => {
    expect(londonWallClock('2026-07-01', '08:00').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(londonWallClock('2026-01-12', '08:00').toISOString()).toBe('2026-01-12T08:00:00.000Z');
  });

  it('makes a 07:00 → 07:00 day across the spring change 23 hours long', () => {
    const start = londonWallClock('2026-03-28', '07:00');
    const end = londonWallClock('2026-03-29', '07:00');
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(23);
  });

  it('refuses times without an offset because they are ambiguous', () => {
    expect(parseInstantWithOffset('2026-01-12T08:00:00')).toBeNull();
    expect(parseInstantWithOffset('2026-01-12T08:00:00+00:00')?.toISOString()).toBe('2026-01-12T08:00:00.000Z');
    expect(parseInstantWithOffset('2026-06-12T08:00:00+01:00')?.toISOString()).toBe('2026-06-12T07:00:00.000Z');
    expect(parseInstantWithOffset('2026-02-30T08:00:00Z')).toBeNull();
  });
});
