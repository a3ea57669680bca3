import { createConfig, lintFromString } from '@redocly/openapi-core';
import { servedRoutes } from '../src/http-app';
import { startTestApp, TestApp } from './support/test-app';

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is JSON */
type Operation = { method: string; path: string; operation: any };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** Served, but not API operations: Swagger UI's own assets, the HEAD twins of GET routes, Bull Board's internal API. */
/**
 * Served but not operations of the API: the docs viewer's and the dashboard's own files, the design
 * system's static assets, and the development message viewer (never mounted in production).
 */
const NOT_OPERATIONS = [/^\/docs\/.*/, /^\/admin\/queues\/.+/, /^\/admin\/queues\/?$/, /^\/assets\//, /^\/console\/dev\//];
/** Fields that end in "Id" but are not our ids. */
const NOT_UUID = new Set(['providerId', 'requestId']);

describe('the OpenAPI document (e2e)', () => {
  let t: TestApp;
  let document: any;
  let operations: Operation[];

  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.request('GET', '/docs-json')).body;
    operations = Object.entries(document.paths).flatMap(([path, item]: [string, any]) => METHODS.filter((m) => item[m]).map((method) => ({ method, path, operation: item[method] })));
  });
  afterAll(() => t.close());

  /**
   * The one exception: an HTML form post answered 303 See Other (Post/Redirect/Get, the console's
   * sign-in and sign-out) has no 2xx by design, which Redocly's operation-2xx-response cannot express.
   */
  function isPostRedirectGet(problem: { ruleId: string; location: { pointer?: string }[] }): boolean {
    if (problem.ruleId !== 'operation-2xx-response') return false;
    const match = /^#\/paths\/(.+)\/(get|post|put|patch|delete)\/responses$/.exec(problem.location[0]?.pointer ?? '');
    const path = match?.[1].replace(/~1/g, '/').replace(/~0/g, '~');
    const responses = path ? document.paths[path]?.[match![2]]?.responses : undefined;
    return !!responses?.['303'] && Object.keys(responses).every((status) => !status.startsWith('2'));
  }

  it('passes the Redocly recommended lint with no errors and no warnings', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = (await lintFromString({ source: JSON.stringify(document), absoluteRef: 'docs-json.json', config })).filter((problem) => !isPostRedirectGet(problem));
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`)).toEqual([]);
  });

  it('describes every route the server serves, the link pages, metrics and the queue dashboard included', () => {
    const documented = new Set(operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`));
    const served = servedRoutes(t.app)
      .filter(({ method, url }) => method !== 'HEAD' && !(url !== '/admin/queues' && NOT_OPERATIONS.some((pattern) => pattern.test(url))))
      .map(({ method, url }) => `${method} ${url.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.filter((route) => !documented.has(route))).toEqual([]);
    for (const route of ['GET /r/{token}', 'POST /r/{token}/confirm', 'POST /r/{token}/decline', 'GET /s/{token}', 'POST /s/{token}/respond', 'GET /metrics', 'GET /admin/queues', 'GET /health']) {
      expect(documented).toContain(route);
    }
  });

  it('gives every operation a summary and its error responses in the one error schema, with the codes listed', () => {
    for (const { method, path, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, summary: typeof operation.summary === 'string' && operation.summary.length > 0 }).toEqual({ where, summary: true });
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      expect({ where, statuses: errors.map(([status]) => status) }).toEqual({ where, statuses: expect.arrayContaining(['400', '503']) });
      for (const [status, response] of errors as [string, any][]) {
        if (response.content['application/fhir+json']) {
          // The FHIR routes answer errors as an OperationOutcome, with the same statuses and codes.
          expect({ where, status, content: response.content }).toEqual({ where, status, content: { 'application/fhir+json': { schema: { $ref: '#/components/schemas/OperationOutcome' } } } });
          expect({ where, status, codes: response['x-error-codes'] }).toEqual({ where, status, codes: expect.arrayContaining([expect.stringMatching(/^[A-Z][A-Z0-9_]+$/)]) });
          continue;
        }
        if (!response.content['application/json']) {
          // A link page's own error page: HTML for the person holding the link.
          expect({ where, status, content: Object.keys(response.content) }).toEqual({ where, status, content: ['text/html'] });
          continue;
        }
        expect({ where, status, codes: response['x-error-codes'] }).toEqual({ where, status, codes: expect.arrayContaining([expect.stringMatching(/^[A-Z][A-Z0-9_]+$/)]) });
        for (const code of response['x-error-codes']) expect(response.description).toContain(code);
        if (!(path === '/health' && status === '503')) expect({ where, status, schema: response.content['application/json'].schema }).toEqual({ where, status, schema: { $ref: '#/components/schemas/ErrorBody' } });
      }
    }
    const schema = document.components.schemas.ErrorBody;
    expect(schema.required).toEqual(['statusCode', 'code', 'message', 'details', 'requestId']);
    expect(Object.keys(schema.properties)).toEqual(['statusCode', 'code', 'message', 'details', 'conflict', 'requestId']);
  });

  it('applies the defaults of each kind of route: sign-in 401, roles 403, ids 404, bodies 413/415, limits 429', () => {
    const find = (method: string, path: string) => operations.find((o) => o.method === method && o.path === path)!.operation;
    const codes = (operation: any, status: number) => operation.responses[String(status)]?.['x-error-codes'] ?? [];

    const assign = find('post', '/api/v1/trusts/{trustId}/walkouts/{walkoutId}/cover-assignments');
    expect(assign.security).toEqual([{ bearer: [] }]);
    expect(codes(assign, 401)).toEqual(['ACCOUNT_DISABLED', 'UNAUTHENTICATED']);
    expect(codes(assign, 403)).toEqual(['FORBIDDEN']);
    expect(codes(assign, 404)).toEqual(expect.arrayContaining(['NOT_FOUND', 'WALKOUT_NOT_FOUND']));
    expect(codes(assign, 409)).toEqual(expect.arrayContaining(['SHIFT_OVERLAP', 'WALKOUT_CALLED_OFF']));
    expect(codes(assign, 422)).toEqual(expect.arrayContaining(['WORKING_TIME_REST', 'WORKING_TIME_WEEKLY_LIMIT', 'SCOPE_OF_PRACTICE']));
    expect(codes(assign, 400)).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'MALFORMED_JSON', 'BODY_TOO_DEEP', 'CONSENT_NOT_RECORDED']));
    expect(codes(assign, 413)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(codes(assign, 415)).toEqual(['UNSUPPORTED_MEDIA_TYPE']);

    const list = find('get', '/api/v1/trusts/{trustId}/walkouts');
    expect(codes(list, 403)).toEqual([]);
    expect(codes(list, 413)).toEqual([]);

    const login = find('post', '/api/v1/auth/token');
    expect(login.security).toEqual([]);
    expect(codes(login, 401)).toEqual(['ACCOUNT_DISABLED', 'INVALID_CREDENTIALS']);
    expect(codes(login, 429)).toEqual(['ACCOUNT_LOCKED', 'RATE_LIMITED']);
    expect(login.responses['429'].headers['Retry-After']).toBeDefined();

    const offer = find('get', '/r/{token}');
    expect(offer.security).toEqual([]);
    expect(Object.keys(offer.responses['404'].content)).toEqual(['text/html']);
    expect(codes(offer, 401)).toEqual([]);
    expect(codes(offer, 414)).toEqual(['URI_TOO_LONG']);

    const rebooking = find('post', '/api/v1/trusts/{trustId}/walkouts/{walkoutId}/rebooking-runs');
    expect(codes(rebooking, 409)).toEqual(['IDEMPOTENCY_KEY_IN_DOUBT', 'IDEMPOTENCY_REQUEST_IN_PROGRESS', 'REBOOKING_RUN_IN_PROGRESS']);
    expect(codes(rebooking, 503)).toEqual(['QUEUE_UNAVAILABLE', 'SERVICE_UNAVAILABLE']);

    expect(codes(find('get', '/admin/queues'), 403)).toEqual(['FORBIDDEN']);
  });

  it('types every id as a uuid, in paths and in schemas', () => {
    for (const { path, operation } of operations) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path' && parameter.name.endsWith('Id')) expect({ path, name: parameter.name, format: parameter.schema.format }).toEqual({ path, name: parameter.name, format: 'uuid' });
      }
    }
    const untyped: string[] = [];
    for (const [schemaName, schema] of Object.entries(document.components.schemas) as [string, any][]) {
      for (const [name, property] of Object.entries(schema.properties ?? {}) as [string, any][]) {
        // A sequence number (an audit entry's position) says so with its pattern.
        if (NOT_UUID.has(name) || !/^(id|[a-z]\w*Ids?)$/.test(name) || property.pattern === '^[0-9]+$') continue;
        const format = name.endsWith('Ids') ? property.items?.format : property.format;
        if (format !== 'uuid') untyped.push(`${schemaName}.${name}`);
      }
    }
    expect(untyped).toEqual([]);
  });
});
