import { coverHeatMap, heatMapDayBodyHtml, levelOf } from './cover-heat-map';

const hour = (iso: string, required: number, assigned: number) => {
  const from = new Date(iso);
  return { from, to: new Date(from.getTime() + 3_600_000), required, assigned, shortfall: Math.max(0, required - assigned) };
};

describe('the cover heat map', () => {
  it('writes the shortfall in the cell and describes it in words, so colour is never the only sign', () => {
    const map = coverHeatMap([{ departmentId: 'd1', name: 'Emergency Department', siteName: 'Chelsea', hours: [hour('2026-01-12T07:00:00Z', 3, 1), hour('2026-01-12T08:00:00Z', 2, 2), hour('2026-01-12T09:00:00Z', 0, 0)] }]);
    expect(map.days[0].cells[0].map((c) => [c.level, c.text])).toEqual([
      ['short-2', '−2'],
      ['covered', '✓'],
      ['none', ''],
    ]);
    expect(map.days[0].cells[0][0].description).toBe('3 required, 1 assigned, 2 short');
    expect(map.days[0].columns[0].label).toBe('Mon 12 Jan, 07:00 to 08:00');
    expect(map.shortCells).toBe(1);
  });

  it('labels hours in London time and starts a new table for each London day, each with its own short count', () => {
    const map = coverHeatMap([
      { departmentId: 'd1', name: 'ED', siteName: 'S', hours: [hour('2026-06-09T21:00:00Z', 1, 1), hour('2026-06-09T22:00:00Z', 1, 0), hour('2026-06-09T23:00:00Z', 1, 1)] },
      { departmentId: 'd2', name: 'ICU', siteName: 'S', hours: [hour('2026-06-09T21:00:00Z', 2, 0), hour('2026-06-09T22:00:00Z', 0, 0), hour('2026-06-09T23:00:00Z', 1, 0)] },
    ]);
    expect(map.days.map((day) => [day.date, day.label, day.columns.map((c) => c.hour), day.shortCells])).toEqual([
      ['2026-06-09', 'Tuesday 9 June', ['22', '23'], 2],
      ['2026-06-10', 'Wednesday 10 June', ['00'], 1],
    ]);
    expect(map.days[1].cells.map((row) => row.map((c) => c.text))).toEqual([['✓'], ['−1']]);
    expect(map.shortCells).toBe(3);
  });

  it('tells the two 01:00 hours apart on the night the clocks go back', () => {
    const map = coverHeatMap([{ departmentId: 'd1', name: 'ED', siteName: 'S', hours: [hour('2026-10-25T00:00:00Z', 1, 0), hour('2026-10-25T01:00:00Z', 1, 0)] }]);
    expect(map.days.map((day) => day.columns.map((c) => c.hour))).toEqual([['01 BST', '01 GMT']]);
  });

  it('grades the shortfall in three steps', () => {
    expect([0, 1, 2, 5].map((shortfall) => levelOf({ required: 5, shortfall }))).toEqual(['covered', 'short-1', 'short-2', 'short-3']);
    expect(levelOf({ required: 0, shortfall: 0 })).toBe('none');
  });

  it('writes each row of a day as escaped markup: the figure hidden from screen readers, the cell in words', () => {
    const map = coverHeatMap([{ departmentId: 'd1', name: 'A&E <North>', siteName: 'St "Mary"', hours: [hour('2026-01-12T07:00:00Z', 3, 1), hour('2026-01-12T08:00:00Z', 0, 0)] }]);
    expect(heatMapDayBodyHtml(map, map.days[0])).toBe(
      '<tr><th scope="row">A&amp;E &lt;North&gt;<br><span class="nhsuk-body-s">St &quot;Mary&quot;</span></th>' +
        '<td class="app-hm-short-2"><span aria-hidden="true">−2</span><span>3 required, 1 assigned, 2 short</span></td>' +
        '<td class="app-hm-none"><span>no cover required</span></td></tr>',
    );
  });
});
