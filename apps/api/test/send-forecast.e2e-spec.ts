import { Role } from '@app/core';
import { NotificationService, NotifyServiceDirectory } from '@app/notifications';
import { parse } from 'csv-parse/sync';
import { createConsoleUser, signInToConsole } from './support/console-users';
import { createTrust, TrustFixture, validNhsNumber, walkoutBody } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The console's messages page reads a walkout's send estimate worked out in the database
 * (NotificationService.sendForecast); the JSON route works it out in Node (estimateSendTimes). Both must
 * tell the strike cell the same thing: the same unsent and held counts, the same last time, and the same
 * late notices in the same order — here with each branch of the rule (staff alerts first, another trust's
 * notices interleaved in the shared send order, held messages, the day's GOV.UK Notify allowance).
 */
describe('send forecast (the messages page) against the estimate (the JSON route)', () => {
  let t: TestApp;
  let a: TrustFixture;
  let walkoutOfA: string;
  let b: TrustFixture;
  let walkoutOfB: string;

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-12T08:00:00Z') });
    const national = await t.bearer(Role.NationalAdmin);
    a = await createTrust(t, national, 'A');
    b = await createTrust(t, national, 'B');
    walkoutOfA = (await t.request('POST', `/api/v1/trusts/${a.trustId}/walkouts`, { token: a.admin, body: walkoutBody() })).body.id;
    walkoutOfB = (await t.request('POST', `/api/v1/trusts/${b.trustId}/walkouts`, { token: b.admin, body: walkoutBody() })).body.id;
    const patient = async (trustId: string, seed: number) =>
      (await t.dataSource.query(`INSERT INTO patient (trust_id, nhs_number, given_name, family_name, date_of_birth) VALUES ($1, $2, 'Sam', 'P', '1970-01-01') RETURNING id`, [trustId, validNhsNumber(seed)]))[0].id as string;
    const [{ id: staffOfA }] = await t.dataSource.query(
      `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty, mobile) VALUES ($1, 'F1', 'Alex', 'Doctor', 'resident-doctor', 'emergency-medicine', '+447700900456') RETURNING id`,
      [a.trustId],
    );
    const patientOfA = await patient(a.trustId, 11);
    const patientOfB = await patient(b.trustId, 12);
    const notices = (trustId: string, patientId: string, walkoutId: string, n: number, deadlineSql: string) =>
      t.dataSource.query(
        `INSERT INTO notification (trust_id, recipient_type, patient_id, purpose, lane, personalisation, deadline, walkout_id)
         SELECT $1, 'patient', $2, 'walkout-postponement', 'notice', '{}', ${deadlineSql}, $3 FROM generate_series(1, ${n}) n`,
        [trustId, patientId, walkoutId],
      );
    // Deadlines 10 s apart from 08:00:10, the two trusts' notices interleaved; some without a deadline.
    await notices(a.trustId, patientOfA, walkoutOfA, 1500, `'2026-01-12T08:00:10Z'::timestamptz + (n % 3) * interval '10 seconds'`);
    await notices(b.trustId, patientOfB, walkoutOfB, 1500, `'2026-01-12T08:00:15Z'::timestamptz + (n % 3) * interval '10 seconds'`);
    // Due tomorrow: never late at this rate, so the forecast need not number them (they still count).
    await notices(a.trustId, patientOfA, walkoutOfA, 300, `'2026-01-13T08:00:00Z'::timestamptz + n * interval '1 second'`);
    await notices(a.trustId, patientOfA, walkoutOfA, 20, 'NULL');
    // Held: coalescing until 08:05, and until the daily limit resets.
    await t.dataSource.query(
      `INSERT INTO notification (trust_id, recipient_type, patient_id, purpose, lane, personalisation, deadline, walkout_id, send_after, held_reason)
       SELECT $1, 'patient', $2, 'walkout-postponement', 'notice', '{}', '2026-01-12T08:05:00Z', $3, '2026-01-12T08:05:00Z'::timestamptz - (n % 2) * interval '10 minutes', 'coalescing' FROM generate_series(1, 30) n`,
      [a.trustId, patientOfA, walkoutOfA],
    );
    // A staff alert of the walkout goes before every notice.
    await t.dataSource.query(
      `INSERT INTO notification (trust_id, recipient_type, staff_id, purpose, lane, personalisation, deadline, walkout_id) VALUES ($1, 'staff', $2, 'recall', 'staff-alert', '{}', '2026-01-12T08:00:00.010Z', $3)`,
      [a.trustId, staffOfA, walkoutOfA],
    );
  });
  afterAll(() => t.close());

  async function expectSameFigures(limit: number, trustId = a.trustId, walkoutId = walkoutOfA): Promise<number> {
    const service = t.app.get(NotificationService);
    const [estimate, forecast] = await Promise.all([service.estimate(trustId, walkoutId), service.sendForecast(trustId, walkoutId, limit)]);
    expect(forecast.unsent).toBe(estimate.unsent);
    expect(forecast.held).toBe(estimate.held);
    expect(forecast.lastExpectedAt).toEqual(estimate.lastExpectedAt);
    expect(forecast.atRiskTotal).toBe(estimate.atRisk.length);
    expect(forecast.dailyLimit).toEqual(estimate.dailyLimit);
    expect(forecast.atRisk.map((n) => [n.notificationId, n.recipientType, n.deadline.toISOString(), n.expectedAt.toISOString()])).toEqual(
      estimate.atRisk.slice(0, limit).map((n) => [n.notificationId, n.recipientType, n.deadline.toISOString(), n.expectedAt.toISOString()]),
    );
    return estimate.atRisk.length;
  }

  it('gives the same figures and late notices as the estimate at the service’s rate', async () => {
    const late = await expectSameFigures(100);
    expect(late).toBeGreaterThan(100);
    const [first] = (await t.app.get(NotificationService).sendForecast(a.trustId, walkoutOfA, 1)).atRisk;
    expect(first.recipientType).toBe('staff');
  });

  it('gives the same figures when the day’s allowance of texts runs out part way', async () => {
    await t.dataSource.query(`INSERT INTO notify_daily_usage (sending_service, day, channel, used) VALUES ('deployment', '2026-01-12', 'sms', 249500)`);
    try {
      expect(await expectSameFigures(5000)).toBeGreaterThan(0);
    } finally {
      await t.dataSource.query(`DELETE FROM notify_daily_usage`);
    }
  });

  it('numbers a trust with its own Notify service among its own notices only, and leaves them out of the shared order', async () => {
    const service = t.app.get(NotificationService);
    const shared = await service.sendForecast(a.trustId, walkoutOfA, 1);
    const directory = t.app.get(NotifyServiceDirectory);
    const box = directory.secretBox()!;
    // B connects its own service at 600 a minute (100 ms a message): stored as the service routes store it.
    await t.dataSource.query(
      `INSERT INTO notify_service (trust_id, service_id, api_key_sealed, api_key_hint, callback_token_sealed, callback_token_digest, callback_token_hint, templates, rate_per_minute)
       VALUES ($1, gen_random_uuid(), $2, 'xxxx', $3, decode(repeat('ab', 32), 'hex'), 'xxxx', '{"sms": null, "email": null, "letter": null}', 600)`,
      [b.trustId, box.seal('test-key'), box.seal('test-token')],
    );
    directory.invalidate();
    try {
      // B's 1,500 notices go at B's rate one after another from now: the last at 1,500 × 100 ms.
      const own = await service.sendForecast(b.trustId, walkoutOfB, 10);
      expect(own.ratePerMinute).toBe(600);
      expect(own.unsent).toBe(1500);
      expect(own.lastExpectedAt).toEqual(new Date(new Date('2026-01-12T08:00:00Z').getTime() + 1500 * 100));
      expect(await expectSameFigures(10, b.trustId, walkoutOfB)).toBe(own.atRiskTotal);
      // A's notices no longer wait behind B's: fewer of them are late, and the JSON estimate agrees.
      const alone = await service.sendForecast(a.trustId, walkoutOfA, 1);
      expect(alone.atRiskTotal).toBeLessThan(shared.atRiskTotal);
      await expectSameFigures(100);
    } finally {
      await t.dataSource.query(`DELETE FROM notify_service`);
      directory.invalidate();
    }
  });

  it('gives the same figures when the day’s allowance outlasts midnight UTC (the rule then numbers every notice)', async () => {
    const service = t.app.get(NotificationService);
    const directory = t.app.get(NotifyServiceDirectory);
    const box = directory.secretBox()!;
    // A on its own service at 2 a minute (30 s a message), with 2,321 notices: the 2,300 texts left today take
    // 19 h, past midnight UTC (16 h away), so the last 21 are timed from the reset and the last goes at 00:10,
    // before some ahead of it: notices due at 00:20 and expected up to 00:40 are late although they are due
    // after the last goes. Only numbering every notice finds them.
    const [{ serviceId }] = await t.dataSource.query(
      `INSERT INTO notify_service (trust_id, service_id, api_key_sealed, api_key_hint, callback_token_sealed, callback_token_digest, callback_token_hint, templates, rate_per_minute)
       VALUES ($1, gen_random_uuid(), $2, 'xxxx', $3, decode(repeat('cd', 32), 'hex'), 'xxxx', '{"sms": null, "email": null, "letter": null}', 2) RETURNING service_id AS "serviceId"`,
      [a.trustId, box.seal('test-key'), box.seal('test-token')],
    );
    directory.invalidate();
    const [patientOfA] = await t.dataSource.query(`SELECT patient_id AS id FROM notification WHERE trust_id = $1 AND patient_id IS NOT NULL LIMIT 1`, [a.trustId]);
    const extra: { id: string }[] = await t.dataSource.query(
      `INSERT INTO notification (trust_id, recipient_type, patient_id, purpose, lane, personalisation, deadline, walkout_id)
       SELECT $1, 'patient', $2, 'walkout-postponement', 'notice', '{}', '2026-01-13T00:20:00Z', $3 FROM generate_series(1, 500) n RETURNING id`,
      [a.trustId, patientOfA.id, walkoutOfA],
    );
    try {
      const { limit } = (await service.sendForecast(a.trustId, walkoutOfA, 1)).dailyLimit;
      await t.dataSource.query(`INSERT INTO notify_daily_usage (sending_service, day, channel, used) VALUES ($1, '2026-01-12', 'sms', $2)`, [serviceId, limit - 2300]);
      const forecast = await service.sendForecast(a.trustId, walkoutOfA, 1);
      expect(forecast.dailyLimit.remaining).toBe(2300);
      expect(forecast.unsent - forecast.held).toBeGreaterThan(2300);
      expect(await expectSameFigures(100)).toBeGreaterThan(0);
    } finally {
      await t.dataSource.query(`DELETE FROM notification WHERE id = ANY($1::uuid[])`, [extra.map((row) => row.id)]);
      await t.dataSource.query(`DELETE FROM notify_daily_usage`);
      await t.dataSource.query(`DELETE FROM notify_service`);
      directory.invalidate();
    }
  });

  it('gives the call centre everyone late on the messages page’s CSV, though the page lists the soonest 100', async () => {
    const estimate = await t.app.get(NotificationService).estimate(a.trustId, walkoutOfA);
    expect(estimate.atRisk.length).toBeGreaterThan(100);
    const session = await signInToConsole(t, await createConsoleUser(t, Role.TrustAdmin, a.trustId));
    const headers = { cookie: session.cookie, accept: 'text/html' };
    const page = await t.request('GET', `/console/trusts/${a.trustId}/messages?walkout=${walkoutOfA}`, { headers });
    expect(page.status).toBe(200);
    expect(page.text).toContain(`The 100 with the soonest appointments are shown; the CSV has all ${estimate.atRisk.length}.`);
    expect(page.text.match(/<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">/g)).toHaveLength(100);
    const csv = await t.request('GET', `/console/trusts/${a.trustId}/messages/${walkoutOfA}/call-list.csv`, { headers });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parse(csv.text) as string[][];
    expect(header).toEqual(['name', 'nhsNumber', 'mobile', 'email', 'appointment', 'noticeWouldGo']);
    expect(rows).toHaveLength(estimate.atRisk.length);
    // In the estimate's order: the staff alert first, then the patients, each with their NHS number.
    expect(rows[0][0]).toBe('Staff member');
    expect(rows.slice(1).every(([name, nhsNumber]) => name === 'Sam P' && nhsNumber === validNhsNumber(11))).toBe(true);
  });

  it('is 404 for another trust’s walkout', async () => {
    const national = await t.bearer(Role.NationalAdmin);
    const c = await createTrust(t, national, 'C');
    await expect(t.app.get(NotificationService).sendForecast(c.trustId, walkoutOfA, 10)).rejects.toMatchObject({ httpStatus: 404 });
  });
});
