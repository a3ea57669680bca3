import { Role } from '@app/core';
import { ActivityTallyRepository } from '@app/rebooking';
import { createTrust, TrustFixture, walkoutBody } from './support/fixtures';
import { activityTallyDrift, importAppointments, importPatients, importSlots } from './support/rebooking-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The walkout activity tally (docs/decisions/0014-walkout-activity-tally.md) against the appointments it
 * counts, on real PostgreSQL: the sitrep's figures read from it stay those of the appointments through
 * postponement, a slot moved to another day, and folds — one or two at once.
 */
describe('walkout activity tally (integration)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let walkoutId: string;
  let base: string;
  const site = () => trust.siteIds[0];

  const byDay = async () => (await t.request('GET', `${base}/walkouts/${walkoutId}/sitrep`, { token: trust.viewer })).body.rescheduledActivityByDay.days.map((d: { date: string; outpatient: number; electiveDayCase: number }) => [d.date, d.outpatient, d.electiveDayCase]);
  const figures = async () => (await t.request('GET', `${base}/walkouts/${walkoutId}/sitrep`, { token: trust.viewer })).body.rescheduledActivity;
  const tallyRows = async (): Promise<number> => (await t.dataSource.query(`SELECT count(*)::int AS n FROM walkout_activity_tally WHERE walkout_id = $1`, [walkoutId]))[0].n;

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-01T12:00:00Z') });
    const national = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, national, 'Tally Trust');
    base = `/api/v1/trusts/${trust.trustId}`;
    walkoutId = (await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody() })).body.id;
    await importSlots(t, trust.trustId, trust.admin, [
      { externalRef: 'OP-12', siteId: site(), startsAt: '2026-01-12T10:00:00Z', capacity: 3 },
      { externalRef: 'TH-12', siteId: site(), kind: 'theatre', specialty: 'general-surgery', startsAt: '2026-01-12T13:00:00Z', minutes: 60, capacity: 2 },
      { externalRef: 'OP-13', siteId: site(), startsAt: '2026-01-13T10:00:00Z', capacity: 2 },
    ]);
    const patients = await importPatients(t, trust.trustId, trust.admin, 5, 900);
    await importAppointments(t, trust.trustId, trust.admin, [
      { externalRef: 'T1', nhsNumber: patients[0], slotExternalRef: 'OP-12' },
      { externalRef: 'T2', nhsNumber: patients[1], slotExternalRef: 'TH-12', kind: 'day-case', surgicalPriority: 'P3' },
      { externalRef: 'T3', nhsNumber: patients[2], slotExternalRef: 'OP-13' },
      { externalRef: 'T4', nhsNumber: patients[3], slotExternalRef: 'OP-13', kind: 'outpatient-follow-up' },
    ]);
  });
  afterAll(() => t.close());

  it('counts nothing until the walkout postpones, then exactly what it postponed', async () => {
    expect(await tallyRows()).toBe(0);
    expect((await figures()).total.postponed).toBe(0);
    expect((await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: {} })).body.postponed).toBe(4);
    expect(await activityTallyDrift(t)).toEqual([]);
    expect(await figures()).toEqual(
      expect.objectContaining({ outpatient: expect.objectContaining({ postponed: 3, unplaced: 3 }), elective: expect.objectContaining({ postponed: 1, unplaced: 1 }) }),
    );
    expect(await byDay()).toEqual([
      ['2026-01-12', 1, 1],
      ['2026-01-13', 2, 0],
    ]);
  });

  it('moves postponed appointments to the walkout day their slot now falls in when the slot is re-imported at another time', async () => {
    await importSlots(t, trust.trustId, trust.admin, [{ externalRef: 'OP-13', siteId: site(), startsAt: '2026-01-12T15:00:00Z', capacity: 2 }]);
    expect(await activityTallyDrift(t)).toEqual([]);
    expect(await byDay()).toEqual([
      ['2026-01-12', 3, 1],
      ['2026-01-13', 0, 0],
    ]);
  });

  it('folds a walkout’s appended rows into one per combination without changing a figure, however many folds run at once', async () => {
    const before = { figures: await figures(), byDay: await byDay(), rows: await tallyRows() };
    const tally = t.app.get(ActivityTallyRepository);
    const folded = await Promise.all([tally.fold(), tally.fold()]);
    expect(folded).toContain(1);
    expect(await activityTallyDrift(t)).toEqual([]);
    expect(await figures()).toEqual(before.figures);
    expect(await byDay()).toEqual(before.byDay);
    const [{ rows, keys, unfolded }] = await t.dataSource.query(
      `SELECT count(*)::int AS rows, count(DISTINCT (kind, status, first_of_chain, rebooked_onward, days_after_walkout, original_starts_at))::int AS keys,
              count(*) FILTER (WHERE NOT folded)::int AS unfolded
       FROM walkout_activity_tally WHERE walkout_id = $1`,
      [walkoutId],
    );
    // Postponement appended one row per kind and slot (4), the slot's move 4 more (each kind out of 13 January and into 12 January): 8 become 4.
    expect(before.rows).toBe(8);
    expect({ rows, keys, unfolded }).toEqual({ rows: 4, keys: 4, unfolded: 0 });
    expect(await tally.fold()).toBe(0);
  });
});
