import { Role } from '@app/core';
import { hashPassword } from '@app/core';
import { startTestApp, TestApp } from './support/test-app';

describe('auth and HTTP basics (e2e)', () => {
  let t: TestApp;
  let national: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_PER_MINUTE: '5' } });
    national = await t.bearer(Role.NationalAdmin);
    await t.dataSource.query(`INSERT INTO app_user (email, password_hash, role) VALUES ('cell@rqm.nhs.uk', $1, 'national-admin')`, [
      await hashPassword('correct horse battery'),
    ]);
  });
  afterAll(() => t.close());

  it('issues a bearer token for the right password, which then opens the API', async () => {
    const login = await t.request('POST', '/api/v1/auth/token', { body: { email: 'CELL@rqm.nhs.uk', password: 'correct horse battery' } });
    expect(login.status).toBe(200);
    expect(login.body.expiresIn).toBe(3600);
    const trusts = await t.request('GET', '/api/v1/trusts', { token: `Bearer ${login.body.accessToken}` });
    expect(trusts.status).toBe(200);
  });

  it('refuses a wrong password with 401 and the error body', async () => {
    const login = await t.request('POST', '/api/v1/auth/token', { body: { email: 'cell@rqm.nhs.uk', password: 'wrong' } });
    expect(login.status).toBe(401);
    expect(login.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: expect.any(String), details: [], requestId: expect.any(String) });
  });

  it('answers 401 without a token, with a malformed token, and with a token signed by someone else', async () => {
    const forged =
      'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxYjdiYjJmZi01MWI5LTQyYmMtYmE4OS0xOWY2ZGM3NjVkZGQiLCJyb2xlIjoibmF0aW9uYWwtYWRtaW4ifQ.c2lnbmVkLWJ5LXNvbWVvbmUtZWxzZQ';
    for (const token of [undefined, 'Bearer nonsense', forged, 'Basic abc']) {
      const response = await t.request('GET', '/api/v1/trusts', { token });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('rate-limits repeated logins from one address with 429 and Retry-After', async () => {
    const answers: { status: number; retryAfter: unknown }[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await t.request('POST', '/api/v1/auth/token', { body: { email: `nobody${i}@x.nhs.uk`, password: 'guess' + i }, remoteAddress: '203.0.113.9' });
      answers.push({ status: response.status, retryAfter: response.headers['retry-after'] });
    }
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    // The fixed clock is 12:00:00, the start of a one-minute window.
    expect(answers.slice(5)).toEqual([0, 0, 0].map(() => ({ status: 429, retryAfter: '60' })));
  });

  it('lets a national admin create a trust admin, who can then create a viewer for their own trust only', async () => {
    const trust = await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'RQM', name: 'Chelsea and Westminster' } });
    const other = await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'RYJ', name: 'Imperial' } });
    const created = await t.request('POST', '/api/v1/users', { token: national, body: { email: 'admin@rqm.nhs.uk', password: 'long enough password', role: 'trust-admin', trustId: trust.body.id } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ email: 'admin@rqm.nhs.uk', role: 'trust-admin', trustId: trust.body.id }));
    expect(created.body.passwordHash).toBeUndefined();

    const login = await t.request('POST', '/api/v1/auth/token', { body: { email: 'admin@rqm.nhs.uk', password: 'long enough password' }, remoteAddress: '198.51.100.1' });
    const admin = `Bearer ${login.body.accessToken}`;
    const viewer = await t.request('POST', '/api/v1/users', { token: admin, body: { email: 'viewer@rqm.nhs.uk', password: 'long enough password', role: 'trust-viewer' } });
    expect(viewer.status).toBe(201);
    expect(viewer.body.trustId).toBe(trust.body.id);

    const escalate = await t.request('POST', '/api/v1/users', { token: admin, body: { email: 'boss@rqm.nhs.uk', password: 'long enough password', role: 'national-admin' } });
    expect(escalate.status).toBe(403);
    const otherTrust = await t.request('POST', '/api/v1/users', { token: admin, body: { email: 'spy@ryj.nhs.uk', password: 'long enough password', role: 'trust-admin', trustId: other.body.id } });
    expect(otherTrust.status).toBe(404);
    const duplicate = await t.request('POST', '/api/v1/users', { token: national, body: { email: 'Admin@rqm.nhs.uk', password: 'long enough password', role: 'trust-viewer', trustId: trust.body.id } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.details).toEqual([{ field: 'email', message: 'is already registered' }]);
  });

  it('serves health, the OpenAPI document and the docs page without a token', async () => {
    const health = await t.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
    const openapi = await t.request('GET', '/docs-json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/v1/trusts', '/api/v1/trusts/{trustId}/walkouts', '/api/v1/trusts/{trustId}/staff/import']));
    expect(openapi.body.components.schemas.RecordWalkoutDto.required).toEqual(expect.arrayContaining(['union', 'staffGroups', 'mode', 'startsAt', 'endsAt']));
    expect((await t.request('GET', '/docs')).status).toBe(200);
  });

  it('answers unknown routes, malformed JSON and oversized bodies with the one error body', async () => {
    const unknown = await t.request('GET', '/api/v1/nothing-here', { token: national });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ROUTE_NOT_FOUND');

    const malformed = await t.request('POST', '/api/v1/trusts', { token: national, body: '{"odsCode": "RQM",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');

    const notAnObject = await t.request('POST', '/api/v1/trusts', { token: national, body: '[1,2,3]' });
    expect(notAnObject.status).toBe(400);

    const nullBody = await t.request('POST', '/api/v1/trusts', { token: national, body: 'null' });
    expect(nullBody.status).toBe(400);
    expect(nullBody.body.code).toBe('VALIDATION_FAILED');

    const text = await t.request('POST', '/api/v1/trusts', { token: national, headers: { 'content-type': 'text/plain' }, body: 'odsCode=RQM' });
    // Fastify reads text/plain as a string: it fails validation like any other wrong body, never a 500.
    expect(text.status).toBe(400);
    expect(text.body.details.map((d: { field: string }) => d.field)).toContain('odsCode');

    const huge = await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'RAL', name: 'x'.repeat(1_100_000) } });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('echoes a request id in the header and the error body, and sets security headers', async () => {
    const response = await t.request('GET', '/api/v1/trusts', { headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(response.body.requestId).toBe('trace-123');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
