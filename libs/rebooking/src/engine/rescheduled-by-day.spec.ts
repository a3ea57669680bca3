import { rescheduledActivityByDay, rescheduledByDayCsvRows, sumFigures } from './rescheduled-by-day';

describe('rescheduled activity by walkout day', () => {
  const days = rescheduledActivityByDay(
    ['2026-01-12', '2026-01-13', '2026-01-14'],
    [
      { date: '2026-01-12', inpatient: 2, dayCase: 3, outpatient: 10 },
      { date: '2026-01-14', inpatient: 1, dayCase: 0, outpatient: 4 },
    ],
    [{ day: '2026-01-13', community: 7, mentalHealth: null }],
  );

  it('lists every day, zeros included, and adds up the days so far', () => {
    expect(days.map((d) => [d.date, d.electiveInpatient, d.electiveDayCase, d.outpatient, d.cumulative.outpatient])).toEqual([
      ['2026-01-12', 2, 3, 10, 10],
      ['2026-01-13', 0, 0, 0, 10],
      ['2026-01-14', 1, 0, 4, 14],
    ]);
  });

  it('keeps community and mental health apart, null until the trust records a figure', () => {
    expect(days.map((d) => [d.community, d.cumulative.community, d.mentalHealth, d.cumulative.mentalHealth])).toEqual([
      [null, null, null, null],
      [7, 7, null, null],
      [null, 7, null, null],
    ]);
  });

  it('adds trusts up nationally, a category staying null only when no trust recorded it', () => {
    expect(sumFigures([days[1], days[2]])).toEqual({ electiveInpatient: 1, electiveDayCase: 0, outpatient: 4, community: 7, mentalHealth: null });
  });

  it('writes long-format CSV rows, an unrecorded figure as an empty value', () => {
    const rows = rescheduledByDayCsvRows([days[0]]);
    expect(rows).toContainEqual({ day: '2026-01-12', category: 'elective-day-case', measure: 'rescheduled', value: 3 });
    expect(rows).toContainEqual({ day: '2026-01-12', category: 'mental-health', measure: 'rescheduledCumulative', value: null });
    expect(rows).toHaveLength(10);
  });
});
