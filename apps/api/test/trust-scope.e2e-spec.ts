import { Role } from '@app/core';
import { createTrust, TrustFixture, walkoutBody } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * "Other trusts' data does not exist for you": a trust admin of A gets 404 on every route of trust B,
 * and 404 for B's walkout even through A's own trust path.
 */
describe('trust scope (e2e)', () => {
  let t: TestApp;
  let a: TrustFixture;
  let b: TrustFixture;
  let walkoutOfB: string;

  beforeAll(async () => {
    t = await startTestApp();
    const national = await t.bearer(Role.NationalAdmin);
    a = await createTrust(t, national, 'Trust A');
    b = await createTrust(t, national, 'Trust B');
    walkoutOfB = (await t.request('POST', `/api/v1/trusts/${b.trustId}/walkouts`, { token: b.admin, body: walkoutBody() })).body.id;
  });
  afterAll(() => t.close());

  const routesOf = (trustId: string, walkoutId: string) => [
    ['GET', `/api/v1/trusts/${trustId}`, undefined],
    ['GET', `/api/v1/trusts/${trustId}/sites`, undefined],
    ['POST', `/api/v1/trusts/${trustId}/sites`, { odsSiteCode: 'ZZZ01', name: 'x' }],
    ['GET', `/api/v1/trusts/${trustId}/departments`, undefined],
    ['POST', `/api/v1/trusts/${trustId}/departments`, { siteId: b.siteIds[0], name: 'x', kind: 'other' }],
    ['GET', `/api/v1/trusts/${trustId}/staff`, undefined],
    ['POST', `/api/v1/trusts/${trustId}/staff/import`, { items: [{ staffNumber: 'X1', givenName: 'a', familyName: 'b', grade: 'nurse', specialty: 'nursing' }] }],
    ['POST', `/api/v1/trusts/${trustId}/patients/import`, { items: [{ nhsNumber: '9434765919', givenName: 'a', familyName: 'b', dateOfBirth: '1970-01-01' }] }],
    ['GET', `/api/v1/trusts/${trustId}/walkouts`, undefined],
    ['POST', `/api/v1/trusts/${trustId}/walkouts`, walkoutBody()],
    ['GET', `/api/v1/trusts/${trustId}/walkouts/${walkoutId}`, undefined],
    ['POST', `/api/v1/trusts/${trustId}/walkouts/${walkoutId}/call-off`, { reason: 'x' }],
    ['PUT', `/api/v1/trusts/${trustId}/walkouts/${walkoutId}/participation`, { items: [{ staffNumber: 'X1', intendsToStrike: 'yes' }] }],
    ['PATCH', `/api/v1/trusts/${trustId}/walkouts/${walkoutId}`, { endsAt: '2026-01-15T07:00:00Z' }],
    ['GET', `/api/v1/trusts/${trustId}/patients`, undefined],
    ['GET', `/api/v1/trusts/${trustId}/patients?nhsNumber=9434765919`, undefined],
    ['GET', `/api/v1/trusts/${trustId}/slots`, undefined],
    ['GET', `/api/v1/trusts/${trustId}/rebooking-runs`, undefined],
    ['GET', `/api/v1/trusts/${trustId}/walkouts/${walkoutId}/rebooking-runs`, undefined],
  ] as const;

  it("answers 404 to trust A's admin and viewer on every route of trust B", async () => {
    for (const token of [a.admin, a.viewer]) {
      for (const [method, url, body] of routesOf(b.trustId, walkoutOfB)) {
        const response = await t.request(method, url, { token, body });
        expect({ method, url, status: response.status }).toEqual({ method, url, status: 404 });
        expect(response.body.code).toBe('NOT_FOUND');
      }
    }
  });

  it("answers 404 for trust B's walkout asked for through trust A's own path", async () => {
    const patch = await t.request('PATCH', `/api/v1/trusts/${a.trustId}/walkouts/${walkoutOfB}`, { token: a.admin, body: { endsAt: '2026-01-15T07:00:00Z' } });
    expect(patch.status).toBe(404);
    expect((await t.request('GET', `/api/v1/trusts/${a.trustId}/walkouts/${walkoutOfB}/rebooking-runs`, { token: a.admin })).status).toBe(404);
    for (const suffix of ['', '/call-off', '/participation']) {
      const method = suffix === '' ? 'GET' : suffix === '/call-off' ? 'POST' : 'PUT';
      const body = suffix === '/call-off' ? { reason: 'x' } : suffix === '/participation' ? { items: [{ staffNumber: 'X1', intendsToStrike: 'yes' }] } : undefined;
      const response = await t.request(method, `/api/v1/trusts/${a.trustId}/walkouts/${walkoutOfB}${suffix}`, { token: a.admin, body });
      expect(response.status).toBe(404);
    }
    const [{ called_off_at, ends_at }] = await t.dataSource.query(`SELECT called_off_at, ends_at FROM walkout WHERE id = $1`, [walkoutOfB]);
    expect(called_off_at).toBeNull();
    expect(ends_at.toISOString()).toBe('2026-01-14T07:00:00.000Z');
  });

  it('answers 403 to a viewer of their own trust on every write route', async () => {
    const ownWalkout = (await t.request('POST', `/api/v1/trusts/${a.trustId}/walkouts`, { token: a.admin, body: walkoutBody() })).body.id;
    for (const [method, url, body] of routesOf(a.trustId, ownWalkout)) {
      if (method === 'GET') continue;
      const response = await t.request(method, url, { token: a.viewer, body });
      expect({ url, status: response.status }).toEqual({ url, status: 403 });
    }
  });

  it('treats an id that is not a UUID as not found', async () => {
    expect((await t.request('GET', `/api/v1/trusts/not-a-uuid`, { token: a.admin })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/trusts/${a.trustId}/walkouts/123`, { token: a.admin })).status).toBe(404);
  });
});
