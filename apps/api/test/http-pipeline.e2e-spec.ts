import { Role } from '@app/core';
import { AddressInfo, connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { ApiFastifyAdapter, servedRoutes } from '../src/http-app';
import { createTrust, TrustFixture, walkoutBody } from './support/fixtures';
import { startTestApp, TestApp, TestResponse } from './support/test-app';

/** The one error body, whatever answered: Nest, Fastify's router, a hook or the HTTP parser. */
function expectErrorBody(response: TestResponse, statusCode: number, code: string): void {
  expect(response.status).toBe(statusCode);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body).toEqual({ statusCode, code, message: expect.any(String), details: expect.any(Array), requestId: expect.any(String) });
  expect(response.headers['x-request-id']).toBe(response.body.requestId);
}

const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nestedObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('the HTTP pipeline (e2e)', () => {
  const logLines: Record<string, unknown>[] = [];
  let t: TestApp;
  let national: string;
  let a: TrustFixture;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_PER_MINUTE: '3' }, logLines: (line) => logLines.push(line) });
    national = await t.bearer(Role.NationalAdmin);
    a = await createTrust(t, national, 'Pipeline Trust');
  });
  afterAll(() => t.close());

  let port: number | undefined;
  /** Most tests use in-process inject; a few need real sockets (streamed bodies, raw HTTP). */
  async function listeningPort(): Promise<number> {
    if (port === undefined) {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.getHttpServer().address() as AddressInfo).port;
    }
    return port;
  }

  describe('text that cannot be stored', () => {
    it('refuses a NUL in a name with 400 naming the field, on every kind of route', async () => {
      const trust = await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'RNU', name: 'Null\u0000 Trust' } });
      expectErrorBody(trust, 400, 'VALIDATION_FAILED');
      expect(trust.body.details).toEqual([{ field: 'name', message: 'must not contain a NUL character (U+0000)' }]);

      const rows = Array.from({ length: 5 }, (_, i) => ({ staffNumber: `N${i}`, givenName: i === 3 ? 'Ann\u0000' : 'Ann', familyName: 'Smith', grade: 'consultant', specialty: 'emergency-medicine' }));
      const staff = await t.request('POST', `/api/v1/trusts/${a.trustId}/staff/import`, { token: a.admin, body: { items: rows } });
      expectErrorBody(staff, 400, 'VALIDATION_FAILED');
      expect(staff.body.details).toEqual([{ field: 'items[3].givenName', message: expect.stringContaining('NUL') }]);

      const walkout = await t.request('POST', `/api/v1/trusts/${a.trustId}/walkouts`, { token: a.admin, body: walkoutBody({ union: 'B\u0000MA' }) });
      expect(walkout.body.details).toEqual([{ field: 'union', message: expect.stringContaining('NUL') }]);

      // A body the route reads itself (no DTO) is checked too, and so are query strings and path parameters.
      const receipt = await t.request('POST', '/api/v1/notify/callbacks/delivery-status', { body: { id: 'x\u0000' } });
      expect(receipt.body.details).toEqual([{ field: 'id', message: expect.stringContaining('NUL') }]);
      const query = await t.request('GET', `/api/v1/trusts/${a.trustId}/walkouts?status=ended%00`, { token: a.admin });
      expect(query.body.details).toEqual([{ field: 'status', message: expect.stringContaining('NUL') }]);
      const path = await t.request('GET', '/r/abc%00def');
      expectErrorBody(path, 400, 'VALIDATION_FAILED');
      expect(path.body.details).toEqual([{ field: 'token', message: expect.stringContaining('NUL') }]);
    });

    it('refuses other control characters and broken Unicode, and keeps real names', async () => {
      for (const name of ['Escape\u001b[31m Trust', 'C1\u0085 Trust', 'Half \ud83d Trust']) {
        const response = await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'RCC', name } });
        expectErrorBody(response, 400, 'VALIDATION_FAILED');
        expect(response.body.details).toEqual([{ field: 'name', message: expect.any(String) }]);
      }
      const welsh = await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'RCD', name: 'Bwrdd Iechyd Prifysgol Betsi Cadwaladr – Siân’s 😀' } });
      expect(welsh.status).toBe(201);
      expect(welsh.body.name).toBe('Bwrdd Iechyd Prifysgol Betsi Cadwaladr – Siân’s 😀');
    });

    it('keeps names, unions and reasons to one line, while descriptions may have several', async () => {
      const union = await t.request('POST', `/api/v1/trusts/${a.trustId}/walkouts`, { token: a.admin, body: walkoutBody({ union: 'BMA\nRCN' }) });
      expectErrorBody(union, 400, 'VALIDATION_FAILED');
      expect(union.body.details).toEqual([{ field: 'union', message: 'must be one line of text without line breaks' }]);

      const walkout = await t.request('POST', `/api/v1/trusts/${a.trustId}/walkouts`, { token: a.admin, body: walkoutBody() });
      expect(walkout.status).toBe(201);
      const reason = await t.request('POST', `/api/v1/trusts/${a.trustId}/walkouts/${walkout.body.id}/call-off`, { token: a.admin, body: { reason: 'Talks\tresumed' } });
      expect(reason.body.details).toEqual([{ field: 'reason', message: 'must be one line of text without tabs' }]);

      const incident = await t.request('POST', `/api/v1/trusts/${a.trustId}/major-incidents`, {
        token: a.admin,
        body: { level: 'major', state: 'standby', siteIds: [a.siteIds[0]], description: 'Two buses collided\non the A4.\n\tAbout 30 casualties.' },
      });
      expect(incident.status).toBe(201);
      expect(incident.body.description).toBe('Two buses collided\non the A4.\n\tAbout 30 casualties.');
    });
  });

  describe('deeply nested JSON', () => {
    it('refuses ~5,000 nested arrays and ~8,000 nested objects with 400 before anything walks them, even without a login', async () => {
      for (const body of [nestedArrays(5_000), nestedObjects(8_000), `{"email":"a@b.nhs.uk","password":${nestedArrays(100_000)}}`]) {
        const response = await t.request('POST', '/api/v1/auth/token', { body });
        expectErrorBody(response, 400, 'BODY_TOO_DEEP');
        expect(response.body.details).toEqual([{ field: 'body', message: 'must not nest deeper than 32 levels' }]);
      }
      expect((await t.request('GET', '/health')).status).toBe(200);
    });

    it('still accepts the nesting real requests use', async () => {
      const patients = await t.request('POST', `/api/v1/trusts/${a.trustId}/patients/import`, {
        token: a.admin,
        body: { items: [{ nhsNumber: '9434765919', givenName: 'Ann', familyName: 'Smith', dateOfBirth: '1961-04-23', address: { lines: ['1 Road', 'London'], postcode: 'SW10 9NH' } }] },
      });
      expect(patients.status).toBe(200);
    });
  });

  describe('body limits', () => {
    /**
     * Streams up to `totalBytes` of body (chunked, so the server cannot refuse it by its declared length)
     * to the running server, and reports the status it answered and how much the client managed to send
     * before the server closed the connection.
     */
    async function streamBody(path: string, totalBytes: number, headers: Record<string, string> = {}): Promise<{ status: number; body: any; sentBytes: number }> {
      const port = await listeningPort();
      return new Promise((resolve, reject) => {
        const chunk = Buffer.alloc(64 * 1024, 0x20); // spaces: still valid JSON whitespace
        let sentBytes = 0;
        let answer: { status: number; text: string } | null = null;
        const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers } });
        const finish = () => (answer ? resolve({ status: answer.status, body: JSON.parse(answer.text), sentBytes }) : reject(new Error(`no answer after ${sentBytes} bytes`)));
        request.on('response', (response) => {
          let text = '';
          response.on('data', (data) => (text += data));
          response.on('end', () => {
            answer = { status: response.statusCode!, text };
            request.destroy();
            finish();
          });
        });
        request.on('error', () => (answer ? undefined : setImmediate(finish)));
        const pump = () => {
          while (!answer && !request.destroyed && sentBytes < totalBytes) {
            sentBytes += chunk.length;
            if (!request.write(chunk)) return request.once('drain', pump);
          }
          if (!answer && !request.destroyed) request.end();
        };
        pump();
      });
    }

    it('refuses a 100 MB POST to an unknown route without reading it', async () => {
      const response = await streamBody('/nope', 100 * 1024 * 1024);
      expect(response.status).toBe(404);
      expect(response.body).toEqual(expect.objectContaining({ code: 'ROUTE_NOT_FOUND', requestId: expect.any(String) }));
      // What the client got into the connection before it was closed: socket buffers, not 100 MB.
      expect(response.sentBytes).toBeLessThan(32 * 1024 * 1024);
    });

    it('stops reading a body over the small limit on an ordinary route with 413, and lets imports have the larger one', async () => {
      const streamed = await streamBody(`/api/v1/trusts/${a.trustId}/sites`, 100 * 1024 * 1024, { authorization: a.admin });
      expect(streamed.status).toBe(413);
      expect(streamed.body).toEqual(expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', requestId: expect.any(String) }));
      expect(streamed.sentBytes).toBeLessThan(32 * 1024 * 1024);

      const declared = await t.request('POST', `/api/v1/trusts/${a.trustId}/sites`, { token: a.admin, body: { odsSiteCode: 'TXX01', name: 'x'.repeat(1_100_000) } });
      expectErrorBody(declared, 413, 'PAYLOAD_TOO_LARGE');

      const longName = 'Annabel-Josephine-Catherine-Margaret-Elizabeth';
      const rows = Array.from({ length: 4_500 }, (_, i) => ({ staffNumber: `L${i}`, givenName: longName, familyName: `${longName}-Smith`, grade: 'consultant', specialty: 'emergency-medicine', email: `annabel.josephine.${i}@example.nhs.uk` }));
      const large = await t.request('POST', `/api/v1/trusts/${a.trustId}/staff/import`, { token: a.admin, body: { items: rows } });
      expect(JSON.stringify({ items: rows }).length).toBeGreaterThan(1_048_576);
      expect(large.status).toBe(200);
    });
  });

  describe('one error body for every status', () => {
    it('answers 414 for an over-long path parameter and 400 for a malformed URL', async () => {
      expectErrorBody(await t.request('GET', `/r/${'a'.repeat(200)}`), 414, 'URI_TOO_LONG');
      expectErrorBody(await t.request('GET', '/api/v1/trusts/%E0%A4%A'), 400, 'MALFORMED_REQUEST');
    });

    it('answers 405 with Allow for a known path and a wrong method, and 404 for an unknown one', async () => {
      const wrongMethod = await t.request('DELETE', '/api/v1/trusts', { token: national });
      expectErrorBody(wrongMethod, 405, 'METHOD_NOT_ALLOWED');
      expect(wrongMethod.headers.allow).toBe('GET, HEAD, POST');
      expect(String(wrongMethod.headers['content-security-policy'])).toContain("default-src 'self'");
      const withParams = await t.request('PUT', `/api/v1/trusts/${a.trustId}/walkouts/${a.trustId}`, { token: a.admin, body: {} });
      expectErrorBody(withParams, 405, 'METHOD_NOT_ALLOWED');
      expectErrorBody(await t.request('GET', '/api/v1/nothing-here', { token: national }), 404, 'ROUTE_NOT_FOUND');
    });

    it('answers 401, 403, 404, 413, 415 and 429 in the same body', async () => {
      expectErrorBody(await t.request('GET', '/api/v1/trusts'), 401, 'UNAUTHENTICATED');
      expectErrorBody(await t.request('POST', '/api/v1/trusts', { token: a.admin, body: { odsCode: 'RZZ', name: 'x' } }), 403, 'FORBIDDEN');
      expectErrorBody(await t.request('GET', `/api/v1/trusts/${a.trustId}/walkouts/3f2b8c1e-0000-4000-8000-000000000000`, { token: a.admin }), 404, 'WALKOUT_NOT_FOUND');
      expectErrorBody(await t.request('POST', '/api/v1/trusts', { token: national, headers: { 'content-type': 'application/xml' }, body: '<trust/>' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      const statuses: number[] = [];
      let limited: TestResponse | undefined;
      for (let i = 0; i < 5; i++) {
        const response = await t.request('POST', '/api/v1/auth/token', { body: { email: 'nobody@x.nhs.uk', password: `guess${i}` } });
        statuses.push(response.status);
        if (response.status === 429) limited = response;
      }
      expect(statuses).toContain(429);
      expectErrorBody(limited!, 429, 'RATE_LIMITED');
    });

    it('answers in the error body inside plugins too: the queue dashboard and the docs', async () => {
      const route = servedRoutes(t.app).find((r) => r.url.startsWith('/admin/queues/api/') && r.method === 'PUT')!;
      const url = route.url.replace(/:(\w+)/g, 'x');
      const deep = await t.request('PUT', url, { token: national, body: nestedArrays(5_000) });
      expectErrorBody(deep, 400, 'BODY_TOO_DEEP');
      const nul = await t.request('PUT', url, { token: national, body: { a: 'b\u0000' } });
      expectErrorBody(nul, 400, 'VALIDATION_FAILED');
      expectErrorBody(await t.request('GET', '/docs-json?q=%00'), 400, 'VALIDATION_FAILED');
    });

    it('answers what the HTTP parser refuses in the error body too', async () => {
      const port = await listeningPort();
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
        let text = '';
        socket.on('data', (data) => (text += data.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1.1 400 Bad Request/);
      const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
      expect(body).toEqual({ statusCode: 400, code: 'MALFORMED_REQUEST', message: expect.any(String), details: [], requestId: expect.any(String) });
    });
  });

  describe('logs and metrics', () => {
    it('logs each request with its route pattern and user id, never the token, the email or the link token', async () => {
      logLines.length = 0;
      const token = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg';
      await t.request('GET', `/api/v1/trusts/${a.trustId}/walkouts`, { token: a.admin });
      await t.request('GET', `/r/${token}`);
      const lines = logLines.filter((line) => line.msg === 'request');
      expect(lines).toEqual([
        expect.objectContaining({ method: 'GET', route: '/api/v1/trusts/:trustId/walkouts', status: 200, userId: expect.stringMatching(/^[0-9a-f-]{36}$/) }),
        expect.objectContaining({ method: 'GET', route: '/r/:token', status: 404 }),
      ]);
      expect(lines[1].userId).toBeUndefined();
      const written = JSON.stringify(logLines);
      expect(written).not.toContain(token);
      expect(written).not.toContain(a.admin.slice(7));
      expect(written).not.toMatch(/@test\.nhs\.uk/);
    });

    it("gives the request line, the error body, the x-request-id header and a service's log line during that request one request id", async () => {
      logLines.length = 0;
      const response = await t.request('POST', '/api/v1/auth/token', { body: { email: 'nobody-logged@x.nhs.uk', password: 'not-the-password' }, remoteAddress: '10.20.30.40' });
      expect(response.status).toBe(401);
      const requestId = response.body.requestId;
      expect(requestId).toEqual(expect.any(String));
      expect(response.headers['x-request-id']).toBe(requestId);
      // The auth service's warning is written by the request's child logger.
      expect(logLines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'sign-in failed', context: 'Auth', requestId }));
      expect(logLines).toContainEqual(expect.objectContaining({ msg: 'request', route: '/api/v1/auth/token', status: 401, requestId }));
      expect(JSON.stringify(logLines)).not.toContain('nobody-logged');
    });

    it('exposes request durations by route pattern and status at /metrics, never the raw URL', async () => {
      await t.request('GET', '/r/c2VjcmV0LXRva2VuLWZvci1tZXRyaWNzLXRlc3Qtb25seQ');
      await t.request('GET', '/no/such/route/secret-path');
      const metrics = await t.request('GET', '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.text).toMatch(/strike_ops_http_request_duration_seconds_count\{method="GET",route="\/r\/:token",status_code="404"\} [1-9]/);
      expect(metrics.text).toMatch(/strike_ops_http_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/api\/v1\/trusts\/:trustId\/walkouts",status_code="200"\}/);
      expect(metrics.text).toMatch(/route="unmatched",status_code="404"/);
      expect(metrics.text).not.toContain('c2VjcmV0');
      expect(metrics.text).not.toContain('secret-path');
      expect(metrics.text).toContain('strike_ops_queue_depth');
    });
  });

  describe('security headers over plain http', () => {
    it('sends no HSTS and no upgrade-insecure-requests when the service is not served over https', async () => {
      const response = await t.request('GET', '/health');
      expect(response.headers['strict-transport-security']).toBeUndefined();
      expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(response.headers['content-security-policy']).toContain("form-action 'self'");
    });
  });

  describe('shutting down', () => {
    it('answers 503 with Retry-After in the error body once the app starts to close', async () => {
      (t.app.getHttpAdapter() as ApiFastifyAdapter).beforeClose();
      const response = await t.request('GET', '/api/v1/trusts', { token: national });
      expectErrorBody(response, 503, 'SERVICE_UNAVAILABLE');
      expect(response.headers['retry-after']).toBe('5');
      expect(response.headers.connection).toBe('close');
    });
  });
});

describe('security headers over https (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_BASE_URL: 'https://strike.example.nhs.uk' } });
  });
  afterAll(async () => {
    await t.close();
    delete process.env.PUBLIC_BASE_URL;
  });

  it('sends HSTS and upgrade-insecure-requests when PUBLIC_BASE_URL is https', async () => {
    const response = await t.request('GET', '/health');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});
