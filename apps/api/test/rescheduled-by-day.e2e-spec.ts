import { Role } from '@app/core';
import { createTrust, TrustFixture, walkoutBody } from './support/fixtures';
import { importAppointments, importPatients, importSlots } from './support/rebooking-fixtures';
import { createConsoleUser, signInToConsole } from './support/console-users';
import { startTestApp, TestApp } from './support/test-app';

/** Rescheduled activity per trust per walkout day, cumulative, and across trusts for national admins (real PostgreSQL and Redis). */
describe('rescheduled activity per walkout day (e2e)', () => {
  let t: TestApp;
  let national: string;
  let trust: TrustFixture;
  let walkoutId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-01T12:00:00Z') });
    national = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, national, 'Rescheduling Trust');
    const base = `/api/v1/trusts/${trust.trustId}`;
    walkoutId = (await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody() })).body.id;
    const site = trust.siteIds[0];
    await importSlots(t, trust.trustId, trust.admin, [
      { externalRef: 'OP-12', siteId: site, startsAt: '2026-01-12T10:00:00Z', capacity: 3 },
      { externalRef: 'TH-12', siteId: site, kind: 'theatre', specialty: 'general-surgery', startsAt: '2026-01-12T13:00:00Z', minutes: 60, capacity: 2 },
      { externalRef: 'OP-13', siteId: site, startsAt: '2026-01-13T10:00:00Z', capacity: 2 },
    ]);
    const patients = await importPatients(t, trust.trustId, trust.admin, 7, 500);
    await importAppointments(t, trust.trustId, trust.admin, [
      { externalRef: 'A1', nhsNumber: patients[0], slotExternalRef: 'OP-12' },
      { externalRef: 'A2', nhsNumber: patients[1], slotExternalRef: 'OP-12', kind: 'outpatient-follow-up' },
      { externalRef: 'A3', nhsNumber: patients[2], slotExternalRef: 'TH-12', kind: 'day-case', surgicalPriority: 'P3' },
      { externalRef: 'A4', nhsNumber: patients[3], slotExternalRef: 'TH-12', kind: 'inpatient', surgicalPriority: 'P4' },
      { externalRef: 'A5', nhsNumber: patients[4], slotExternalRef: 'OP-13' },
      { externalRef: 'A6', nhsNumber: patients[5], slotExternalRef: 'OP-13' },
    ]);
    const postponed = await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: {} });
    expect(postponed.status).toBe(200);
    expect(postponed.body.postponed).toBe(6);
    await t.request('PUT', `${base}/walkouts/${walkoutId}/activity-cancellations`, { token: trust.admin, body: { items: [{ day: '2026-01-13', community: 5 }] } });
  });
  afterAll(() => t.close());

  it('reports each day’s elective inpatient, day-case and outpatient rescheduling, recorded community cancellations, and cumulative totals', async () => {
    const response = await t.request('GET', `/api/v1/trusts/${trust.trustId}/walkouts/${walkoutId}/sitrep`, { token: trust.viewer });
    expect(response.status).toBe(200);
    expect(response.body.rescheduledActivityByDay.days).toEqual([
      {
        date: '2026-01-12',
        electiveInpatient: 1,
        electiveDayCase: 1,
        outpatient: 2,
        community: null,
        mentalHealth: null,
        cumulative: { electiveInpatient: 1, electiveDayCase: 1, outpatient: 2, community: null, mentalHealth: null },
      },
      {
        date: '2026-01-13',
        electiveInpatient: 0,
        electiveDayCase: 0,
        outpatient: 2,
        community: 5,
        mentalHealth: null,
        cumulative: { electiveInpatient: 1, electiveDayCase: 1, outpatient: 4, community: 5, mentalHealth: null },
      },
    ]);
    const csv = await t.request('GET', `/api/v1/trusts/${trust.trustId}/walkouts/${walkoutId}/sitrep?format=csv`, { token: trust.viewer });
    expect(csv.text).toContain(`,${walkoutId},rescheduledActivityByDay,2026-01-13,outpatient,rescheduledCumulative,4`);
    expect(csv.text).toContain(`,${walkoutId},rescheduledActivityByDay,2026-01-12,community,rescheduled,\r\n`);
  });

  it('gives national admins the same figures for every trust’s walkout day, with national totals', async () => {
    const response = await t.request('GET', '/api/v1/national/sitreps/rescheduled-activity?date=2026-01-13', { token: national });
    expect(response.status).toBe(200);
    expect(response.body.date).toBe('2026-01-13');
    const mine = response.body.trusts.filter((row: { trustId: string }) => row.trustId === trust.trustId);
    expect(mine).toEqual([expect.objectContaining({ walkoutId, trustName: 'Rescheduling Trust', outpatient: 2, community: 5, cumulative: expect.objectContaining({ outpatient: 4 }) })]);
    expect(response.body.total.outpatient).toBeGreaterThanOrEqual(2);
    expect(response.body.totalCumulative.outpatient).toBeGreaterThanOrEqual(4);
  });

  it('is for national admins only, and names a bad date', async () => {
    expect((await t.request('GET', '/api/v1/national/sitreps/rescheduled-activity?date=2026-01-13', { token: trust.admin })).status).toBe(403);
    const bad = await t.request('GET', '/api/v1/national/sitreps/rescheduled-activity?date=2026-02-30', { token: national });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('date');
    const shape = await t.request('GET', '/api/v1/national/sitreps/rescheduled-activity?date=13-01-2026', { token: national });
    expect(shape.status).toBe(400);
  });

  it('shows yesterday’s daily return on the console’s national view, from the same figures', async () => {
    t.clock.set(new Date('2026-01-14T09:00:00Z'));
    const session = await signInToConsole(t, await createConsoleUser(t, Role.NationalAdmin));
    const page = await t.app.inject({ method: 'GET', url: '/console/national', headers: { cookie: session.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Rescheduled activity on Tuesday 13 January 2026');
    const row = page.body.slice(page.body.indexOf('Rescheduling Trust</a>'));
    // Inpatient, day case, outpatient, community, mental health for the 13th.
    expect([...row.slice(0, row.indexOf('</tr>')).matchAll(/numeric">([^<]*)</g)].map((m) => m[1])).toEqual(['0', '0', '2', '5', 'Not recorded']);
    t.clock.set(new Date('2026-01-01T12:00:00Z'));
  });

  it('defaults to yesterday, as NHS England collects one day in arrears', async () => {
    t.clock.set(new Date('2026-01-14T09:00:00Z'));
    const response = await t.request('GET', '/api/v1/national/sitreps/rescheduled-activity', { token: national });
    expect(response.body.date).toBe('2026-01-13');
    t.clock.set(new Date('2026-01-01T12:00:00Z'));
  });
});
