import { Role } from '@app/core';
import { randomUUID } from 'node:crypto';
import { createTrust, TrustFixture } from '../../api/test/support/fixtures';
import { DeliveryHarness, postponementNotice, startDeliveryHarness } from './support/delivery-harness';

// Each trust's own Notify service has its own templates on the test server (only those exist there).
const A_SMS = randomUUID();
const A_EMAIL = randomUUID();
const B_SMS = randomUUID();
const B_EMAIL = randomUUID();
const TOKEN_A = `trust-a-callback-${'a'.repeat(32)}`;
const TOKEN_B = `trust-b-callback-${'b'.repeat(32)}`;
const DEPLOYMENT_TOKEN = 'callback-token-for-tests';

/**
 * Trusts with their own GOV.UK Notify services (issue 12 points 1–3): the real API and worker, real
 * PostgreSQL and Redis, the official client against a Notify test server running three services (the
 * deployment's and two trusts'), each with its own key, JWT check, templates and limits.
 */
describe('a trust’s own GOV.UK Notify service (real API, worker, Postgres, Redis, official client)', () => {
  let h: DeliveryHarness;
  let a: TrustFixture;
  let b: TrustFixture;
  let c: TrustFixture;
  let national: string;
  const serviceA = () => h.notify.services[1];
  const serviceB = () => h.notify.services[2];
  const deployment = () => h.notify.services[0];

  const bodyFor = (apiKey: string, sms: string, email: string, callbackToken: string, extra: Record<string, unknown> = {}) => ({
    apiKey,
    callbackToken,
    templates: { sms, email },
    ...extra,
  });

  beforeAll(async () => {
    h = await startDeliveryHarness(
      {},
      {
        notifyServices: [
          { templates: { [A_SMS]: { type: 'sms', body: '((body))' }, [A_EMAIL]: { type: 'email', subject: '((subject))', body: '((body))' } } },
          { templates: { [B_SMS]: { type: 'sms', body: '((body))' }, [B_EMAIL]: { type: 'email', subject: '((subject))', body: '((body))' } } },
        ],
      },
    );
    national = await h.api.bearer(Role.NationalAdmin);
    a = h.trust;
    b = await createTrust(h.api, national, 'Trust B');
    c = await createTrust(h.api, national, 'Trust C');
  }, 60_000);
  afterAll(() => h.close());

  it('refuses a service Notify would refuse, naming the field, and stores nothing', async () => {
    const put = (body: unknown, token = a.admin) => h.api.request('PUT', `/api/v1/trusts/${a.trustId}/notify-service`, { token, body });

    const missing = await put({ templates: { sms: A_SMS, email: A_EMAIL } });
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['apiKey', 'callbackToken']);

    const shape = await put(bodyFor('not-a-notify-key', A_SMS, A_EMAIL, 'short'));
    expect(shape.status).toBe(400);
    expect(shape.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'apiKey' }), expect.objectContaining({ field: 'callbackToken' })]));

    const purpose = await put(bodyFor(serviceA().apiKey, A_SMS, A_EMAIL, TOKEN_A, { templates: { sms: A_SMS, email: A_EMAIL, byPurpose: { pigeon: { sms: A_SMS } } } }));
    expect(purpose.status).toBe(400);
    expect(purpose.body.details[0].field).toBe('templates.byPurpose.pigeon');

    const notTemplate = await put(bodyFor('template-check', A_SMS, A_EMAIL, TOKEN_A, { templates: { sms: A_SMS, email: A_EMAIL, letter: 'x' } }));
    expect(notTemplate.status).toBe(400);
    expect(notTemplate.body.details.map((d: { field: string }) => d.field)).toContain('templates.letter');

    // A key of a service Notify does not know: its JWT is refused, reported on apiKey.
    const unknownKey = await put(bodyFor(`live-${randomUUID()}-${randomUUID()}`, A_SMS, A_EMAIL, TOKEN_A));
    expect(unknownKey.status).toBe(422);
    expect(unknownKey.body).toMatchObject({ code: 'NOTIFY_SERVICE_REJECTED', details: [{ field: 'apiKey' }] });

    // Templates checked with GET /v2/template/:id under the trust's key: another service's, or the wrong channel.
    const wrong = await put(bodyFor(serviceA().apiKey, B_SMS, A_SMS, TOKEN_A));
    expect(wrong.status).toBe(422);
    expect(wrong.body.details).toEqual([
      { field: 'templates.sms', message: expect.stringContaining('no template') },
      { field: 'templates.email', message: expect.stringContaining('sms template') },
    ]);

    const [{ n }] = await h.api.dataSource.query(`SELECT count(*)::int AS n FROM notify_service WHERE trust_id = $1`, [a.trustId]);
    expect(n).toBe(0);
  });

  it('connects each trust’s service; the key and token are sealed at rest and never returned', async () => {
    const putA = await h.api.request('PUT', `/api/v1/trusts/${a.trustId}/notify-service`, { token: a.admin, body: bodyFor(serviceA().apiKey, A_SMS, A_EMAIL, TOKEN_A, { inboundSms: true }) });
    expect(putA.status).toBe(200);
    expect(putA.body).toMatchObject({
      trustId: a.trustId,
      serviceId: serviceA().serviceId,
      apiKeyHint: `****${serviceA().apiKey.slice(-4)}`,
      callbackTokenHint: `****${TOKEN_A.slice(-4)}`,
      templates: { sms: A_SMS, email: A_EMAIL, letter: null, byPurpose: {} },
      ratePerMinute: 3000,
      inboundSms: true,
    });
    expect(putA.text).not.toContain(serviceA().secret);
    expect(putA.text).not.toContain(TOKEN_A);
    const putB = await h.api.request('PUT', `/api/v1/trusts/${b.trustId}/notify-service`, { token: national, body: bodyFor(serviceB().apiKey, B_SMS, B_EMAIL, TOKEN_B) });
    expect(putB.status).toBe(200);

    const got = await h.api.request('GET', `/api/v1/trusts/${a.trustId}/notify-service`, { token: a.admin });
    expect(got.body).toEqual(putA.body);

    const stored = JSON.stringify(await h.api.dataSource.query(`SELECT * FROM notify_service`));
    for (const secret of [serviceA().secret, serviceB().secret, serviceA().apiKey, TOKEN_A, TOKEN_B]) expect(stored).not.toContain(secret);
    const [{ sealed }] = await h.api.dataSource.query(`SELECT api_key_sealed AS sealed FROM notify_service WHERE trust_id = $1`, [a.trustId]);
    expect(sealed).toMatch(/^v1\./);

    const audit = await h.api.dataSource.query(`SELECT action, changed_fields, detail FROM notify_service_audit WHERE trust_id = $1 ORDER BY id`, [a.trustId]);
    expect(audit.map((row: { action: string }) => row.action)).toEqual(['connected']);
    expect(audit[0].changed_fields).toEqual(expect.arrayContaining(['apiKey', 'callbackToken', 'templates', 'ratePerMinute']));
    expect(JSON.stringify(audit)).not.toContain(serviceA().secret);

    // A token already another trust's is refused: a token speaks for one trust only.
    const taken = await h.api.request('PUT', `/api/v1/trusts/${c.trustId}/notify-service`, { token: c.admin, body: bodyFor(serviceB().apiKey, B_SMS, B_EMAIL, TOKEN_A) });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'CALLBACK_TOKEN_TAKEN', details: [{ field: 'callbackToken' }] });
  });

  it('changes a stored service without the key again, auditing which fields changed', async () => {
    const changed = await h.api.request('PUT', `/api/v1/trusts/${a.trustId}/notify-service`, { token: a.admin, body: { templates: { sms: A_SMS, email: A_EMAIL }, ratePerMinute: 3000, inboundSms: true } });
    expect(changed.status).toBe(200);
    const [last] = await h.api.dataSource.query(`SELECT action, changed_fields AS fields FROM notify_service_audit WHERE trust_id = $1 ORDER BY id DESC LIMIT 1`, [a.trustId]);
    expect(last).toEqual({ action: 'changed', fields: [] });
  });

  it('answers 404 to another trust’s admin and 403 to a viewer on every route', async () => {
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['PUT', '', bodyFor(serviceA().apiKey, A_SMS, A_EMAIL, TOKEN_A)],
      ['DELETE', '', undefined],
      ['POST', '/test', { phoneNumber: '07700900123' }],
    ] as const) {
      const url = `/api/v1/trusts/${a.trustId}/notify-service${path}`;
      expect((await h.api.request(method, url, { token: b.admin, body })).status).toBe(404);
      expect((await h.api.request(method, url, { token: a.viewer, body })).status).toBe(403);
    }
    expect((await h.api.request('GET', `/api/v1/trusts/${c.trustId}/notify-service`, { token: c.admin })).body.code).toBe('NOTIFY_SERVICE_NOT_CONNECTED');
  });

  it('sends a test message through the trust’s own service', async () => {
    const before = serviceA().received.length;
    const sent = await h.api.request('POST', `/api/v1/trusts/${a.trustId}/notify-service/test`, { token: a.admin, body: { phoneNumber: '07700 900123' } });
    expect(sent.status).toBe(200);
    expect(serviceA().received).toHaveLength(before + 1);
    expect(serviceA().received.at(-1)).toMatchObject({ serviceId: serviceA().serviceId, templateId: A_SMS, to: '07700 900123', id: sent.body.notifyId });
    const both = await h.api.request('POST', `/api/v1/trusts/${a.trustId}/notify-service/test`, { token: a.admin, body: { phoneNumber: '07700 900123', email: 'x@example.org' } });
    expect(both.status).toBe(400);
    const refused = await h.api.request('POST', `/api/v1/trusts/${a.trustId}/notify-service/test`, { token: a.admin, body: { phoneNumber: '020 7946 0000' } });
    expect(refused.status).toBe(422);
    expect(refused.body.details[0].field).toBe('phoneNumber');
  });

  it('sends each trust’s messages through its own service (the JWT issuer), others through the deployment’s, and scopes receipts by token', async () => {
    const deadline = new Date(Date.now() + 6 * 3_600_000);
    const ids: Record<string, string[]> = {};
    for (const trust of [a, b, c]) {
      const patients = await h.patients(3, trust.trustId);
      await h.enqueue(patients.map((patientId) => postponementNotice(trust.trustId, patientId, deadline)));
      ids[trust.trustId] = (await h.api.dataSource.query(`SELECT id FROM notification WHERE trust_id = $1 ORDER BY id`, [trust.trustId])).map((r: { id: string }) => r.id);
    }
    await h.startWorker();
    await h.waitFor(async () => (await h.statusCounts()).sent === 9, 30_000, 'nine notices sent');

    const issuerOf = (reference: string) => h.notify.allReceived().find((n) => n.reference === reference)?.serviceId;
    for (const id of ids[a.trustId]) expect(issuerOf(id)).toBe(serviceA().serviceId);
    for (const id of ids[b.trustId]) expect(issuerOf(id)).toBe(serviceB().serviceId);
    for (const id of ids[c.trustId]) expect(issuerOf(id)).toBe(deployment().serviceId);
    expect(serviceA().received.filter((n) => n.reference !== null && !n.reference.startsWith('test-')).map((n) => n.templateId)).toEqual([A_SMS, A_SMS, A_SMS]);

    const receipt = (reference: string) => {
      const sent = h.notify.allReceived().find((n) => n.reference === reference)!;
      return { id: sent.id, reference, to: '07700900123', status: 'delivered', created_at: new Date().toISOString(), completed_at: new Date().toISOString(), notification_type: 'sms' };
    };
    const post = (token: string, body: unknown) => h.api.request('POST', '/api/v1/notify/callbacks/delivery-status', { token: `Bearer ${token}`, body });
    const statusOf = async (id: string) => (await h.api.dataSource.query(`SELECT status FROM notification WHERE id = $1`, [id]))[0].status;

    // Trust A's token cannot touch trust B's message, nor the deployment's token a message sent through A's service.
    expect((await post(TOKEN_A, receipt(ids[b.trustId][0]))).body).toEqual({ updated: false });
    expect((await post(DEPLOYMENT_TOKEN, receipt(ids[a.trustId][0]))).body).toEqual({ updated: false });
    expect(await statusOf(ids[b.trustId][0])).toBe('sent');
    expect(await statusOf(ids[a.trustId][0])).toBe('sent');
    // Each under its own token.
    expect((await post(TOKEN_A, receipt(ids[a.trustId][0]))).body).toEqual({ updated: true });
    expect((await post(TOKEN_B, receipt(ids[b.trustId][0]))).body).toEqual({ updated: true });
    expect((await post(DEPLOYMENT_TOKEN, receipt(ids[c.trustId][0]))).body).toEqual({ updated: true });
    expect(await statusOf(ids[a.trustId][0])).toBe('delivered');
    expect((await post('x'.repeat(40), receipt(ids[a.trustId][1]))).status).toBe(401);

    const metrics = (await h.api.request('GET', '/metrics')).text;
    expect(metrics).toContain(`strike_ops_notify_service_sent_last_minute{sending_service="${serviceA().serviceId}"} 3`);
    expect(metrics).toContain(`strike_ops_notify_service_rate_per_minute{sending_service="${serviceB().serviceId}"} 3000`);
  });

  it('keeps sending every other trust while one trust’s key is refused with 429s, then sends its messages too', async () => {
    serviceB().setBehaviour({ refuseUntil: Date.now() + 8_000 });
    const deadline = new Date(Date.now() + 6 * 3_600_000);
    const before = { a: serviceA().received.length, b: serviceB().received.length };
    for (const trust of [a, b]) {
      const patients = await h.patients(10, trust.trustId);
      await h.enqueue(patients.map((patientId) => postponementNotice(trust.trustId, patientId, deadline)));
    }
    // A's ten go while B's key is still refusing everything.
    await h.waitFor(async () => serviceA().received.length === before.a + 10 && serviceB().counts.rateLimited > 0, 20_000, 'trust A’s notices during B’s 429 storm');
    expect(serviceB().received.length).toBe(before.b);
    await h.waitFor(async () => serviceB().received.length === before.b + 10, 45_000, 'trust B’s notices after its storm');
    expect(serviceA().counts.rateLimited).toBe(0);
    const metrics = (await h.api.request('GET', '/metrics')).text;
    expect(metrics).toMatch(new RegExp(`strike_ops_notify_service_429s\\{sending_service="${serviceB().serviceId}"\\} [1-9]`));
  });

  it('sends through the deployment’s service again once the trust disconnects its own', async () => {
    expect((await h.api.request('DELETE', `/api/v1/trusts/${b.trustId}/notify-service`, { token: b.admin })).status).toBe(204);
    expect((await h.api.request('GET', `/api/v1/trusts/${b.trustId}/notify-service`, { token: b.admin })).status).toBe(404);
    expect((await h.api.request('DELETE', `/api/v1/trusts/${b.trustId}/notify-service`, { token: b.admin })).status).toBe(404);
  });
});
