import { Role } from '@app/core';
import { Logger } from '@nestjs/common';
import { startTestApp, TestApp, TestResponse } from './support/test-app';

const PASSWORD = 'correct horse battery';

async function createNationalUser(t: TestApp, national: string, email: string): Promise<string> {
  const created = await t.request('POST', '/api/v1/users', { token: national, body: { email, password: PASSWORD, role: 'national-admin' } });
  if (created.status !== 201) throw new Error(`user: ${created.status} ${created.text}`);
  return created.body.id;
}

function signIn(t: TestApp, email: string, password: string, options: { remoteAddress?: string; forwardedFor?: string } = {}): Promise<TestResponse> {
  return t.request('POST', '/api/v1/auth/token', {
    body: { email, password },
    remoteAddress: options.remoteAddress ?? '198.51.100.200',
    headers: options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {},
  });
}

/** What a client can observe of an answer: everything but the request id. */
function observed(response: TestResponse): unknown {
  return { status: response.status, code: response.body?.code, message: response.body?.message, details: response.body?.details, retryAfter: response.headers['retry-after'] };
}

const advance = (t: TestApp, seconds: number) => t.clock.set(new Date(t.clock.now().getTime() + seconds * 1000));

describe('sign-in limits (e2e)', () => {
  describe('with TRUST_PROXY off (the default)', () => {
    let t: TestApp;
    let national: string;

    beforeAll(async () => {
      t = await startTestApp({ env: { LOGIN_RATE_PER_MINUTE: '5' } });
      national = await t.bearer(Role.NationalAdmin);
    });
    afterAll(() => t.close());

    it('does not let a rotating X-Forwarded-For get past the per-address limit', async () => {
      const statuses: number[] = [];
      let last: TestResponse | undefined;
      for (let i = 0; i < 8; i++) {
        // Different emails, so only the address limit can refuse them.
        last = await signIn(t, `guess${i}@x.nhs.uk`, 'wrong', { remoteAddress: '198.51.100.7', forwardedFor: `203.0.113.${i + 1}` });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      expect(last!.body).toEqual(expect.objectContaining({ statusCode: 429, code: 'RATE_LIMITED', details: [] }));
      expect(last!.headers['retry-after']).toBe('60');

      advance(t, 45);
      expect((await signIn(t, 'guess9@x.nhs.uk', 'wrong', { remoteAddress: '198.51.100.7' })).headers['retry-after']).toBe('15');
      advance(t, 15);
      expect((await signIn(t, 'guess10@x.nhs.uk', 'wrong', { remoteAddress: '198.51.100.7' })).status).toBe(401);
    });

    it('locks an account after five failures whatever address they come from, and doubles the lockout', async () => {
      await createNationalUser(t, national, 'locked@rqm.nhs.uk');
      const address = (n: number) => ({ remoteAddress: `192.0.2.${n}` });
      const failures: number[] = [];
      for (let n = 1; n <= 5; n++) failures.push((await signIn(t, 'locked@rqm.nhs.uk', 'wrong', address(n))).status);
      expect(failures).toEqual([401, 401, 401, 401, 401]);

      const locked = await signIn(t, 'locked@rqm.nhs.uk', PASSWORD, address(6));
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('ACCOUNT_LOCKED');
      expect(locked.headers['retry-after']).toBe('60');

      advance(t, 20);
      expect((await signIn(t, 'locked@rqm.nhs.uk', PASSWORD, address(7))).headers['retry-after']).toBe('40');

      // The lock has passed: one more failure locks it for twice as long.
      advance(t, 41);
      expect((await signIn(t, 'locked@rqm.nhs.uk', 'wrong', address(8))).status).toBe(401);
      const longer = await signIn(t, 'locked@rqm.nhs.uk', PASSWORD, address(9));
      expect([longer.status, longer.headers['retry-after']]).toEqual([429, '120']);

      // A success clears the count: four failures afterwards do not lock.
      advance(t, 121);
      expect((await signIn(t, 'locked@rqm.nhs.uk', PASSWORD, address(10))).status).toBe(200);
      for (let n = 11; n <= 14; n++) expect((await signIn(t, 'locked@rqm.nhs.uk', 'wrong', address(n))).status).toBe(401);
      expect((await signIn(t, 'locked@rqm.nhs.uk', PASSWORD, address(15))).status).toBe(200);
    });

    it('answers an unknown email exactly as a known one, through the whole lockout', async () => {
      await createNationalUser(t, national, 'known@rqm.nhs.uk');
      const sequence = async (email: string, firstAddress: number): Promise<unknown[]> => {
        const answers: unknown[] = [];
        const start = t.clock.now();
        for (let n = 0; n < 7; n++) answers.push(observed(await signIn(t, email, n === 6 ? PASSWORD : `wrong${n}`, { remoteAddress: `192.0.2.${firstAddress + n}` })));
        advance(t, 61);
        answers.push(observed(await signIn(t, email, 'wrong again', { remoteAddress: `192.0.2.${firstAddress + 7}` })));
        answers.push(observed(await signIn(t, email, 'wrong again', { remoteAddress: `192.0.2.${firstAddress + 8}` })));
        t.clock.set(start);
        return answers;
      };
      const known = await sequence('known@rqm.nhs.uk', 100);
      const unknown = await sequence('nobody-here@rqm.nhs.uk', 120);
      expect(unknown).toEqual(known);
      expect(known.map((answer) => (answer as { status: number }).status)).toEqual([401, 401, 401, 401, 401, 429, 429, 401, 429]);
    });

    it('answers a malformed sign-in with 400 naming the field, before any limit counts it', async () => {
      for (const [body, field] of [
        [{ password: 'x' }, 'email'],
        [{ email: 'not-an-email', password: 'x' }, 'email'],
        [{ email: 'a@b.nhs.uk' }, 'password'],
        [{ email: 'a@b.nhs.uk', password: 'x'.repeat(201) }, 'password'],
        [{ email: 'a@b.nhs.uk', password: 'x', extra: 1 }, 'extra'],
      ] as const) {
        const response = await t.request('POST', '/api/v1/auth/token', { body, remoteAddress: '198.51.100.33' });
        expect({ field, status: response.status, fields: [...new Set(response.body.details.map((d: { field: string }) => d.field))] }).toEqual({ field, status: 400, fields: [field] });
      }
      expect((await signIn(t, 'fresh@x.nhs.uk', 'wrong', { remoteAddress: '198.51.100.33' })).status).toBe(401);
    });

    it('logs failed sign-ins and lockouts as warnings with the user id and address, never the email or password', async () => {
      const userId = await createNationalUser(t, national, 'logged@rqm.nhs.uk');
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        for (let n = 0; n < 5; n++) await signIn(t, 'logged@rqm.nhs.uk', 'secret-guess-xyz', { remoteAddress: '192.0.2.50' });
        await signIn(t, 'ghost@rqm.nhs.uk', 'secret-guess-xyz', { remoteAddress: '192.0.2.51' });
        const entries = warn.mock.calls.map(([entry]) => entry as Record<string, unknown>);
        expect(entries).toContainEqual(expect.objectContaining({ msg: 'sign-in failed', reason: 'wrong-password', userId, clientAddress: '192.0.2.50' }));
        expect(entries).toContainEqual(expect.objectContaining({ msg: 'account locked after failed sign-ins', userId, clientAddress: '192.0.2.50', lockedForSeconds: 60 }));
        expect(entries).toContainEqual(expect.objectContaining({ msg: 'sign-in failed', reason: 'unknown-email', userId: null, clientAddress: '192.0.2.51' }));
        const text = JSON.stringify(warn.mock.calls);
        expect(text).not.toContain('logged@rqm.nhs.uk');
        expect(text).not.toContain('ghost@rqm.nhs.uk');
        expect(text).not.toContain('secret-guess-xyz');
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe('with TRUST_PROXY naming the proxy', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ env: { LOGIN_RATE_PER_MINUTE: '5', TRUST_PROXY: '127.0.0.1' } });
    });
    afterAll(() => t.close());

    it('limits each forwarded client address on its own, and a client that is not the proxy by its socket address', async () => {
      const viaProxy = (forwardedFor: string, n: number) => signIn(t, `client${n}@x.nhs.uk`, 'wrong', { remoteAddress: '127.0.0.1', forwardedFor });
      const rotating: number[] = [];
      for (let n = 0; n < 8; n++) rotating.push((await viaProxy(`203.0.113.${n + 1}`, n)).status);
      expect(rotating).toEqual([401, 401, 401, 401, 401, 401, 401, 401]);

      const one: number[] = [];
      for (let n = 0; n < 7; n++) one.push((await viaProxy('203.0.113.200', 100 + n)).status);
      expect(one).toEqual([401, 401, 401, 401, 401, 429, 429]);

      // Not the trusted proxy: its own X-Forwarded-For is ignored.
      const direct: number[] = [];
      for (let n = 0; n < 7; n++) direct.push((await signIn(t, `direct${n}@x.nhs.uk`, 'wrong', { remoteAddress: '198.51.100.9', forwardedFor: `203.0.113.${50 + n}` })).status);
      expect(direct).toEqual([401, 401, 401, 401, 401, 429, 429]);

      // Whatever the proxy forwards is limited too, never a 4xx/5xx of its own.
      const garbage: number[] = [];
      for (let n = 0; n < 7; n++) garbage.push((await viaProxy('not-an-address-' + 'x'.repeat(200), 300 + n)).status);
      expect(garbage).toEqual([401, 401, 401, 401, 401, 429, 429]);
    });
  });

  describe('across two API processes', () => {
    let first: TestApp;
    let second: TestApp;

    beforeAll(async () => {
      first = await startTestApp({ env: { LOGIN_RATE_PER_MINUTE: '5' } });
      second = await startTestApp({ env: { LOGIN_RATE_PER_MINUTE: '5' }, shareDatabaseOf: first });
      await createNationalUser(first, await first.bearer(Role.NationalAdmin), 'shared@rqm.nhs.uk');
    });
    afterAll(async () => {
      await second.close();
      await first.close();
    });

    it('lets exactly five of twenty concurrent guesses at one account through, whichever process answers', async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, n) => signIn(n % 2 ? first : second, 'shared@rqm.nhs.uk', `wrong${n}`, { remoteAddress: `192.0.2.${n + 1}` })),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses.filter((status) => status === 401)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(15);
      expect(answers.filter((answer) => answer.status === 429).every((answer) => answer.body.code === 'ACCOUNT_LOCKED')).toBe(true);
    });

    it('counts one address exactly across both processes', async () => {
      const answers = await Promise.all(Array.from({ length: 12 }, (_, n) => signIn(n % 2 ? first : second, `spray${n}@x.nhs.uk`, 'wrong', { remoteAddress: '198.51.100.77' })));
      expect(answers.filter((answer) => answer.status === 401)).toHaveLength(5);
      expect(answers.filter((answer) => answer.status === 429 && answer.body.code === 'RATE_LIMITED')).toHaveLength(7);
    });
  });
});
