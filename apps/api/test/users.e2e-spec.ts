import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/test-app';

const PASSWORD = 'correct horse battery';

describe('user accounts (e2e)', () => {
  let t: TestApp;
  let national: string;
  let nationalId: string;
  let trustA: string;
  let trustB: string;
  let adminA: string;
  let adminAId: string;
  let viewerA: string;
  const ids: Record<string, string> = {};

  const signIn = (email: string, remoteAddress = '198.51.100.1') => t.request('POST', '/api/v1/auth/token', { body: { email, password: PASSWORD }, remoteAddress });

  async function create(token: string, email: string, role: string, trustId?: string): Promise<string> {
    const response = await t.request('POST', '/api/v1/users', { token, body: { email, password: PASSWORD, role, ...(trustId ? { trustId } : {}) } });
    if (response.status !== 201) throw new Error(`${email}: ${response.status} ${response.text}`);
    return response.body.id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    national = await t.bearer(Role.NationalAdmin);
    nationalId = JSON.parse(Buffer.from(national.split('.')[1], 'base64url').toString()).sub;
    trustA = (await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'RQM', name: 'Chelsea and Westminster' } })).body.id;
    trustB = (await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'RYJ', name: 'Imperial' } })).body.id;
    adminAId = await create(national, 'admin@rqm.nhs.uk', 'trust-admin', trustA);
    adminA = `Bearer ${(await signIn('admin@rqm.nhs.uk')).body.accessToken}`;
    for (const name of ['a1', 'a2', 'a3']) ids[name] = await create(adminA, `${name}@rqm.nhs.uk`, 'trust-viewer');
    ids.b1 = await create(national, 'b1@ryj.nhs.uk', 'trust-admin', trustB);
    ids.otherNational = await create(national, 'second-national@example.nhs.uk', 'national-admin');
    viewerA = `Bearer ${(await signIn('a1@rqm.nhs.uk')).body.accessToken}`;
  });
  afterAll(() => t.close());

  describe('listing', () => {
    it('shows a trust admin their own trust’s users only, by email, a page at a time', async () => {
      const first = await t.request('GET', '/api/v1/users?limit=2', { token: adminA });
      expect(first.status).toBe(200);
      expect(first.body.items.map((u: { email: string }) => u.email)).toEqual(['a1@rqm.nhs.uk', 'a2@rqm.nhs.uk']);
      expect(first.body.items[0]).toEqual({
        id: ids.a1,
        email: 'a1@rqm.nhs.uk',
        role: 'trust-viewer',
        trustId: trustA,
        createdAt: expect.any(String),
        disabledAt: null,
        mustChangePassword: false,
        lastSignInAt: expect.any(String),
      });
      const second = await t.request('GET', `/api/v1/users?limit=2&cursor=${first.body.nextCursor}`, { token: adminA });
      expect(second.body.items.map((u: { email: string }) => u.email)).toEqual(['a3@rqm.nhs.uk', 'admin@rqm.nhs.uk']);
      expect(second.body.nextCursor).toBeNull();
      expect((await t.request('GET', `/api/v1/users?trustId=${trustA}`, { token: adminA })).body.items).toHaveLength(4);
    });

    it('shows a national admin everyone, or one trust with ?trustId=', async () => {
      const all = await t.request('GET', '/api/v1/users?limit=500', { token: national });
      expect(all.body.items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([ids.a1, ids.b1, ids.otherNational, nationalId]));
      const onlyB = await t.request('GET', `/api/v1/users?trustId=${trustB}`, { token: national });
      expect(onlyB.body.items.map((u: { id: string }) => u.id)).toEqual([ids.b1]);
    });

    it('answers 404 for another trust, 403 for viewers, and 400 naming a bad field', async () => {
      expect((await t.request('GET', `/api/v1/users?trustId=${trustB}`, { token: adminA })).status).toBe(404);
      expect((await t.request('GET', '/api/v1/users?trustId=00000000-0000-4000-8000-000000000000', { token: national })).status).toBe(404);
      expect((await t.request('GET', '/api/v1/users', { token: viewerA })).status).toBe(403);
      for (const [query, field] of [
        ['trustId=RQM', 'trustId'],
        ['limit=0', 'limit'],
        ['limit=lots', 'limit'],
        ['cursor=not-a-cursor', 'cursor'],
        ['email=a1', 'email'],
      ]) {
        const response = await t.request('GET', `/api/v1/users?${query}`, { token: national });
        expect({ query, status: response.status, fields: [...new Set(response.body.details.map((d: { field: string }) => d.field))] }).toEqual({ query, status: 400, fields: [field] });
      }
    });
  });

  describe('one user', () => {
    it('is found for its trust’s admin and national admins, and not found for anyone else', async () => {
      expect((await t.request('GET', `/api/v1/users/${ids.a2}`, { token: adminA })).body.email).toBe('a2@rqm.nhs.uk');
      expect((await t.request('GET', `/api/v1/users/${ids.b1}`, { token: national })).status).toBe(200);
      for (const id of [ids.b1, ids.otherNational, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const response = await t.request('GET', `/api/v1/users/${id}`, { token: adminA });
        expect({ id, status: response.status, code: response.body.code }).toEqual({ id, status: 404, code: 'NOT_FOUND' });
      }
    });
  });

  describe('disabling and enabling', () => {
    it('stops the user’s sign-in, access token and refresh token at once, until enabled again', async () => {
      const before = await signIn('a2@rqm.nhs.uk', '198.51.100.2');
      const access = `Bearer ${before.body.accessToken}`;
      expect((await t.request('GET', `/api/v1/trusts/${trustA}`, { token: access })).status).toBe(200);

      const disabled = await t.request('POST', `/api/v1/users/${ids.a2}/disable`, { token: adminA });
      expect(disabled.status).toBe(200);
      expect(disabled.body.disabledAt).toEqual(expect.any(String));

      const refused = await t.request('GET', `/api/v1/trusts/${trustA}`, { token: access });
      expect([refused.status, refused.body.code]).toEqual([401, 'ACCOUNT_DISABLED']);
      expect((await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: before.body.refreshToken } })).status).toBe(401);
      const signInRefused = await signIn('a2@rqm.nhs.uk', '198.51.100.2');
      expect([signInRefused.status, signInRefused.body.code]).toEqual([401, 'ACCOUNT_DISABLED']);

      // Disabling again changes nothing; the list shows it.
      const again = await t.request('POST', `/api/v1/users/${ids.a2}/disable`, { token: adminA });
      expect(again.body.disabledAt).toBe(disabled.body.disabledAt);

      const enabled = await t.request('POST', `/api/v1/users/${ids.a2}/enable`, { token: adminA });
      expect([enabled.status, enabled.body.disabledAt]).toEqual([200, null]);
      const after = await signIn('a2@rqm.nhs.uk', '198.51.100.2');
      expect(after.status).toBe(200);
      // Sign-ins from before the disable stay ended.
      expect((await t.request('GET', `/api/v1/trusts/${trustA}`, { token: access })).status).toBe(401);
      expect((await t.request('GET', `/api/v1/trusts/${trustA}`, { token: `Bearer ${after.body.accessToken}` })).status).toBe(200);
    });

    it('answers 404 for another trust’s user and for national admins, 422 for oneself, 403 for viewers', async () => {
      for (const id of [ids.b1, ids.otherNational, nationalId, '00000000-0000-4000-8000-000000000000']) {
        for (const action of ['disable', 'enable']) {
          const response = await t.request('POST', `/api/v1/users/${id}/${action}`, { token: adminA });
          expect({ id, action, status: response.status }).toEqual({ id, action, status: 404 });
        }
      }
      const self = await t.request('POST', `/api/v1/users/${adminAId}/disable`, { token: adminA });
      expect([self.status, self.body.code]).toEqual([422, 'CANNOT_DISABLE_SELF']);
      const nationalSelf = await t.request('POST', `/api/v1/users/${nationalId}/disable`, { token: national });
      expect(nationalSelf.status).toBe(422);
      expect((await t.request('POST', `/api/v1/users/${ids.a3}/disable`, { token: viewerA })).status).toBe(403);
      expect((await t.request('GET', `/api/v1/users/${ids.b1}`, { token: national })).body.disabledAt).toBeNull();
    });

    it('is refused at once by another API process that does not cache sign-ins', async () => {
      const other = await startTestApp({ env: { AUTH_CACHE_SECONDS: '0' }, shareDatabaseOf: t });
      try {
        const login = await signIn('a3@rqm.nhs.uk', '198.51.100.5');
        const access = `Bearer ${login.body.accessToken}`;
        expect((await other.request('GET', `/api/v1/trusts/${trustA}`, { token: access })).status).toBe(200);
        expect((await t.request('POST', `/api/v1/users/${ids.a3}/disable`, { token: adminA })).status).toBe(200);
        const refused = await other.request('GET', `/api/v1/trusts/${trustA}`, { token: access });
        expect([refused.status, refused.body.code]).toEqual([401, 'ACCOUNT_DISABLED']);
        expect((await other.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: login.body.refreshToken } })).status).toBe(401);
      } finally {
        await other.close();
        await t.request('POST', `/api/v1/users/${ids.a3}/enable`, { token: adminA });
      }
    });

    it('never leaves two national admins disabling each other both disabled', async () => {
      const oneId = await create(national, 'n-one@example.nhs.uk', 'national-admin');
      const twoId = await create(national, 'n-two@example.nhs.uk', 'national-admin');
      const one = `Bearer ${(await signIn('n-one@example.nhs.uk', '198.51.100.3')).body.accessToken}`;
      const two = `Bearer ${(await signIn('n-two@example.nhs.uk', '198.51.100.4')).body.accessToken}`;
      const [a, b] = await Promise.all([
        t.request('POST', `/api/v1/users/${twoId}/disable`, { token: one }),
        t.request('POST', `/api/v1/users/${oneId}/disable`, { token: two }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 401]);
      const rows = await t.dataSource.query(`SELECT count(*)::int AS disabled FROM app_user WHERE id = ANY($1) AND disabled_at IS NOT NULL`, [[oneId, twoId]]);
      expect(rows[0].disabled).toBe(1);
    });
  });

  describe('the account audit', () => {
    it('records creation, disabling and enabling with actor and time, newest first, for national admins', async () => {
      const audit = await t.request('GET', `/api/v1/auth/audit?userId=${ids.a2}`, { token: national });
      expect(audit.status).toBe(200);
      expect(audit.body.items.map((entry: { action: string; actorUserId: string }) => [entry.action, entry.actorUserId])).toEqual([
        ['user-enabled', adminAId],
        ['user-disabled', adminAId],
        ['user-created', adminAId],
      ]);
      expect(audit.body.items[0]).toEqual(expect.objectContaining({ subjectUserId: ids.a2, trustId: trustA, at: expect.any(String) }));

      const page = await t.request('GET', `/api/v1/auth/audit?trustId=${trustA}&limit=2`, { token: national });
      expect(page.body.items).toHaveLength(2);
      const next = await t.request('GET', `/api/v1/auth/audit?trustId=${trustA}&limit=2&cursor=${page.body.nextCursor}`, { token: national });
      expect(Number(next.body.items[0].id)).toBeLessThan(Number(page.body.items[1].id));

      expect((await t.request('GET', '/api/v1/auth/audit', { token: adminA })).status).toBe(403);
      expect((await t.request('GET', '/api/v1/auth/audit?userId=nope', { token: national })).body.details[0].field).toBe('userId');
    });

    it('cannot be changed, even from SQL', async () => {
      await expect(t.dataSource.query(`UPDATE auth_audit SET action = 'user-created'`)).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`DELETE FROM auth_audit`)).rejects.toThrow(/append-only/);
    });
  });

  it('documents every account and sign-in route with a summary and its error answers', async () => {
    const document = (await t.request('GET', '/docs-json')).body;
    const operations: [string, string, string[]][] = [
      ['/api/v1/auth/token', 'post', ['400', '401', '429']],
      ['/api/v1/auth/refresh', 'post', ['400', '401']],
      ['/api/v1/auth/sign-out', 'post', ['401']],
      ['/api/v1/auth/password', 'post', ['400', '401', '429']],
      ['/api/v1/auth/me', 'get', ['401']],
      ['/api/v1/auth/audit', 'get', ['400', '401', '403']],
      ['/api/v1/users', 'post', ['400', '401', '403', '404', '409']],
      ['/api/v1/users', 'get', ['400', '401', '403', '404']],
      ['/api/v1/users/{userId}', 'get', ['401', '403', '404']],
      ['/api/v1/users/{userId}/disable', 'post', ['401', '403', '404', '422']],
      ['/api/v1/users/{userId}/enable', 'post', ['401', '403', '404']],
    ];
    for (const [path, method, statuses] of operations) {
      const operation = document.paths[path]?.[method];
      expect({ path, method, summary: typeof operation?.summary }).toEqual({ path, method, summary: 'string' });
      for (const status of statuses) {
        expect({ path, method, status, schema: operation.responses[status]?.content?.['application/json']?.schema?.$ref }).toEqual({
          path,
          method,
          status,
          schema: '#/components/schemas/ErrorBody',
        });
      }
    }
    expect(document.paths['/api/v1/auth/token'].post.responses['429'].headers['Retry-After']).toBeDefined();
    expect(document.paths['/api/v1/users/{userId}'].get.parameters.find((p: { name: string }) => p.name === 'userId').schema.format).toBe('uuid');
  });
});
