import { impactChart } from './impact-chart';

describe('the impact chart', () => {
  it('draws every row to the scale of the largest, with plain labels', () => {
    const rows = impactChart([
      { value: 'outpatient-new', toPostpone: 60, kept: 20, alreadyPostponed: 20 },
      { value: 'day-case', toPostpone: 10, kept: 0, alreadyPostponed: 0 },
    ]);
    expect(rows[0]).toMatchObject({ label: 'Outpatient, new', total: 100 });
    expect(rows[0].segments).toEqual([
      { key: 'to-postpone', count: 60, percent: 60 },
      { key: 'already-postponed', count: 20, percent: 20 },
      { key: 'kept', count: 20, percent: 20 },
    ]);
    expect(rows[1].segments).toEqual([{ key: 'to-postpone', count: 10, percent: 10 }]);
  });

  it('keeps a tiny share visible and draws nothing for an empty chart', () => {
    expect(impactChart([{ value: 'P1a', toPostpone: 1, kept: 999, alreadyPostponed: 0 }])[0].segments[0]).toEqual({ key: 'to-postpone', count: 1, percent: 0.5 });
    expect(impactChart([{ value: 'routine', toPostpone: 0, kept: 0, alreadyPostponed: 0 }])[0].segments).toEqual([]);
  });
});
