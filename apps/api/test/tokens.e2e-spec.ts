import { Role } from '@app/core';
import { JwtService } from '@nestjs/jwt';
import { startTestApp, TestApp, TestResponse } from './support/test-app';

const PASSWORD = 'correct horse battery';

function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('tokens, refresh, sign-out and passwords (e2e)', () => {
  let t: TestApp;
  let national: string;
  let trustId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { BOOTSTRAP_ADMIN_EMAIL: 'boot@example.nhs.uk', BOOTSTRAP_ADMIN_PASSWORD: 'change-me-on-first-login' } });
    national = await t.bearer(Role.NationalAdmin);
    trustId = (await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'RQM', name: 'Chelsea and Westminster' } })).body.id;
  });
  afterAll(() => t.close());

  let userCount = 0;
  async function newUser(): Promise<string> {
    const email = `user${++userCount}@rqm.nhs.uk`;
    const created = await t.request('POST', '/api/v1/users', { token: national, body: { email, password: PASSWORD, role: 'trust-admin', trustId } });
    if (created.status !== 201) throw new Error(created.text);
    return email;
  }
  const signIn = (email: string, password = PASSWORD, remoteAddress = '198.51.100.1') => t.request('POST', '/api/v1/auth/token', { body: { email, password }, remoteAddress });
  const refresh = (refreshToken: unknown) => t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
  const api = (accessToken: string): Promise<TestResponse> => t.request('GET', `/api/v1/trusts/${trustId}`, { token: `Bearer ${accessToken}` });

  describe('access tokens', () => {
    it('carry only ids, the role, the session and the times — not the email', async () => {
      const email = await newUser();
      const login = await signIn(email);
      expect(login.status).toBe(200);
      expect(login.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600, refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), refreshExpiresIn: 43_200, mustChangePassword: false });
      const payload = decodePayload(login.body.accessToken);
      expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'role', 'sid', 'sub', 'trustId']);
      expect(JSON.stringify(payload)).not.toContain(email);
      expect(payload.exp).toBe((payload.iat as number) + 3600);

      const me = await t.request('GET', '/api/v1/auth/me', { token: `Bearer ${login.body.accessToken}` });
      expect(me.status).toBe(200);
      expect(me.body).toEqual(expect.objectContaining({ id: payload.sub, email, role: 'trust-admin', trustId, mustChangePassword: false, disabledAt: null }));
    });

    it('are refused when hand-signed without exp or iat, or with iat in the future', async () => {
      const login = await signIn(await newUser());
      expect((await api(login.body.accessToken)).status).toBe(200);
      const { sub, sid, role, trustId: claimTrust, iat } = decodePayload(login.body.accessToken) as Record<string, string | number>;
      const jwt = t.app.get(JwtService);
      const now = Math.floor(Date.now() / 1000);
      const forged = {
        withoutExp: await jwt.signAsync({ sub, sid, role, trustId: claimTrust }),
        withoutIat: await jwt.signAsync({ sub, sid, role, trustId: claimTrust, exp: now + 600 }, { noTimestamp: true }),
        iatInFuture: await jwt.signAsync({ sub, sid, role, trustId: claimTrust, iat: now + 600, exp: now + 1200 }),
        tooLong: await jwt.signAsync({ sub, sid, role, trustId: claimTrust, iat, exp: (iat as number) + 86_400 }),
        withoutSession: await jwt.signAsync({ sub, role, trustId: claimTrust, iat: now, exp: now + 600 }),
        emailAsSubject: await jwt.signAsync({ sub: 'admin@example.nhs.uk', sid, role, trustId: claimTrust, iat: now, exp: now + 600 }),
      };
      expect(decodePayload(forged.withoutExp).exp).toBeUndefined();
      expect(decodePayload(forged.withoutIat).iat).toBeUndefined();
      for (const [name, token] of Object.entries(forged)) {
        const response = await api(token);
        expect({ name, status: response.status, code: response.body.code }).toEqual({ name, status: 401, code: 'UNAUTHENTICATED' });
      }
      // The same claims with both times, signed the same way, are accepted: the refusals are about exp/iat.
      expect((await api(await jwt.signAsync({ sub, sid, role, trustId: claimTrust, iat: now, exp: now + 600 }))).status).toBe(200);
    });

    it('do not open the queue dashboard, which is for a console session only', async () => {
      const { sub, sid, iat } = decodePayload(national.slice('Bearer '.length)) as Record<string, string | number>;
      const jwt = t.app.get(JwtService);
      const valid = await jwt.signAsync({ sub, sid, role: 'national-admin', trustId: null, iat, exp: (iat as number) + 600 });
      const refused = await t.request('GET', '/admin/queues', { token: `Bearer ${valid}` });
      expect(refused.status).toBe(303);
      expect(refused.headers.location).toBe('/console/login?returnTo=%2Fadmin%2Fqueues');
    });
  });

  describe('refresh tokens', () => {
    it('give a new pair, each refresh token working once', async () => {
      const login = await signIn(await newUser());
      const next = await refresh(login.body.refreshToken);
      expect(next.status).toBe(200);
      expect(next.body.refreshToken).not.toBe(login.body.refreshToken);
      expect(decodePayload(next.body.accessToken).sid).toBe(decodePayload(login.body.accessToken).sid);
      expect((await api(next.body.accessToken)).status).toBe(200);
      // The sign-in's end does not move.
      expect(next.body.refreshExpiresIn).toBeLessThanOrEqual(login.body.refreshExpiresIn);
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM auth_refresh_token WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [next.body.refreshToken]);
      expect(count).toBe(1); // stored as its SHA-256 only
      const [{ plain }] = await t.dataSource.query(`SELECT count(*)::int AS plain FROM auth_refresh_token WHERE encode(token_hash, 'escape') = $1`, [next.body.refreshToken]);
      expect(plain).toBe(0);
    });

    it('revoke the whole sign-in when a used one comes back', async () => {
      const login = await signIn(await newUser());
      const stolen = login.body.refreshToken;
      const owner = await refresh(stolen);
      expect(owner.status).toBe(200);
      const replay = await refresh(stolen);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('INVALID_REFRESH_TOKEN');
      // The family is gone: the owner's newer refresh token and access token stop too.
      expect((await refresh(owner.body.refreshToken)).status).toBe(401);
      expect((await api(owner.body.accessToken)).status).toBe(401);
      expect((await api(login.body.accessToken)).status).toBe(401);
    });

    it('stop at the sign-in’s absolute end', async () => {
      const login = await signIn(await newUser());
      const sid = decodePayload(login.body.accessToken).sid;
      await t.dataSource.query(`UPDATE auth_session SET created_at = now() - interval '13 hours', expires_at = now() - interval '1 hour' WHERE id = $1`, [sid]);
      expect((await refresh(login.body.refreshToken)).status).toBe(401);
    });

    it('refuse malformed and unknown tokens with 400 and 401', async () => {
      for (const bad of [undefined, 42, 'short', 'x'.repeat(44)]) {
        const response = await refresh(bad);
        expect(response.status).toBe(400);
        expect(response.body.details.map((d: { field: string }) => d.field)).toContain('refreshToken');
      }
      const unknown = await refresh('A'.repeat(43));
      expect(unknown.status).toBe(401);
      expect(unknown.body.code).toBe('INVALID_REFRESH_TOKEN');
    });
  });

  describe('sign-out', () => {
    it('ends the sign-in: its access and refresh tokens stop, other sign-ins carry on', async () => {
      const email = await newUser();
      const phone = await signIn(email);
      const laptop = await signIn(email);
      const out = await t.request('POST', '/api/v1/auth/sign-out', { token: `Bearer ${phone.body.accessToken}` });
      expect(out.status).toBe(204);
      expect((await api(phone.body.accessToken)).status).toBe(401);
      expect((await refresh(phone.body.refreshToken)).status).toBe(401);
      expect((await api(laptop.body.accessToken)).status).toBe(200);
      expect((await t.request('POST', '/api/v1/auth/sign-out')).status).toBe(401);
    });
  });

  describe('changing one’s password', () => {
    const change = (accessToken: string, body: unknown) => t.request('POST', '/api/v1/auth/password', { token: `Bearer ${accessToken}`, body, remoteAddress: '198.51.100.60' });

    it('refuses a wrong current password and a bad new one, naming the field', async () => {
      const login = await signIn(await newUser());
      const wrong = await change(login.body.accessToken, { currentPassword: 'not it', newPassword: 'a brand new password' });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toEqual(expect.objectContaining({ code: 'CURRENT_PASSWORD_WRONG', details: [{ field: 'currentPassword', message: 'is not your current password' }] }));
      const short = await change(login.body.accessToken, { currentPassword: PASSWORD, newPassword: 'short' });
      expect([short.status, short.body.details[0].field]).toEqual([400, 'newPassword']);
      const same = await change(login.body.accessToken, { currentPassword: PASSWORD, newPassword: PASSWORD });
      expect([same.status, same.body.details[0].field]).toEqual([400, 'newPassword']);
      const missing = await change(login.body.accessToken, {});
      expect(missing.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['currentPassword', 'newPassword']));
    });

    it('changes it, keeps this sign-in and ends the others, and is audited', async () => {
      const email = await newUser();
      const here = await signIn(email);
      const elsewhere = await signIn(email);
      const changed = await change(here.body.accessToken, { currentPassword: PASSWORD, newPassword: 'a brand new password' });
      expect(changed.status).toBe(204);
      expect((await api(here.body.accessToken)).status).toBe(200);
      expect((await refresh(here.body.refreshToken)).status).toBe(200);
      expect((await api(elsewhere.body.accessToken)).status).toBe(401);
      expect((await refresh(elsewhere.body.refreshToken)).status).toBe(401);
      expect((await signIn(email)).status).toBe(401);
      expect((await signIn(email, 'a brand new password')).status).toBe(200);

      const userId = decodePayload(here.body.accessToken).sub;
      const audit = await t.request('GET', `/api/v1/auth/audit?userId=${userId}`, { token: national });
      expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual(['password-changed', 'user-created']);
      expect(audit.body.items[0]).toEqual(expect.objectContaining({ actorUserId: userId, subjectUserId: userId, trustId }));
    });

    it('locks out guessing of the current password like sign-in does', async () => {
      const login = await signIn(await newUser());
      const statuses: number[] = [];
      for (let n = 0; n < 6; n++) statuses.push((await change(login.body.accessToken, { currentPassword: `guess ${n}`, newPassword: 'a brand new password' })).status);
      expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    });
  });

  describe('the bootstrap admin', () => {
    it('is flagged to change the password, which does not block the API, until it is changed', async () => {
      const login = await signIn('boot@example.nhs.uk', 'change-me-on-first-login');
      expect(login.status).toBe(200);
      expect(login.body.mustChangePassword).toBe(true);
      expect((await t.request('GET', '/api/v1/trusts', { token: `Bearer ${login.body.accessToken}` })).status).toBe(200);
      expect((await t.request('POST', '/api/v1/auth/password', { token: `Bearer ${login.body.accessToken}`, body: { currentPassword: 'change-me-on-first-login', newPassword: 'my own long password' } })).status).toBe(204);
      const again = await signIn('boot@example.nhs.uk', 'my own long password');
      expect(again.body.mustChangePassword).toBe(false);
      expect((await refresh(login.body.refreshToken)).body.mustChangePassword).toBe(false);
    });
  });
});
