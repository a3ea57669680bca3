import { AuthService, Role, UserService } from '@app/core';
import { DEV_MESSAGES_PATH } from '@app/notifications';
import { ConsoleUser, createConsoleUser, csrfTokenIn, signInToConsole } from './support/console-users';
import { createTrust, TrustFixture } from './support/fixtures';
import { registeredRoutes } from './support/routes';
import { startTestApp, TestApp } from './support/test-app';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const NOW = new Date('2026-01-01T12:00:00Z');

function setCookies(headers: Record<string, string | string[] | undefined>): string[] {
  const raw = headers['set-cookie'];
  return Array.isArray(raw) ? raw : raw ? [raw] : [];
}

describe('console sessions over HTTP (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let other: TrustFixture;
  let national: ConsoleUser;
  let viewer: ConsoleUser;

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    const token = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, token, 'Session Trust');
    other = await createTrust(t, token, 'Other Trust');
    national = await createConsoleUser(t, Role.NationalAdmin);
    viewer = await createConsoleUser(t, Role.TrustViewer, trust.trustId);
  });
  afterAll(() => t.close());

  async function signInForm(): Promise<{ cookie: string; csrfToken: string }> {
    const page = await t.request('GET', '/console/login');
    return { cookie: setCookies(page.headers).map((c) => c.split(';')[0]).join('; '), csrfToken: csrfTokenIn(page.text) };
  }

  async function postSignIn(fields: Record<string, string>, cookie: string) {
    return t.request('POST', '/console/login', { headers: { ...form, cookie }, body: new URLSearchParams(fields).toString() });
  }

  it('signs in with the API’s users and passwords into a session cookie: random, HttpOnly, SameSite=Lax, Path=/', async () => {
    const { cookie, csrfToken } = await signInForm();
    const response = await postSignIn({ _csrf: csrfToken, email: national.email.toUpperCase(), password: national.password }, cookie);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/console');
    const session = setCookies(response.headers).find((c) => c.startsWith('strike-ops-session='))!;
    expect(session).toMatch(/^strike-ops-session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    // Only the hash of the id is stored.
    const id = /=([^;]+)/.exec(session)![1];
    const [{ stored }] = await t.dataSource.query(`SELECT count(*)::int AS stored FROM console_session WHERE id_hash = sha256($1::bytea)`, [id]);
    expect(stored).toBe(1);
    const [{ plain }] = await t.dataSource.query(`SELECT count(*)::int AS plain FROM console_session WHERE encode(id_hash, 'escape') LIKE '%' || $1 || '%'`, [id]);
    expect(plain).toBe(0);
  });

  it('makes a new session id at every sign-in, whatever cookie the browser brought', async () => {
    const first = await signInToConsole(t, viewer);
    const { cookie, csrfToken } = await signInForm();
    const again = await postSignIn({ _csrf: csrfToken, email: viewer.email, password: viewer.password }, `${cookie}; ${first.cookie}`);
    const second = setCookies(again.headers).find((c) => c.startsWith('strike-ops-session='))!.split(';')[0];
    expect(second).not.toBe(first.cookie);
    // The session the browser brought ends with the new sign-in.
    expect((await t.request('GET', '/console', { headers: { cookie: first.cookie } })).status).toBe(303);
    expect((await t.request('GET', `/console/trusts/${trust.trustId}`, { headers: { cookie: second } })).status).toBe(200);
  });

  it('describes the console routes in the OpenAPI document, signed in by the session cookie', async () => {
    const openapi = (await t.request('GET', '/docs-json')).body;
    for (const [path, method] of [['/console/login', 'get'], ['/console/login', 'post'], ['/console/logout', 'post'], ['/console', 'get'], ['/console/trusts/{trustId}', 'get']]) {
      const operation = openapi.paths[path]?.[method];
      expect({ path, method, summary: typeof operation?.summary }).toEqual({ path, method, summary: 'string' });
    }
    expect(openapi.paths['/console'].get.security).toEqual([{ 'console-session': [] }]);
    expect(openapi.components.securitySchemes['console-session']).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'strike-ops-session' }));
  });

  it('answers a wrong password with the form again (401), and a bearer token opens no console page', async () => {
    const { cookie, csrfToken } = await signInForm();
    const wrong = await postSignIn({ _csrf: csrfToken, email: viewer.email, password: 'wrong password' }, cookie);
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Enter a correct email address and password');
    expect(setCookies(wrong.headers).some((c) => c.startsWith('strike-ops-session='))).toBe(false);
    const unknown = await postSignIn({ _csrf: csrfToken, email: 'nobody@test.nhs.uk', password: 'whatever' }, cookie);
    expect(unknown.status).toBe(401);
    expect(unknown.text).toContain('Enter a correct email address and password');
    const bearer = await t.request('GET', '/console', { token: await t.bearer(Role.NationalAdmin) });
    expect(bearer.status).toBe(303);
    expect(bearer.headers.location).toBe('/console/login?returnTo=%2Fconsole');
  });

  it('never sends anyone off the service after sign-in (open-redirect safe returnTo)', async () => {
    for (const returnTo of ['https://evil.example/console', '//evil.example/console', '/\\evil.example', '/api/v1/users']) {
      const { cookie, csrfToken } = await signInForm();
      const response = await postSignIn({ _csrf: csrfToken, email: viewer.email, password: viewer.password, returnTo }, cookie);
      expect({ returnTo, location: response.headers.location }).toEqual({ returnTo, location: '/console' });
    }
    const page = await t.request('GET', `/console/login?returnTo=${encodeURIComponent('//evil.example')}`);
    expect(page.text).not.toContain('evil.example');
  });

  it('ends a session after the idle time and after the absolute lifetime, sending the browser to sign in again', async () => {
    const session = await signInToConsole(t, viewer);
    const home = `/console/trusts/${trust.trustId}`;
    try {
      // Each request moves the idle expiry on (60 minutes by default)…
      t.clock.set(new Date(NOW.getTime() + 50 * 60_000));
      expect((await t.request('GET', home, { headers: { cookie: session.cookie } })).status).toBe(200);
      t.clock.set(new Date(NOW.getTime() + 100 * 60_000));
      expect((await t.request('GET', home, { headers: { cookie: session.cookie } })).status).toBe(200);
      // …but 61 minutes without one ends it.
      t.clock.set(new Date(NOW.getTime() + 162 * 60_000));
      const idle = await t.request('GET', home, { headers: { cookie: session.cookie } });
      expect(idle.status).toBe(303);
      expect(idle.headers.location).toBe(`/console/login?returnTo=${encodeURIComponent(home)}&notice=expired`);
      const notice = await t.request('GET', idle.headers.location as string);
      expect(notice.text).toContain('You were signed out because your session ended');

      // However busy, 12 hours after sign-in it ends.
      t.clock.set(NOW);
      const busy = await signInToConsole(t, viewer);
      for (let minutes = 50; minutes < 12 * 60; minutes += 50) {
        t.clock.set(new Date(NOW.getTime() + minutes * 60_000));
        expect((await t.request('GET', home, { headers: { cookie: busy.cookie } })).status).toBe(200);
      }
      t.clock.set(new Date(NOW.getTime() + 12 * 60 * 60_000));
      expect((await t.request('GET', home, { headers: { cookie: busy.cookie } })).status).toBe(303);
    } finally {
      t.clock.set(NOW);
    }
  });

  it('ends the browser session at its next request when its user is disabled, and when the sign-in behind it ends', async () => {
    const admin = await createConsoleUser(t, Role.NationalAdmin);
    const actor = { id: admin.id, role: Role.NationalAdmin, trustId: null };
    const user = await createConsoleUser(t, Role.NationalAdmin);
    const session = await signInToConsole(t, user);
    expect((await t.request('GET', `/console/trusts/${other.trustId}`, { headers: { cookie: session.cookie } })).status).toBe(200);
    await t.app.get(UserService).disableUser(actor, user.id);
    expect((await t.request('GET', `/console/trusts/${other.trustId}`, { headers: { cookie: session.cookie } })).status).toBe(303);

    // One sign-in, two doors: ending it through the API (sign-out with its bearer) ends the console too.
    await t.app.get(UserService).enableUser(actor, user.id);
    const again = await signInToConsole(t, user);
    const signIns: { authSessionId: string }[] = await t.dataSource.query(`SELECT auth_session_id AS "authSessionId" FROM console_session WHERE email = $1`, [user.email]);
    for (const { authSessionId } of signIns) await t.app.get(AuthService).signOut({ id: user.id, role: Role.NationalAdmin, trustId: null, sessionId: authSessionId });
    expect((await t.request('GET', `/console/trusts/${other.trustId}`, { headers: { cookie: again.cookie } })).status).toBe(303);
  });

  it('refuses every state-changing console and dashboard route without the session’s CSRF token (403)', async () => {
    const session = await signInToConsole(t, national);
    const unsafe = registeredRoutes(t.app).filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && /^\/(console|admin)(\/|$)/.test(r.path));
    expect(unsafe.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /console/login', 'POST /console/logout', 'PUT /admin/queues/api/queues/:queueName/pause']));
    for (const route of unsafe) {
      const url = route.path.replace(':trustId', trust.trustId).replace(':queueName', 'staff-alerts').replace(/:\w+/g, 'x');
      const name = `${route.method} ${route.path}`;
      // text/plain is a body another site's form can send; it reaches every route, and the check.
      const plain = await t.app.inject({ method: route.method as 'POST', url, headers: { 'content-type': 'text/plain', cookie: session.cookie }, payload: 'anything=1' });
      expect({ name, status: plain.statusCode }).toEqual({ name, status: 403 });
      // A urlencoded form reaches the console's routes (403); the dashboard's API takes JSON only and refuses it sooner (415).
      const posted = await t.app.inject({ method: route.method as 'POST', url, headers: { ...form, cookie: session.cookie }, payload: 'anything=1' });
      const refusedWith = route.path.startsWith('/console') ? [403] : [403, 415];
      expect({ name, refused: refusedWith.includes(posted.statusCode) }).toEqual({ name, refused: true });
    }
    // With the token the same session can sign out.
    const signOut = await t.request('POST', '/console/logout', { headers: { ...form, cookie: session.cookie }, body: `_csrf=${session.csrfToken}` });
    expect(signOut.status).toBe(303);
    expect(signOut.headers.location).toBe('/console/login?notice=signed-out');
    // Another session's token is not this session's.
    const mine = await signInToConsole(t, viewer);
    const theirs = await signInToConsole(t, national);
    const crossed = await t.request('POST', '/console/logout', { headers: { ...form, cookie: mine.cookie }, body: `_csrf=${theirs.csrfToken}` });
    expect(crossed.status).toBe(403);
  });

  it('answers console errors as NHS pages and leaves the JSON API’s error body alone', async () => {
    const session = await signInToConsole(t, viewer);
    const missing = await t.request('GET', '/console/nothing-here', { headers: { cookie: session.cookie } });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
    expect(missing.text).toContain('<title>Page not found – Strike operations – NHS</title>');
    const api = await t.request('GET', '/api/v1/nothing-here', { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('ROUTE_NOT_FOUND');
    const otherTrust = await t.request('GET', `/console/trusts/${other.trustId}`, { headers: { cookie: session.cookie } });
    expect(otherTrust.status).toBe(404);
    expect(otherTrust.text).not.toContain('Other Trust');
    const notAnId = await t.request('GET', '/console/trusts/not-a-uuid', { headers: { cookie: session.cookie } });
    expect(notAnId.status).toBe(404);
  });

  it('shows the development message viewer to signed-in users only', async () => {
    expect((await t.request('GET', DEV_MESSAGES_PATH)).status).toBe(303);
    const session = await signInToConsole(t, viewer);
    const page = await t.request('GET', DEV_MESSAGES_PATH, { headers: { cookie: session.cookie } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Messages sent in development');
    expect((await t.request('GET', `${DEV_MESSAGES_PATH}/not-an-id`, { headers: { cookie: session.cookie } })).status).toBe(404);
  });
});

describe('console sessions in production and behind https (e2e)', () => {
  it('does not mount the development message viewer when NODE_ENV=production, and keeps cookies to https', async () => {
    const t = await startTestApp({ env: { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-at-least-32-chars', CALENDAR_LINK_KEY: 'a-production-calendar-key-of-32-chars-or-more', PUBLIC_BASE_URL: 'https://strike.example.nhs.uk' } });
    try {
      const user = await createConsoleUser(t, Role.NationalAdmin);
      const page = await t.request('GET', '/console/login');
      const signIn = setCookies(page.headers).find((c) => c.startsWith('strike-ops-sign-in='))!;
      expect(signIn).toContain('Secure');
      const response = await t.request('POST', '/console/login', {
        headers: { ...form, cookie: signIn.split(';')[0] },
        body: new URLSearchParams({ _csrf: csrfTokenIn(page.text), email: user.email, password: user.password }).toString(),
      });
      const session = setCookies(response.headers).find((c) => c.startsWith('__Host-strike-ops-session='))!;
      expect(session).toMatch(/^__Host-strike-ops-session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      const cookie = session.split(';')[0];
      expect((await t.request('GET', '/console', { headers: { cookie } })).status).toBe(200);
      expect(registeredRoutes(t.app).some((route) => route.path.startsWith(DEV_MESSAGES_PATH))).toBe(false);
      const viewer = await t.request('GET', DEV_MESSAGES_PATH, { headers: { cookie } });
      expect(viewer.status).toBe(404);
      expect(viewer.text).toContain('Page not found');
    } finally {
      await t.close();
    }
  });
});

describe('the console sign-in rate limit (e2e)', () => {
  it('is the API’s login limit: past it, sign-in attempts get a 429 page', async () => {
    const t = await startTestApp({ env: { LOGIN_RATE_PER_MINUTE: '3' } });
    try {
      const page = await t.request('GET', '/console/login');
      const cookie = setCookies(page.headers).map((c) => c.split(';')[0]).join('; ');
      const attempt = () =>
        t.request('POST', '/console/login', { headers: { ...form, cookie }, body: new URLSearchParams({ _csrf: csrfTokenIn(page.text), email: 'someone@test.nhs.uk', password: 'guess' }).toString() });
      expect([(await attempt()).status, (await attempt()).status, (await attempt()).status]).toEqual([401, 401, 401]);
      const limited = await attempt();
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^text\/html/);
      expect(limited.text).toContain('Too many attempts');
    } finally {
      await t.close();
    }
  });
});
