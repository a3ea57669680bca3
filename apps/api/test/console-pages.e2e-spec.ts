import { Role } from '@app/core';
import { RebookingRunService } from '@app/rebooking';
import { signInToConsole, SignedInSession } from './support/console-users';
import { COMING_WALKOUT, CONSOLE_NOW, consoleScenario, ConsoleScenario, coverRequirements } from './support/console-scenario';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(120_000);

/** The console's pages over HTTP: each page, each form's refusals, trust scope and roles. */
describe('console pages (e2e)', () => {
  let t: TestApp;
  let s: ConsoleScenario;
  let admin: SignedInSession;
  let viewer: SignedInSession;
  let otherAdmin: SignedInSession;
  let walkoutId: string;
  let incidentId: string;
  let pages: string[];
  let writePages: string[];
  let forms: string[];

  const get = (url: string, session: SignedInSession) => t.request('GET', url, { headers: { cookie: session.cookie, accept: 'text/html' } });
  const post = (url: string, session: SignedInSession, fields: Record<string, string | string[]>, csrf = true) => {
    const body = new URLSearchParams();
    if (csrf) body.append('_csrf', session.csrfToken);
    for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    return t.request('POST', url, { headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: body.toString() });
  };
  const upload = (url: string, session: SignedInSession, csv: string) => {
    const boundary = 'console-test-boundary';
    const body = [
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${session.csrfToken}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="participation.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`,
      `--${boundary}--\r\n`,
    ].join('');
    return t.request('POST', url, { headers: { cookie: session.cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html' }, body });
  };
  const base = () => `/console/trusts/${s.trust.trustId}`;

  beforeAll(async () => {
    t = await startTestApp({ now: CONSOLE_NOW });
    s = await consoleScenario(t);
    [admin, viewer, otherAdmin] = await Promise.all([signInToConsole(t, s.admin), signInToConsole(t, s.viewer), signInToConsole(t, s.otherAdmin)]);
    const api = `/api/v1/trusts/${s.trust.trustId}`;
    const walkout = await t.request('POST', `${api}/walkouts`, { token: s.trust.admin, body: { union: 'BMA', staffGroups: ['resident-doctor'], mode: 'full-walkout', ...COMING_WALKOUT, noticeReceivedAt: '2025-12-20T09:00:00+00:00' } });
    walkoutId = walkout.body.id;
    await t.request('POST', `${api}/walkouts/${walkoutId}/postponements`, { token: s.trust.admin, body: {} });
    const run = await t.request('POST', `${api}/walkouts/${walkoutId}/rebooking-runs`, { token: s.trust.admin, body: {} });
    await t.app.get(RebookingRunService).execute(run.body.runId);
    await coverRequirements(t, s.trust, walkoutId, ['2026-01-12', '2026-01-13']);
    const incident = await t.request('POST', `${api}/major-incidents`, { token: s.trust.admin, body: { level: 'major', state: 'declared', siteIds: [s.trust.siteIds[0]], description: 'Bus collision on the A4' } });
    incidentId = incident.body.id;
    const w = `${base()}/walkouts/${walkoutId}`;
    pages = [base(), `${w}`, `${w}/rebooking-progress`, `${w}/sitrep.csv`, `${w}/sitrep.json`, `${w}/cover`, `${base()}/incidents`, `${base()}/incidents/${incidentId}`, `${base()}/incidents/${incidentId}/board`, `${base()}/incidents/${incidentId}/roll-call.csv`];
    writePages = [`${base()}/walkouts/new`, `${w}/call-off`, `${w}/postpone`, `${w}/follow-up`, `${w}/follow-up.csv`, `${w}/participation`, `${w}/cover/assignments/new`, `${w}/cover/autofill`, `${base()}/messages`, `${base()}/messages/${walkoutId}/call-list.csv`];
    forms = [`${base()}/walkouts`, `${w}/call-off`, `${w}/postpone`, `${w}/rebooking-runs`, `${w}/participation/import`, `${w}/cover/assignments`, `${w}/cover/autofill`, `${base()}/incidents`, `${base()}/incidents/${incidentId}/stand-down`, `${base()}/incidents/${incidentId}/cancel`];
  });
  afterAll(() => t?.close());

  it('shows a trust admin every page of their trust', async () => {
    for (const url of [...pages, ...writePages]) {
      const response = await get(url, admin);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
    }
    const walkout = await get(`${base()}/walkouts/${walkoutId}`, admin);
    expect(walkout.text).toContain('What this walkout affects');
    expect(walkout.text).toMatch(/New date more than 28 days after the walkout \(breaches to report\)<\/dt>\s*<dd class="nhsuk-summary-list__value">2<\/dd>/);
    expect(walkout.text).toMatch(/No new date found \(for the booking team\)<\/dt>\s*<dd class="nhsuk-summary-list__value">2<\/dd>/);
    const followUp = await get(`${base()}/walkouts/${walkoutId}/follow-up`, admin);
    expect(followUp.text).toContain('No new date yet (2)');
    expect(followUp.text).toContain('New date more than 28 days after the walkout (2)');
    expect(followUp.text).toContain('07700 900123');
  });

  it('shows a trust viewer everything of their trust with no action form, and refuses them every form and the personal-data pages (403)', async () => {
    for (const url of pages) {
      const response = await get(url, viewer);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      const actions = [...response.text.matchAll(/<form[^>]*method="post"[^>]*action="([^"]+)"/g)].map((m) => m[1]).filter((action) => action !== '/console/logout');
      expect({ url, actions }).toEqual({ url, actions: [] });
    }
    for (const url of writePages) {
      const response = await get(url, viewer);
      expect({ url, status: response.status }).toEqual({ url, status: 403 });
      expect(response.text).toContain('You do not have access to this page');
    }
    for (const url of forms) {
      const response = await post(url, viewer, { reason: 'x' });
      expect({ url, status: response.status }).toEqual({ url, status: 403 });
    }
    expect((await get(`${base()}/walkouts/${walkoutId}`, viewer)).text).not.toContain('/follow-up');
  });

  it('answers another trust’s pages and forms with the 404 page', async () => {
    for (const url of [...pages, ...writePages]) {
      const response = await get(url, otherAdmin);
      expect({ url, status: response.status }).toEqual({ url, status: 404 });
      expect(response.text).toContain('Page not found');
    }
    for (const url of forms) expect({ url, status: (await post(url, otherAdmin, {})).status }).toEqual({ url, status: 404 });
    // Its own trust id with another trust's walkout or incident: still 404.
    const own = `/console/trusts/${s.other.trustId}`;
    for (const url of [`${own}/walkouts/${walkoutId}`, `${own}/walkouts/${walkoutId}/cover`, `${own}/incidents/${incidentId}`, `${own}/walkouts/${walkoutId}/follow-up`, `${own}/messages/${walkoutId}/call-list.csv`]) {
      expect({ url, status: (await get(url, otherAdmin)).status }).toEqual({ url, status: 404 });
    }
  });

  it('refuses a form without its CSRF token', async () => {
    const response = await post(`${base()}/walkouts`, admin, { union: 'BMA' }, false);
    expect(response.status).toBe(403);
    expect(response.text).toContain('Your form could not be sent');
  });

  it('shows bad input again with the NHS.UK error summary and the rule in plain words beside the field, never a 5xx', async () => {
    const cases: { url: string; fields: Record<string, string | string[]>; field: string; message: string }[] = [
      { url: `${base()}/walkouts`, fields: {}, field: 'union', message: 'Enter the union that gave notice' },
      { url: `${base()}/walkouts`, fields: { union: 'BMA', staffGroups: 'resident-doctor', mode: 'full-walkout', 'startsAt-day': '12', 'startsAt-month': '1', 'startsAt-year': '2026', 'startsAt-time': '07:00', 'endsAt-day': '11', 'endsAt-month': '1', 'endsAt-year': '2026', 'endsAt-time': '07:00' }, field: 'endsAt-day', message: 'The end must be after the start' },
      { url: `${base()}/walkouts`, fields: { union: 'BMA', staffGroups: 'porters', mode: 'full-walkout', 'startsAt-day': '12', 'startsAt-month': '1', 'startsAt-year': '2026', 'startsAt-time': '07:00', 'endsAt-day': '13', 'endsAt-month': '1', 'endsAt-year': '2026', 'endsAt-time': '07:00' }, field: 'staffGroups', message: 'Each of the staff groups must be one of' },
      { url: `${base()}/walkouts`, fields: { union: 'BMA', staffGroups: 'resident-doctor', mode: 'full-walkout', 'startsAt-day': '29', 'startsAt-month': '3', 'startsAt-year': '2026', 'startsAt-time': '01:30', 'endsAt-day': '30', 'endsAt-month': '3', 'endsAt-year': '2026', 'endsAt-time': '07:00' }, field: 'startsAt-time', message: 'does not exist on that date' },
      { url: `${base()}/walkouts/${walkoutId}/call-off`, fields: { reason: '' }, field: 'reason', message: 'Enter why the walkout was called off' },
      { url: `${base()}/walkouts/${walkoutId}/rebooking-runs`, fields: { horizonDays: '9999' }, field: 'horizonDays', message: 'whole number of days from 1 to 180' },
      { url: `${base()}/walkouts/${walkoutId}/cover/assignments`, fields: { staffNumber: 'C1' }, field: 'departmentId', message: 'Select the department' },
      { url: `${base()}/walkouts/${walkoutId}/cover/assignments`, fields: { staffNumber: 'NOBODY', departmentId: s.trust.departmentIds[0], 'startsAt-day': '12', 'startsAt-month': '1', 'startsAt-year': '2026', 'startsAt-time': '08:00', 'endsAt-day': '12', 'endsAt-month': '1', 'endsAt-year': '2026', 'endsAt-time': '20:00', consentRecorded: 'yes' }, field: 'staffNumber', message: 'The consultant is not a staff member of this trust' },
      { url: `${base()}/incidents`, fields: { level: 'major', description: 'Crash' }, field: 'siteIds', message: 'Select the sites affected' },
      { url: `${base()}/incidents`, fields: { level: 'major', siteIds: s.trust.siteIds[0], description: 'Crash', 'methane-hazards': 'Fuel' }, field: 'methane-exactLocation', message: 'Enter exact location' },
      { url: `${base()}/incidents`, fields: { level: 'major', siteIds: s.other.siteIds[0], description: 'Crash' }, field: 'siteIds', message: 'is not a site of this trust' },
      { url: `${base()}/incidents`, fields: { level: 'enormous', siteIds: s.trust.siteIds[0], description: 'Crash' }, field: 'level', message: 'The level' },
    ];
    for (const { url, fields, field, message } of cases) {
      const response = await post(url, admin, fields);
      expect({ url, field, status: response.status >= 400 && response.status < 500 }).toEqual({ url, field, status: true });
      expect(response.text).toContain('nhsuk-error-summary');
      expect(response.text).toContain(`href="#${field}"`);
      expect({ url, field, message: response.text.includes(message) }).toEqual({ url, field, message: true });
      expect(response.text).toMatch(/<title>Error: /);
    }
    const badFile = await upload(`${base()}/walkouts/${walkoutId}/participation/import`, admin, 'staff number,intends to strike\nR1,yes\nZ9,no\n');
    expect(badFile.status).toBe(400);
    expect(badFile.text).toContain('Line 3: staff number Z9 is not a staff member of this trust');
    expect((await upload(`${base()}/walkouts/${walkoutId}/participation/import`, admin, 'nonsense')).status).toBe(400);
  });

  it('records a walkout from UK wall-clock times either side of the spring clock change', async () => {
    const form = (day: string) => ({ union: 'BMA', staffGroups: 'consultant', mode: 'emergency-care-only', 'startsAt-day': day, 'startsAt-month': '3', 'startsAt-year': '2026', 'startsAt-time': '07:00', 'endsAt-day': day, 'endsAt-month': '3', 'endsAt-year': '2026', 'endsAt-time': '17:00', 'noticeReceivedAt-day': '1', 'noticeReceivedAt-month': '3', 'noticeReceivedAt-year': '2026' });
    const saturday = await post(`${base()}/walkouts`, admin, form('28'));
    const sunday = await post(`${base()}/walkouts`, admin, form('29'));
    expect([saturday.status, sunday.status]).toEqual([303, 303]);
    const id = (location: unknown) => /walkouts\/([0-9a-f-]{36})/.exec(String(location))![1];
    const stored = async (location: unknown) => (await t.request('GET', `/api/v1/trusts/${s.trust.trustId}/walkouts/${id(location)}`, { token: s.trust.admin })).body.startsAt;
    expect(await stored(saturday.headers.location)).toBe('2026-03-28T07:00:00.000Z');
    expect(await stored(sunday.headers.location)).toBe('2026-03-29T06:00:00.000Z');
    const page = await get(String(sunday.headers.location), admin);
    expect(page.text).toContain('The walkout has been recorded.');
    expect(page.text).toContain('Sun 29 Mar 2026, 07:00 to 17:00');
  });

  it('uploads participation as a CSV file and shows the counts', async () => {
    const response = await upload(`${base()}/walkouts/${walkoutId}/participation/import`, admin, 'Staff Number,Intends to strike\r\nR1,yes\r\nR2,Yes\r\nR3,no\r\n');
    expect(response.status).toBe(303);
    const summary = await t.request('GET', `/api/v1/trusts/${s.trust.trustId}/walkouts/${walkoutId}`, { token: s.trust.admin });
    expect(summary.body.participation).toEqual({ yes: 2, no: 1, unknown: 0 });
    expect((await get(`${base()}/walkouts/${walkoutId}`, admin)).text).toMatch(/Intend to strike\s*<\/dt>\s*<dd class="nhsuk-summary-list__value">\s*2\s*</);
  });

  it('downloads the sitrep the API gives', async () => {
    const api = await t.request('GET', `/api/v1/trusts/${s.trust.trustId}/walkouts/${walkoutId}/sitrep?format=csv`, { token: s.trust.admin });
    const page = await get(`${base()}/walkouts/${walkoutId}/sitrep.csv`, viewer);
    expect(page.text).toBe(api.text);
    const json = JSON.parse((await get(`${base()}/walkouts/${walkoutId}/sitrep.json`, viewer)).text);
    const apiJson = (await t.request('GET', `/api/v1/trusts/${s.trust.trustId}/walkouts/${walkoutId}/sitrep`, { token: s.trust.admin })).body;
    expect({ ...json, generatedAt: null }).toEqual({ ...apiJson, generatedAt: null });
  });

  it('gives a national admin the national view and any trust; trust users get 403 there', async () => {
    const national = await signInToConsole(t, s.national);
    const page = await get('/console/national', national);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Chelsea and Westminster Hospital NHS Foundation Trust');
    expect(page.text).toContain('Bus collision on the A4');
    expect((await get(base(), national)).status).toBe(200);
    expect((await get('/console/national', admin)).status).toBe(403);
    expect(Role.NationalAdmin).toBe('national-admin');
  });
});
