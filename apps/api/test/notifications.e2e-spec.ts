import { Role } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { createConsoleUser, signInToConsole } from './support/console-users';
import { createTrust, TrustFixture, validNhsNumber, walkoutBody } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('notifications over HTTP (e2e)', () => {
  let t: TestApp;
  let national: string;
  let a: TrustFixture;
  let b: TrustFixture;
  let walkoutOfA: string;
  let notificationOfA: string;
  let notificationOfB: string;
  const callback = 'Bearer receipts-secret';

  beforeAll(async () => {
    t = await startTestApp({ env: { NOTIFY_CALLBACK_TOKEN: 'receipts-secret' }, now: new Date('2026-01-12T08:00:00Z') });
    national = await t.bearer(Role.NationalAdmin);
    a = await createTrust(t, national, 'A');
    b = await createTrust(t, national, 'B');
    walkoutOfA = (await t.request('POST', `/api/v1/trusts/${a.trustId}/walkouts`, { token: a.admin, body: walkoutBody() })).body.id;
    const make = async (trustId: string, seed: number, deadline: Date, walkoutId: string | null) => {
      const [{ id: patientId }] = await t.dataSource.query(
        `INSERT INTO patient (trust_id, nhs_number, given_name, family_name, date_of_birth, mobile) VALUES ($1, $2, 'Sam', 'P', '1970-01-01', '+447700900123') RETURNING id`,
        [trustId, validNhsNumber(seed)],
      );
      await t.dataSource.transaction((m) =>
        t.app.get(NotificationOutbox).createMany(m, [
          {
            trustId,
            recipient: { type: 'patient', patientId },
            purpose: 'walkout-postponement',
            personalisation: { givenName: 'Sam', trustName: 'T', appointments: [{ startsAt: deadline.toISOString(), description: 'Clinic', place: 'Site' }] },
            deadline,
            walkoutId,
            dedupeKey: `postponement:${seed}`,
          },
        ]),
      );
      const [{ id }] = await t.dataSource.query(`SELECT id FROM notification WHERE patient_id = $1`, [patientId]);
      return id as string;
    };
    notificationOfA = await make(a.trustId, 1, new Date('2026-01-12T08:01:00Z'), walkoutOfA);
    notificationOfB = await make(b.trustId, 2, new Date('2026-01-20T08:00:00Z'), null);
    await t.dataSource.query(`UPDATE notification SET status = 'sent', provider_id = '740e5834-3a29-46b4-9a6f-16142fde533a' WHERE id = $1`, [notificationOfA]);
  });
  afterAll(() => t.close());

  const receipt = (status: string, reference = notificationOfA) => ({
    id: '740e5834-3a29-46b4-9a6f-16142fde533a',
    reference,
    to: '07700900123',
    status,
    created_at: '2026-01-12T08:00:00.000Z',
    completed_at: '2026-01-12T08:00:05.000Z',
    sent_at: '2026-01-12T08:00:01.000Z',
    notification_type: 'sms',
    template_id: 'f33517ff-2a88-4f6e-b855-c550268ce08a',
    template_version: 1,
  });

  it('refuses delivery receipts without the callback bearer token', async () => {
    for (const token of [undefined, 'Bearer wrong', 'receipts-secret']) {
      const response = await t.request('POST', '/api/v1/notify/callbacks/delivery-status', { token, body: receipt('delivered') });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('CALLBACK_UNAUTHORISED');
    }
  });

  it('applies a receipt once; a repeat or a later, contradictory receipt changes nothing', async () => {
    const first = await t.request('POST', '/api/v1/notify/callbacks/delivery-status', { token: callback, body: receipt('delivered') });
    expect(first.body).toEqual({ updated: true });
    const repeat = await t.request('POST', '/api/v1/notify/callbacks/delivery-status', { token: callback, body: receipt('delivered') });
    expect(repeat.body).toEqual({ updated: false });
    const late = await t.request('POST', '/api/v1/notify/callbacks/delivery-status', { token: callback, body: receipt('temporary-failure') });
    expect(late.body).toEqual({ updated: false });
    const shown = await t.request('GET', `/api/v1/trusts/${a.trustId}/notifications/${notificationOfA}`, { token: a.viewer });
    expect(shown.body).toEqual(expect.objectContaining({ status: 'delivered', completedAt: '2026-01-12T08:00:05.000Z', purpose: 'walkout-postponement', recipientType: 'patient' }));
    expect(shown.body.personalisation).toBeUndefined();
  });

  it('answers 400 naming the fields of a malformed receipt', async () => {
    const response = await t.request('POST', '/api/v1/notify/callbacks/delivery-status', { token: callback, body: { ...receipt('lost'), reference: 'x' } });
    expect(response.status).toBe(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(['reference', 'status']);
  });

  it("lists only the trust's own notifications, filtered, and hides other trusts' (404)", async () => {
    const list = await t.request('GET', `/api/v1/trusts/${a.trustId}/notifications?recipientType=patient&purpose=walkout-postponement`, { token: a.viewer });
    expect(list.body.items.map((n: { id: string }) => n.id)).toEqual([notificationOfA]);
    expect((await t.request('GET', `/api/v1/trusts/${a.trustId}/notifications?status=pending`, { token: a.viewer })).body.items).toEqual([]);
    expect((await t.request('GET', `/api/v1/trusts/${a.trustId}/notifications/${notificationOfB}`, { token: a.admin })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/trusts/${b.trustId}/notifications/${notificationOfB}`, { token: a.admin })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/trusts/${b.trustId}/notifications`, { token: a.admin })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/trusts/${a.trustId}/notifications?status=lost`, { token: a.admin })).body.details[0].field).toBe('status');
  });

  it('estimates when a walkout’s notices will go out and lists those that will miss their deadline', async () => {
    const [{ id: patientId }] = await t.dataSource.query(
      `INSERT INTO patient (trust_id, nhs_number, given_name, family_name, date_of_birth) VALUES ($1, $2, 'Sam', 'P', '1970-01-01') RETURNING id`,
      [a.trustId, validNhsNumber(3)],
    );
    // 6,000 notices ahead in the global queue at 3,000 a minute: the last goes out ~2 minutes from now.
    await t.dataSource.query(
      `INSERT INTO notification (trust_id, recipient_type, patient_id, purpose, lane, personalisation, deadline, walkout_id)
       SELECT $1, 'patient', $2, 'walkout-postponement', 'notice', '{}', $3::timestamptz, $4 FROM generate_series(1, 6000) n`,
      [a.trustId, patientId, '2026-01-12T08:01:00Z', walkoutOfA],
    );
    const estimate = await t.request('GET', `/api/v1/trusts/${a.trustId}/walkouts/${walkoutOfA}/notifications/estimate`, { token: a.viewer });
    expect(estimate.status).toBe(200);
    expect(estimate.body.unsent).toBe(6000);
    expect(estimate.body.lastExpectedAt).toBe('2026-01-12T08:02:00.000Z');
    // One a 20 ms: the 3,000th goes out exactly at the 08:01 deadline; the 3,000 after it are late.
    expect(estimate.body.atRisk).toHaveLength(3_000);
    expect(estimate.body.atRisk[0]).toEqual(expect.objectContaining({ deadline: '2026-01-12T08:01:00.000Z', expectedAt: '2026-01-12T08:01:00.020Z', recipientType: 'patient' }));
    const other = await t.request('GET', `/api/v1/trusts/${b.trustId}/walkouts/${walkoutOfA}/notifications/estimate`, { token: national });
    expect(other.status).toBe(404);
  });

  it('counts the unsent texts’ fragments by Notify’s rules and prices them (2.4p a fragment + 20% VAT)', async () => {
    const walkoutId = (await t.request('POST', `/api/v1/trusts/${a.trustId}/walkouts`, { token: a.admin, body: walkoutBody() })).body.id;
    const [{ id: patientId }] = await t.dataSource.query(
      `INSERT INTO patient (trust_id, nhs_number, given_name, family_name, date_of_birth) VALUES ($1, $2, 'Sam', 'P', '1970-01-01') RETURNING id`,
      [a.trustId, validNhsNumber(4)],
    );
    const notice = (place: string, n: number) => ({
      trustId: a.trustId,
      recipient: { type: 'patient' as const, patientId },
      purpose: 'walkout-postponement' as const,
      personalisation: { givenName: 'Sam', trustName: 'T', appointments: [{ startsAt: '2026-01-20T09:00:00Z', description: 'Clinic', place }] },
      deadline: new Date('2026-01-20T09:00:00Z'),
      walkoutId,
      dedupeKey: `fragments:${n}`,
    });
    // The same notice twice, once with a Welsh place name: that one goes as Unicode (70, else 67 a fragment).
    await t.dataSource.transaction((m) => t.app.get(NotificationOutbox).createMany(m, [notice('Ysbyty Gwynedd', 1), notice('Ysbyty Ŵyr', 2)]));
    const estimate = await t.request('GET', `/api/v1/trusts/${a.trustId}/walkouts/${walkoutId}/notifications/estimate`, { token: a.viewer });
    expect(estimate.status).toBe(200);
    const { sms } = estimate.body;
    expect(sms).toMatchObject({ texts: 2, unicode: 1, pencePerFragment: 2.4, vatPercent: 20, exact: true, counted: 2 });
    // 368 GSM characters are 3 fragments of 153; the Welsh text, 364 characters, takes 6 of 67.
    expect(sms.fragments).toBe(3 + 6);
    expect(sms.pence).toBe(21.6);
    expect(sms.penceWithVat).toBe(25.9);
  });

  it('puts what will not fit in the day’s remaining GOV.UK Notify texts after midnight UTC in the estimate', async () => {
    // 249,000 texts already handed to Notify today: 1,000 left of the 250,000.
    await t.dataSource.query(`INSERT INTO notify_daily_usage (sending_service, day, channel, used) VALUES ('deployment', '2026-01-12', 'sms', 249000)`);
    try {
      const estimate = await t.request('GET', `/api/v1/trusts/${a.trustId}/walkouts/${walkoutOfA}/notifications/estimate`, { token: a.viewer });
      expect(estimate.body.dailyLimit).toEqual({ sendingService: 'deployment', channel: 'sms', limit: 250_000, used: 249_000, remaining: 1_000, resetsAt: '2026-01-13T00:00:00.000Z' });
      // 1,000 go today (the last at 08:00:20); the other 5,000 from midnight, the last 100 s after it.
      expect(estimate.body.lastExpectedAt).toBe('2026-01-13T00:01:40.000Z');
      expect(estimate.body.atRisk).toHaveLength(5_000);
    } finally {
      await t.dataSource.query(`DELETE FROM notify_daily_usage`);
    }
  });

  it('shows an unsent message’s wording, links included, to the trust’s admins only, and after sending without the link', async () => {
    const [{ id: staffId }] = await t.dataSource.query(
      `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty, mobile) VALUES ($1, 'W1', 'Alex', 'Doctor', 'resident-doctor', 'emergency-medicine', '+447700900456') RETURNING id`,
      [a.trustId],
    );
    const linkToken = 'A'.repeat(43);
    await t.dataSource.transaction((m) =>
      t.app.get(NotificationOutbox).createMany(m, [
        {
          trustId: a.trustId,
          recipient: { type: 'staff', staffId },
          purpose: 'recall',
          personalisation: { givenName: 'Alex', trustName: 'Trust A', sites: ['A site 1'], linkToken, reason: 'major-incident' },
          dedupeKey: 'recall-wording-test',
        },
      ]),
    );
    const [{ id }] = await t.dataSource.query(`SELECT id FROM notification WHERE dedupe_key = 'recall-wording-test'`);
    const url = `/api/v1/trusts/${a.trustId}/notifications/${id}`;

    const forAdmin = await t.request('GET', url, { token: a.admin });
    expect(forAdmin.status).toBe(200);
    expect(forAdmin.headers['cache-control']).toBe('no-store');
    expect(forAdmin.body.wording).toEqual({
      sms: expect.stringContaining(`http://localhost:3000/s/${linkToken}`),
      email: { subject: 'URGENT: major incident - can you return to work?', body: expect.stringContaining(`/s/${linkToken}`) },
      letter: { subject: expect.any(String), body: expect.stringContaining('Trust A has declared a major incident at A site 1') },
      linksRemoved: false,
    });
    expect((await t.request('GET', url, { token: national })).body.wording).not.toBeNull();
    expect((await t.request('GET', url, { token: a.viewer })).body.wording).toBeNull();
    expect((await t.request('GET', url, { token: b.admin })).status).toBe(404);

    // Sent: the stored token is scrubbed, so the wording shows a placeholder where the link was.
    await t.dataSource.query(`UPDATE notification SET status = 'sent', personalisation = personalisation - 'linkToken' WHERE id = $1`, [id]);
    const sent = await t.request('GET', url, { token: a.admin });
    expect(sent.body.wording.linksRemoved).toBe(true);
    expect(sent.text).not.toContain(linkToken);
    expect(sent.body.wording.sms).toContain('/s/link-removed-after-sending');
  });

  it('serves Prometheus metrics with queue depth, status counts and the oldest unsent age', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toMatch(/strike_ops_queue_depth\{lane="staff-alert"\} \d+/);
    expect(response.body).toMatch(/strike_ops_notifications\{status="delivered",lane="notice"\} 1/);
    expect(response.body).toMatch(/strike_ops_oldest_unsent_notification_seconds \d/);
  });

  it('opens the queue dashboard to national admins signed in to the console, and to no one else', async () => {
    // No session: a browser is sent to sign in and brought back; the dashboard's own API answers 401.
    const anonymous = await t.request('GET', '/admin/queues');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe('/console/login?returnTo=%2Fadmin%2Fqueues');
    const anonymousApi = await t.request('GET', '/admin/queues/api/queues');
    expect(anonymousApi.status).toBe(401);
    expect(anonymousApi.body.code).toBe('SIGN_IN_REQUIRED');
    // A bearer token is not a console session.
    expect((await t.request('GET', '/admin/queues/api/queues', { token: national })).status).toBe(401);

    const trustAdmin = await signInToConsole(t, await createConsoleUser(t, Role.TrustAdmin, a.trustId));
    const refused = await t.request('GET', '/admin/queues', { headers: { cookie: trustAdmin.cookie } });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('You do not have access to this page');
    expect((await t.request('GET', '/admin/queues/api/queues', { headers: { cookie: trustAdmin.cookie } })).status).toBe(403);

    const admin = await signInToConsole(t, await createConsoleUser(t, Role.NationalAdmin));
    const page = await t.request('GET', '/admin/queues', { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    // Its font stylesheet is allowed on its path only.
    expect(page.headers['content-security-policy']).toContain('https://fonts.googleapis.com');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await t.request('GET', '/console/login')).headers['content-security-policy']).not.toContain('fonts.googleapis.com');
    // Its script sends the session's CSRF token back from this cookie as X-XSRF-TOKEN.
    expect(String(page.headers['set-cookie'])).toContain(`XSRF-TOKEN=${admin.csrfToken}; Path=/admin/queues; SameSite=Strict`);
    const api = await t.request('GET', '/admin/queues/api/queues', { headers: { cookie: admin.cookie } });
    expect(api.status).toBe(200);

    // Its state-changing requests need the token like every console form.
    const forged = await t.request('PUT', '/admin/queues/api/queues/resume', { headers: { cookie: admin.cookie } });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('CSRF_TOKEN_INVALID');
    const resumed = await t.request('PUT', '/admin/queues/api/queues/resume', { headers: { cookie: admin.cookie, 'x-xsrf-token': admin.csrfToken } });
    expect(resumed.status).toBe(200);
  });
});
