import { Role } from '@app/core';
import { randomUUID } from 'node:crypto';
import { createTrust, TrustFixture, walkoutBody } from './support/fixtures';
import { importPatients, importSlots } from './support/rebooking-fixtures';
import { startTestApp, TestApp } from './support/test-app';

const DURING_WALKOUT = new Date('2026-01-12T10:00:00Z');

/** Retrying a message-sending command with the same Idempotency-Key answers the first answer again and sends nothing more. */
describe('Idempotency-Key on message-sending commands (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let base: string;
  let walkoutId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: DURING_WALKOUT });
    trust = await createTrust(t, await t.bearer(Role.NationalAdmin), 'Retry Trust');
    base = `/api/v1/trusts/${trust.trustId}`;
    const staff = await t.request('POST', `${base}/staff/import`, {
      token: trust.admin,
      body: {
        items: [
          ...[1, 2, 3].map((n) => ({ staffNumber: `R${n}`, givenName: `Res${n}`, familyName: 'Ident', grade: 'resident-doctor', specialty: 'emergency-medicine', siteId: trust.siteIds[0], departmentId: trust.departmentIds[0], mobile: `0770090040${n}` })),
          { staffNumber: 'C1', givenName: 'Cons', familyName: 'Ultant', grade: 'consultant', specialty: 'emergency-medicine', siteId: trust.siteIds[0], mobile: '07700900409' },
        ],
      },
    });
    expect(staff.status).toBe(200);
    walkoutId = (await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody() })).body.id;
    // Booked appointments in the walkout, to postpone.
    const nhsNumbers = await importPatients(t, trust.trustId, trust.admin, 3, 900);
    await importSlots(t, trust.trustId, trust.admin, nhsNumbers.map((_, n) => ({ externalRef: `S${n}`, siteId: trust.siteIds[0], startsAt: `2026-01-13T0${n + 1}:00:00Z` })));
    const booked = await t.request('POST', `${base}/appointments/import`, {
      token: trust.admin,
      body: { items: nhsNumbers.map((nhsNumber, n) => ({ externalRef: `A${n}`, nhsNumber, slotExternalRef: `S${n}`, kind: 'outpatient-new', urgency: 'routine', referralDate: '2025-10-01' })) },
    });
    expect(booked.status).toBe(200);
  });
  afterAll(() => t.close());

  const incident = (description = 'Multiple casualties on the M4') => ({ level: 'major', state: 'declared', siteIds: [trust.siteIds[0]], description });
  const post = (path: string, key: string | undefined, body?: unknown, token = trust.admin) =>
    t.request('POST', `${base}${path}`, { token, body, headers: key === undefined ? {} : { 'idempotency-key': key } });
  const count = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0].n as number;
  const messagesAbout = (subjectId: string) => count(`SELECT count(*)::int AS n FROM notification WHERE subject_id = $1`, [subjectId]);
  const incidents = () => count(`SELECT count(*)::int AS n FROM major_incident WHERE trust_id = $1`, [trust.trustId]);

  it('answers a retried declaration with the first answer — status, body, Location — and recalls nobody again', async () => {
    const key = randomUUID();
    const first = await post('/major-incidents', key, incident());
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`${base}/major-incidents/${first.body.id}`);
    expect(first.body.recall.cohortSize).toBe(3);
    expect(await messagesAbout(first.body.id)).toBe(3);

    const retry = await post('/major-incidents', key, incident());
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await incidents()).toBe(1);
    expect(await messagesAbout(first.body.id)).toBe(3);
    // Retried again with the keys in another order: the same request.
    expect((await post('/major-incidents', key, { description: incident().description, siteIds: incident().siteIds, state: 'declared', level: 'major' })).text).toBe(first.text);

    // The transitions too: a retried stand-down answers 200 again instead of 409, and tells nobody twice.
    const standDownKey = randomUUID();
    const ended = await post(`/major-incidents/${first.body.id}/stand-down`, standDownKey);
    expect(ended.status).toBe(200);
    const told = await messagesAbout(first.body.id);
    const again = await post(`/major-incidents/${first.body.id}/stand-down`, standDownKey);
    expect(again.status).toBe(200);
    expect(again.text).toBe(ended.text);
    expect(await messagesAbout(first.body.id)).toBe(told);
    expect((await post(`/major-incidents/${first.body.id}/stand-down`, randomUUID())).status).toBe(409); // a new key is a new request
  });

  it('refuses the same key with a different body, 422 IDEMPOTENCY_KEY_REUSED naming the header, and changes nothing', async () => {
    const key = randomUUID();
    const before = await incidents();
    expect((await post('/major-incidents', key, incident('Flooding in the basement'))).status).toBe(201);
    const reused = await post('/major-incidents', key, incident('Something else entirely'));
    expect(reused.status).toBe(422);
    expect(reused.body).toEqual({
      statusCode: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: expect.any(String),
      details: [{ field: 'Idempotency-Key', message: 'was used before with another body or route' }],
      requestId: expect.any(String),
    });
    // …and on another route.
    expect((await post(`/walkouts/${walkoutId}/postponements`, key, {})).status).toBe(422);
    expect(await incidents()).toBe(before + 1);
  });

  it('sends once when the same request arrives twice at the same moment: the duplicate is 409 or the first answer, never a second incident', async () => {
    const key = randomUUID();
    const before = await incidents();
    const responses = await Promise.all([post('/major-incidents', key, incident('Explosion at the depot')), post('/major-incidents', key, incident('Explosion at the depot'))]);
    expect(responses.filter((r) => r.status === 201)).not.toHaveLength(0);
    for (const response of responses.filter((r) => r.status !== 201)) {
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
      expect(response.headers['retry-after']).toBe('1');
    }
    expect(await incidents()).toBe(before + 1);
    const created = responses.find((r) => r.status === 201)!;
    expect(await messagesAbout(created.body.id)).toBeLessThanOrEqual(3);
    // Once the first has finished, the duplicate gets its answer.
    expect((await post('/major-incidents', key, incident('Explosion at the depot'))).text).toBe(created.text);
  });

  it('replays postponements, rebooking runs and cover assignments, which would otherwise answer differently the second time', async () => {
    const postponeKey = randomUUID();
    const postponed = await post(`/walkouts/${walkoutId}/postponements`, postponeKey, {});
    expect(postponed.status).toBe(200);
    expect(postponed.body.noticesQueued).toBe(3);
    const postponedAgain = await post(`/walkouts/${walkoutId}/postponements`, postponeKey, {});
    expect(postponedAgain.body).toEqual(postponed.body); // a repeat without the key answers "0 queued"
    expect(await count(`SELECT count(*)::int AS n FROM notification WHERE walkout_id = $1 AND purpose = 'walkout-postponement'`, [walkoutId])).toBe(3);

    const runKey = randomUUID();
    const run = await post(`/walkouts/${walkoutId}/rebooking-runs`, runKey, {});
    expect(run.status).toBe(202);
    expect(run.headers.location).toBe(`${base}/rebooking-runs/${run.body.runId}`);
    expect((await t.request('GET', run.headers.location as string, { token: trust.viewer })).status).toBe(200);
    const runAgain = await post(`/walkouts/${walkoutId}/rebooking-runs`, runKey, {});
    expect(runAgain.status).toBe(202); // without the key: 409 REBOOKING_RUN_IN_PROGRESS
    expect(runAgain.body).toEqual(run.body);
    expect(runAgain.headers.location).toBe(run.headers.location);

    const shiftKey = randomUUID();
    const shift = { staffNumber: 'C1', departmentId: trust.departmentIds[0], startsAt: '2026-01-13T08:00:00Z', endsAt: '2026-01-13T18:00:00Z', consentRecorded: true };
    const assigned = await post(`/walkouts/${walkoutId}/cover-assignments`, shiftKey, shift);
    expect(assigned.status).toBe(201);
    expect(assigned.headers.location).toBe(`${base}/walkouts/${walkoutId}/cover-assignments/${assigned.body.id}`);
    const assignedAgain = await post(`/walkouts/${walkoutId}/cover-assignments`, shiftKey, shift);
    expect(assignedAgain.status).toBe(201); // without the key: 409 SHIFT_OVERLAP
    expect(assignedAgain.body.id).toBe(assigned.body.id);
    expect(await messagesAbout(assigned.body.id)).toBe(1);
  });

  it('keeps keys per user, lets a refused request be retried with the same key, and forgets keys once expired', async () => {
    const key = randomUUID();
    const mine = await post('/major-incidents', key, incident('Gas leak in theatres'));
    const colleague = await post('/major-incidents', key, incident('Gas leak in theatres'), await t.bearer(Role.TrustAdmin, trust.trustId));
    expect(colleague.status).toBe(201);
    expect(colleague.body.id).not.toBe(mine.body.id);

    const fixedKey = randomUUID();
    const invalid = await post('/major-incidents', fixedKey, { ...incident(), level: 'enormous' });
    expect(invalid.status).toBe(400);
    const corrected = await post('/major-incidents', fixedKey, incident('Gas leak, corrected'));
    expect(corrected.status).toBe(201);

    await t.dataSource.query(`UPDATE idempotency_key SET created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour' WHERE key = $1`, [fixedKey]);
    const afterExpiry = await post('/major-incidents', fixedKey, incident('Gas leak, corrected'));
    expect(afterExpiry.status).toBe(201);
    expect(afterExpiry.body.id).not.toBe(corrected.body.id);
  });

  it('answers a route’s own 404 for a trust that does not exist, key or not', async () => {
    const national = await t.bearer(Role.NationalAdmin);
    const response = await t.request('POST', `/api/v1/trusts/${randomUUID()}/major-incidents`, { token: national, body: incident(), headers: { 'idempotency-key': randomUUID() } });
    expect(response.status).toBe(404);
  });

  it('refuses a malformed key with 400 naming the header, and accepts a quoted one', async () => {
    for (const bad of ['', 'x'.repeat(256), 'has spaces', 'semi;colon', 'ünïcode']) {
      const response = await post('/major-incidents', bad, incident());
      expect({ bad, status: response.status }).toEqual({ bad, status: 400 });
      expect(response.body).toEqual(expect.objectContaining({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'Idempotency-Key' })] }));
    }
    const key = randomUUID();
    const quoted = await post('/major-incidents', `"${key}"`, incident('Quoted key'));
    expect(quoted.status).toBe(201);
    expect((await post('/major-incidents', key, incident('Quoted key'))).text).toBe(quoted.text);
  });

  it('documents the header and its refusals in OpenAPI on each command', async () => {
    const openapi = (await t.request('GET', '/docs-json')).body;
    for (const [path, method] of [
      ['/api/v1/trusts/{trustId}/major-incidents', 'post'],
      ['/api/v1/trusts/{trustId}/major-incidents/{incidentId}/declare', 'post'],
      ['/api/v1/trusts/{trustId}/major-incidents/{incidentId}/stand-down', 'post'],
      ['/api/v1/trusts/{trustId}/major-incidents/{incidentId}/cancel', 'post'],
      ['/api/v1/trusts/{trustId}/walkouts/{walkoutId}/postponements', 'post'],
      ['/api/v1/trusts/{trustId}/walkouts/{walkoutId}/rebooking-runs', 'post'],
      ['/api/v1/trusts/{trustId}/walkouts/{walkoutId}/cover-assignments', 'post'],
    ]) {
      const operation = openapi.paths[path][method];
      expect({ path, header: operation.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'Idempotency-Key') }).toEqual({ path, header: true });
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['409', '422']));
    }
    expect(openapi.paths['/api/v1/trusts/{trustId}/walkouts/{walkoutId}/rebooking-runs'].post.responses['202'].headers.Location).toBeDefined();
  });
});
