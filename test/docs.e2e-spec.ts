import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../apps/api/test/support/test-app';
import { catalogueRows, ERRORS_DOC, errorCatalogueOf, MEANINGS } from '../scripts/error-catalogue';

/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document is JSON */
const ROOT = join(__dirname, '..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The parts of docs/ that restate the code: they fail here, not in a reader's hands, when the code moves. */
describe('docs/ against the running app (e2e)', () => {
  let t: TestApp;
  let document: any;

  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.request('GET', '/docs-json')).body;
  });
  afterAll(() => t.close());

  const clone = () => JSON.parse(JSON.stringify(document));

  it('docs/errors.md is exactly the catalogue the code generates (after changing an error code, run npm run docs:errors)', async () => {
    expect(await errorCatalogueOf(t.app)).toBe(readFileSync(ERRORS_DOC, 'utf8'));
  });

  it('refuses to write a catalogue with a code nobody described, or a description of a code that is gone', () => {
    const withNewCode = clone();
    withNewCode.paths['/health'].get.responses['503']['x-error-codes'].push('BRAND_NEW_CODE');
    expect(() => catalogueRows(t.app, withNewCode)).toThrow(/BRAND_NEW_CODE: add a meaning/);
    expect(() => catalogueRows(t.app, document, { ...MEANINGS, CODE_THAT_IS_GONE: 'An old refusal.' })).toThrow(/CODE_THAT_IS_GONE: MEANINGS describes a code the code no longer has/);
  });

  it('refuses a catalogue where the document and the owning error class disagree on a status', () => {
    const wrongStatus = clone();
    const responses = wrongStatus.paths['/api/v1/trusts/{trustId}/walkouts/{walkoutId}/cover-assignments'].post.responses;
    responses['422']['x-error-codes'] = responses['422']['x-error-codes'].filter((code: string) => code !== 'WORKING_TIME_REST');
    responses['409']['x-error-codes'].push('WORKING_TIME_REST');
    expect(() => catalogueRows(t.app, wrongStatus)).toThrow(/WORKING_TIME_REST: the document lists it as 409, but the class that declares it gives 422/);
  });

  it('names the owning lib, and keeps the codes that only the HTTP pipeline answers', () => {
    const rows = catalogueRows(t.app, document);
    expect(rows.find((row) => row.code === 'WORKING_TIME_REST')).toEqual(expect.objectContaining({ status: 422, libs: ['cover'] }));
    expect(rows.find((row) => row.code === 'MESSAGE_BUDGET_EXCEEDED')).toEqual(expect.objectContaining({ status: 429, libs: ['notifications'] }));
    expect(rows.find((row) => row.code === 'ROUTE_NOT_FOUND')).toEqual(expect.objectContaining({ status: 404, libs: ['core'], operations: [] }));
    // A lib that keeps its error class private owns the codes its own routes answer.
    expect(rows.find((row) => row.code === 'REBOOKING_RUN_IN_PROGRESS')).toEqual(expect.objectContaining({ status: 409, libs: ['rebooking'] }));
  });

  it('lists every operation of /docs-json in the routes overview of docs/api.md, and nothing the app does not serve', () => {
    const api = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
    const start = api.indexOf('\n## Routes\n');
    expect(start).toBeGreaterThan(0);
    const next = api.indexOf('\n## ', start + 1);
    const overview = api.slice(start, next < 0 ? undefined : next);
    const documented = new Set([...overview.matchAll(/`(GET|PUT|POST|DELETE|PATCH) (\/[^`\s]*)`/g)].map((m) => `${m[1]} ${m[2]}`));
    const served = Object.entries<any>(document.paths).flatMap(([path, item]) => METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`));
    expect(served.filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !served.includes(route))).toEqual([]);
  });
});
