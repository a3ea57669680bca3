import { rescheduledActivity, rescheduledActivityCsvRows } from './rescheduled-activity';

describe('rescheduled activity (sitrep)', () => {
  const figures = { postponed: 3, rebooked: 2, confirmed: 1, unplaced: 1, declined: 0, within14Days: 2, breaches28Day: 0 };

  it('reports outpatient and elective activity with their total, zeros included', () => {
    const activity = rescheduledActivity([{ activity: 'outpatient', ...figures }]);
    expect(activity.outpatient).toEqual(figures);
    expect(activity.elective).toEqual({ postponed: 0, rebooked: 0, confirmed: 0, unplaced: 0, declined: 0, within14Days: 0, breaches28Day: 0 });
    expect(activity.total).toEqual(figures);
  });

  it('writes long-format CSV rows for every measure of every category', () => {
    const rows = rescheduledActivityCsvRows(rescheduledActivity([{ activity: 'elective', ...figures }]));
    expect(rows).toHaveLength(21);
    expect(rows).toContainEqual({ day: null, category: 'elective', measure: 'postponed', value: 3 });
    expect(rows).toContainEqual({ day: null, category: 'all', measure: 'rebooked', value: 2 });
  });
});
