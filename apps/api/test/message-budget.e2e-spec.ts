import { Role } from '@app/core';
import { createTrust, TrustFixture, walkoutBody } from './support/fixtures';
import { importPatients, importSlots } from './support/rebooking-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The trust's message budget, with small limits so a test can reach them: a command that would queue
 * more than the hour's or the day's allowance is refused with 429 MESSAGE_BUDGET_EXCEEDED naming the
 * budget, and changes nothing; recall traffic is never refused.
 */
describe('per-trust message budget (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let base: string;
  const walkouts: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      now: new Date('2026-01-01T12:00:00Z'),
      env: {
        MESSAGE_BUDGET_PATIENT_PER_HOUR: '6',
        MESSAGE_BUDGET_PATIENT_PER_DAY: '10',
        MESSAGE_BUDGET_STAFF_PER_HOUR: '2',
        MESSAGE_BUDGET_STAFF_PER_DAY: '4',
      },
    });
    trust = await createTrust(t, await t.bearer(Role.NationalAdmin), 'Budget Trust');
    base = `/api/v1/trusts/${trust.trustId}`;
    // Four patients booked at each site inside the walkouts (one walkout per site).
    const nhsNumbers = await importPatients(t, trust.trustId, trust.admin, 8, 700);
    await importSlots(
      t,
      trust.trustId,
      trust.admin,
      nhsNumbers.map((_, n) => ({ externalRef: `SLOT-${n}`, siteId: trust.siteIds[n < 4 ? 0 : 1], startsAt: `2026-01-12T${String(9 + (n % 4)).padStart(2, '0')}:00:00Z` })),
    );
    const appointments = await t.request('POST', `${base}/appointments/import`, {
      token: trust.admin,
      body: { items: nhsNumbers.map((nhsNumber, n) => ({ externalRef: `APT-${n}`, nhsNumber, slotExternalRef: `SLOT-${n}`, kind: 'outpatient-new', urgency: 'routine', referralDate: '2025-10-01' })) },
    });
    expect(appointments.status).toBe(200);
    for (const siteId of trust.siteIds) {
      const walkout = await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody({ siteIds: [siteId] }) });
      expect(walkout.status).toBe(201);
      walkouts.push(walkout.body.id);
    }
    const staff = await t.request('POST', `${base}/staff/import`, {
      token: trust.admin,
      body: {
        items: [
          { staffNumber: 'CONS1', givenName: 'Ada', familyName: 'Okafor', grade: 'consultant', specialty: 'emergency-medicine', siteId: trust.siteIds[0], mobile: '07700900301' },
          { staffNumber: 'RD1', givenName: 'Ben', familyName: 'Hughes', grade: 'resident-doctor', specialty: 'emergency-medicine', siteId: trust.siteIds[0], departmentId: trust.departmentIds[0], mobile: '07700900302' },
        ],
      },
    });
    expect(staff.status).toBe(200);
  });
  afterAll(() => t.close());

  const postpone = (walkoutId: string) => t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: {} });
  const notices = async (walkoutId: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE walkout_id = $1`, [walkoutId]))[0].n as number;

  it('refuses a postponement whose notices overflow the hour, with 429 naming the budget and when it frees up, and changes nothing', async () => {
    const first = await postpone(walkouts[0]);
    expect(first.status).toBe(200);
    expect(first.body.noticesQueued).toBe(4);

    const refused = await postpone(walkouts[1]);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('3600');
    expect(refused.body).toEqual({
      statusCode: 429,
      code: 'MESSAGE_BUDGET_EXCEEDED',
      message: "This would queue 4 patient notices, but the trust's hourly budget is 6 and 4 are already queued this hour. Nothing was changed. The budget frees up at 2026-01-01T13:00:00.000Z.",
      details: [],
      conflict: { budget: 'patient-notices', period: 'hour', limit: '6', used: '4', requested: '4', freesAt: '2026-01-01T13:00:00.000Z' },
      requestId: expect.any(String),
    });
    expect(await notices(walkouts[1])).toBe(0);
    const [{ booked }] = await t.dataSource.query(
      `SELECT count(*)::int AS booked FROM appointment a JOIN slot s ON s.id = a.slot_id WHERE s.site_id = $1 AND a.status = 'booked'`,
      [trust.siteIds[1]],
    );
    expect(booked).toBe(4);

    t.clock.set(new Date('2026-01-01T13:00:00Z'));
    const later = await postpone(walkouts[1]);
    expect(later.status).toBe(200);
    expect(later.body.noticesQueued).toBe(4);
  });

  it('admits a rebooking run only if offers to everyone waiting fit, and refuses it on the day budget otherwise', async () => {
    // 8 of the day's 10 are used; the run could offer 4.
    const refused = await t.request('POST', `${base}/walkouts/${walkouts[0]}/rebooking-runs`, { token: trust.admin, body: {} });
    expect(refused.status).toBe(429);
    expect(refused.body.conflict).toEqual({ budget: 'patient-notices', period: 'day', limit: '10', used: '8', requested: '4', freesAt: '2026-01-02T00:00:00.000Z' });
    expect(refused.headers['retry-after']).toBe(String(11 * 3600));
    const [{ runs }] = await t.dataSource.query(`SELECT count(*)::int AS runs FROM rebooking_run WHERE trust_id = $1`, [trust.trustId]);
    expect(runs).toBe(0);
  });

  it('counts cover notices against the staff budget', async () => {
    const assign = (startsAt: string, endsAt: string) =>
      t.request('POST', `${base}/walkouts/${walkouts[0]}/cover-assignments`, {
        token: trust.admin,
        body: { staffNumber: 'CONS1', departmentId: trust.departmentIds[0], startsAt, endsAt, consentRecorded: true },
      });
    expect((await assign('2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z')).status).toBe(201);
    expect((await assign('2026-01-13T08:00:00Z', '2026-01-13T12:00:00Z')).status).toBe(201);
    const third = await assign('2026-01-13T23:00:00Z', '2026-01-14T03:00:00Z');
    expect(third.status).toBe(429);
    expect(third.body.conflict).toEqual(expect.objectContaining({ budget: 'staff-messages', period: 'hour', limit: '2', used: '2', requested: '1' }));
    const [{ shifts }] = await t.dataSource.query(`SELECT count(*)::int AS shifts FROM cover_assignment WHERE trust_id = $1`, [trust.trustId]);
    expect(shifts).toBe(2);
  });

  it('never refuses a recall, whatever the other budgets have used', async () => {
    t.clock.set(new Date('2026-01-12T10:00:00Z'));
    const declared = await t.request('POST', `${base}/major-incidents`, {
      token: trust.admin,
      body: { level: 'major', state: 'declared', siteIds: [trust.siteIds[0]], description: 'Fire at the hospital' },
    });
    expect(declared.status).toBe(201);
    expect(declared.body.recall).toEqual(expect.objectContaining({ status: 'started', cohortSize: 1 }));
  });

  it('reports each budget’s use and limit per trust and period, and the refusals, on /metrics', async () => {
    t.clock.set(new Date('2026-01-01T13:30:00Z')); // the hour and day of the postponements
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    const labels = (budget: string, period: string) => `{trust_id="${trust.trustId}",budget="${budget}",period="${period}"}`;
    expect(metrics.text).toContain(`strike_ops_message_budget_used${labels('patient-notices', 'day')} 8`);
    expect(metrics.text).toContain(`strike_ops_message_budget_limit${labels('patient-notices', 'day')} 10`);
    expect(metrics.text).toContain(`strike_ops_message_budget_used${labels('patient-notices', 'hour')} 4`);
    expect(metrics.text).toContain(`strike_ops_message_budget_limit${labels('patient-notices', 'hour')} 6`);
    t.clock.set(new Date('2026-01-12T10:30:00Z')); // the recall's
    const recallHour = await t.request('GET', '/metrics');
    expect(recallHour.text).toContain(`strike_ops_message_budget_used${labels('recall', 'hour')} 1`);
    expect(recallHour.text).not.toContain(`strike_ops_message_budget_limit${labels('recall', 'hour')}`);
    expect(metrics.text).toContain(`strike_ops_message_budget_refusals_total${labels('patient-notices', 'hour')} 1`);
    expect(metrics.text).toContain(`strike_ops_message_budget_refusals_total${labels('patient-notices', 'day')} 1`);
    expect(metrics.text).toContain(`strike_ops_message_budget_refusals_total${labels('staff-messages', 'hour')} 1`);
    expect(metrics.text).toContain('strike_ops_notify_daily_limit{sending_service="deployment",channel="sms"} 250000');
  });
});
