import { Role } from '@app/core';
import { RebookingRunService } from '@app/rebooking';
import { createTrust, TrustFixture, validNhsNumber, walkoutBody } from './support/fixtures';
import { importAppointments, importSlots } from './support/rebooking-fixtures';
import { startTestApp, TestApp } from './support/test-app';

const codes = (warnings: { code: string }[]) => warnings.map((w) => w.code);

describe('operator routes: patients, slots, rebooking runs (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let other: TrustFixture;
  let base: string;
  const nhs = Array.from({ length: 5 }, (_, n) => validNhsNumber(700 + n));

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-01T12:00:00Z') });
    const national = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, national, 'Operators');
    other = await createTrust(t, national, 'Other operators');
    base = `/api/v1/trusts/${trust.trustId}`;
    const names = [
      ['Sam', 'Patel'],
      ['Samira', 'Khan'],
      ['Ben', 'Patterson'],
      ['Ada', 'Okafor'],
      ['Percy', '100%_Real'],
    ];
    const imported = await t.request('POST', `${base}/patients/import`, {
      token: trust.admin,
      body: { items: names.map(([givenName, familyName], n) => ({ nhsNumber: nhs[n], givenName, familyName, dateOfBirth: '1961-04-23', mobile: '07700 900123' })) },
    });
    expect(imported.status).toBe(200);
    await t.request('POST', `/api/v1/trusts/${other.trustId}/patients/import`, {
      token: other.admin,
      body: { items: [{ nhsNumber: validNhsNumber(799), givenName: 'Sam', familyName: 'Patel', dateOfBirth: '1970-01-01' }] },
    });
  });
  afterAll(() => t.close());

  it('documents every new route in /docs-json with a summary and its error responses', async () => {
    const doc = (await t.request('GET', '/docs-json')).body;
    const operations: [string, string, string[]][] = [
      ['/api/v1/trusts/{trustId}/patients', 'get', ['400', '404']],
      ['/api/v1/trusts/{trustId}/slots', 'get', ['400', '404']],
      ['/api/v1/trusts/{trustId}/rebooking-runs', 'get', ['400', '404']],
      ['/api/v1/trusts/{trustId}/walkouts/{walkoutId}/rebooking-runs', 'get', ['400', '404']],
      ['/api/v1/trusts/{trustId}/walkouts/{walkoutId}', 'patch', ['400', '404', '409']],
    ];
    for (const [path, method, statuses] of operations) {
      const operation = doc.paths[path]?.[method];
      expect({ path, method, summary: typeof operation?.summary }).toEqual({ path, method, summary: 'string' });
      for (const status of statuses) expect({ path, method, status, documented: status in operation.responses }).toEqual({ path, method, status, documented: true });
    }
  });

  describe('GET …/patients', () => {
    it('lists the trust’s patients in family-name order, a page at a time, without the other trust’s', async () => {
      const first = await t.request('GET', `${base}/patients?limit=2`, { token: trust.viewer });
      expect(first.status).toBe(200);
      const second = await t.request('GET', `${base}/patients?limit=2&cursor=${first.body.nextCursor}`, { token: trust.viewer });
      const third = await t.request('GET', `${base}/patients?limit=2&cursor=${second.body.nextCursor}`, { token: trust.viewer });
      const families = [...first.body.items, ...second.body.items, ...third.body.items].map((p: { familyName: string }) => p.familyName);
      expect(families).toEqual(['100%_Real', 'Khan', 'Okafor', 'Patel', 'Patterson']);
      expect(third.body.nextCursor).toBeNull();
      expect(first.body.items[0]).toEqual(
        expect.objectContaining({ nhsNumber: nhs[4], givenName: 'Percy', dateOfBirth: '1961-04-23', mobile: '+447700900123', email: null, address: null, preferredChannel: null }),
      );
    });

    it('finds by part of a name: every word in the given or family name, any case', async () => {
      const pat = await t.request('GET', `${base}/patients?q=PAT`, { token: trust.viewer });
      expect(pat.body.items.map((p: { familyName: string }) => p.familyName)).toEqual(['Patel', 'Patterson']);
      const sam = await t.request('GET', `${base}/patients?q=${encodeURIComponent('sam pat')}`, { token: trust.viewer });
      expect(sam.body.items.map((p: { givenName: string }) => p.givenName)).toEqual(['Sam']);
      const mira = await t.request('GET', `${base}/patients?q=mira`, { token: trust.viewer });
      expect(mira.body.items.map((p: { familyName: string }) => p.familyName)).toEqual(['Khan']);
    });

    it('treats % and _ in a search as letters, not wildcards', async () => {
      const percent = await t.request('GET', `${base}/patients?q=${encodeURIComponent('0%_r')}`, { token: trust.viewer });
      expect(percent.body.items.map((p: { familyName: string }) => p.familyName)).toEqual(['100%_Real']);
      const underscore = await t.request('GET', `${base}/patients?q=${encodeURIComponent('p_t')}`, { token: trust.viewer });
      expect(underscore.body.items).toEqual([]);
    });

    it('finds one patient by exact NHS number, written with or without spaces', async () => {
      const spaced = `${nhs[1].slice(0, 3)} ${nhs[1].slice(3, 6)} ${nhs[1].slice(6)}`;
      const found = await t.request('GET', `${base}/patients?nhsNumber=${encodeURIComponent(spaced)}`, { token: trust.viewer });
      expect(found.body.items.map((p: { nhsNumber: string }) => p.nhsNumber)).toEqual([nhs[1]]);
      const otherTrusts = await t.request('GET', `${base}/patients?nhsNumber=${validNhsNumber(799)}`, { token: trust.viewer });
      expect(otherTrusts.body.items).toEqual([]);
    });

    it('refuses an NHS number that fails the modulus 11 check, naming the parameter', async () => {
      const wrongCheckDigit = nhs[0].slice(0, 9) + String((Number(nhs[0][9]) + 1) % 10);
      const response = await t.request('GET', `${base}/patients?nhsNumber=${wrongCheckDigit}`, { token: trust.viewer });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(['nhsNumber']);
      const badCursor = await t.request('GET', `${base}/patients?cursor=nonsense`, { token: trust.viewer });
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.details[0].field).toBe('cursor');
    });
  });

  describe('GET …/slots', () => {
    beforeAll(async () => {
      const [s1, s2] = trust.siteIds;
      await importSlots(t, trust.trustId, trust.admin, [
        { externalRef: 'L-1', siteId: s1, startsAt: '2026-02-02T09:00:00Z' },
        { externalRef: 'L-2', siteId: s1, startsAt: '2026-02-02T09:15:00Z', capacity: 2 },
        { externalRef: 'L-3', siteId: s2, startsAt: '2026-02-03T09:00:00Z' },
        { externalRef: 'L-T', siteId: s1, specialty: 'trauma-orthopaedics', kind: 'theatre', startsAt: '2026-02-04T08:00:00Z', minutes: 240 },
      ]);
      await importAppointments(t, trust.trustId, trust.admin, [
        { externalRef: 'L-A1', nhsNumber: nhs[0], slotExternalRef: 'L-1' },
        { externalRef: 'L-A2', nhsNumber: nhs[1], slotExternalRef: 'L-2' },
      ]);
    });

    it('lists slots in start order with their places, a page at a time', async () => {
      const first = await t.request('GET', `${base}/slots?limit=3`, { token: trust.viewer });
      const second = await t.request('GET', `${base}/slots?limit=3&cursor=${first.body.nextCursor}`, { token: trust.viewer });
      const all = [...first.body.items, ...second.body.items];
      expect(all.map((s: { externalRef: string }) => s.externalRef)).toEqual(['L-1', 'L-2', 'L-3', 'L-T']);
      expect(all[1]).toEqual(expect.objectContaining({ capacity: 2, bookedCount: 1, free: 1, kind: 'outpatient', specialty: 'cardiology' }));
    });

    it('filters by free capacity, site, kind, specialty and time', async () => {
      const refs = async (query: string) => (await t.request('GET', `${base}/slots?${query}`, { token: trust.viewer })).body.items.map((s: { externalRef: string }) => s.externalRef);
      expect(await refs('hasCapacity=true')).toEqual(['L-2', 'L-3', 'L-T']);
      expect(await refs('hasCapacity=false')).toEqual(['L-1']);
      expect(await refs(`siteId=${trust.siteIds[1]}`)).toEqual(['L-3']);
      expect(await refs('kind=theatre')).toEqual(['L-T']);
      expect(await refs('specialty=trauma-orthopaedics')).toEqual(['L-T']);
      expect(await refs(`from=${encodeURIComponent('2026-02-02T09:15:00Z')}&to=${encodeURIComponent('2026-02-04T00:00:00Z')}`)).toEqual(['L-2', 'L-3']);
    });

    it('refuses bad filters with a 400 naming each', async () => {
      const response = await t.request('GET', `${base}/slots?hasCapacity=maybe&kind=ward&from=2026-02-02`, { token: trust.viewer });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['from', 'hasCapacity', 'kind']);
    });
  });

  describe('GET …/rebooking-runs', () => {
    it('lists the runs of a walkout and of the trust, newest first, a page at a time', async () => {
      const runs = t.app.get(RebookingRunService);
      const w1 = (await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody() })).body.id;
      const w2 = (await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody({ startsAt: '2026-03-02T07:00:00Z', endsAt: '2026-03-03T07:00:00Z' }) })).body.id;
      const started: string[] = [];
      for (const walkoutId of [w1, w2, w1]) {
        const run = await t.request('POST', `${base}/walkouts/${walkoutId}/rebooking-runs`, { token: trust.admin, body: {} });
        expect(run.status).toBe(202);
        started.push(run.body.runId);
        await runs.execute(run.body.runId);
      }
      const ofW1 = await t.request('GET', `${base}/walkouts/${w1}/rebooking-runs`, { token: trust.viewer });
      expect(ofW1.status).toBe(200);
      expect(ofW1.body.items.map((r: { id: string }) => r.id)).toEqual([started[2], started[0]]);
      expect(ofW1.body.items[0]).toEqual(expect.objectContaining({ walkoutId: w1, status: 'succeeded', progress: 100 }));

      const first = await t.request('GET', `${base}/rebooking-runs?limit=2`, { token: trust.viewer });
      const second = await t.request('GET', `${base}/rebooking-runs?limit=2&cursor=${first.body.nextCursor}`, { token: trust.viewer });
      expect([...first.body.items, ...second.body.items].map((r: { id: string }) => r.id)).toEqual([...started].reverse());
      expect(second.body.nextCursor).toBeNull();
      const succeeded = await t.request('GET', `${base}/rebooking-runs?status=succeeded`, { token: trust.viewer });
      expect(succeeded.body.items).toHaveLength(3);
      expect((await t.request('GET', `${base}/rebooking-runs?status=queued`, { token: trust.viewer })).body.items).toEqual([]);
    });

    it('answers 404 for another trust’s walkout asked for through this trust’s path', async () => {
      const theirs = (await t.request('POST', `/api/v1/trusts/${other.trustId}/walkouts`, { token: other.admin, body: walkoutBody() })).body.id;
      const response = await t.request('GET', `${base}/walkouts/${theirs}/rebooking-runs`, { token: trust.admin });
      expect(response.status).toBe(404);
    });
  });
});

describe('PATCH …/walkouts/:walkoutId (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let other: TrustFixture;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-01T12:00:00Z') });
    const national = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, national, 'Changes');
    other = await createTrust(t, national, 'Other changes');
    base = `/api/v1/trusts/${trust.trustId}/walkouts`;
  });
  afterAll(() => t.close());

  const record = async (overrides: Record<string, unknown> = {}) => {
    const response = await t.request('POST', base, { token: trust.admin, body: walkoutBody(overrides) });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  it('moves an announced walkout and recomputes its notice days and warnings', async () => {
    const id = await record();
    const moved = await t.request('PATCH', `${base}/${id}`, { token: trust.admin, body: { startsAt: '2026-01-05T07:00:00+00:00', endsAt: '2026-01-07T07:00:00+00:00' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual(expect.objectContaining({ startsAt: '2026-01-05T07:00:00.000Z', endsAt: '2026-01-07T07:00:00.000Z', noticeDays: 15, status: 'announced' }));
    expect(moved.body.warnings).toEqual([]);
    const shorter = await t.request('PATCH', `${base}/${id}`, { token: trust.admin, body: { noticeReceivedAt: '2025-12-31T09:00:00+00:00' } });
    expect(shorter.body.noticeDays).toBe(4);
    expect(codes(shorter.body.warnings)).toEqual(['BELOW_AGREED_MINIMUM_NOTICE']);
    const unknown = await t.request('PATCH', `${base}/${id}`, { token: trust.admin, body: { noticeReceivedAt: null } });
    expect(unknown.body).toEqual(expect.objectContaining({ noticeReceivedAt: null, noticeDays: null }));
    expect(codes(unknown.body.warnings)).toEqual(['NOTICE_DATE_UNKNOWN']);
    const read = await t.request('GET', `${base}/${id}`, { token: trust.viewer });
    expect(read.body).toEqual(expect.objectContaining({ startsAt: '2026-01-05T07:00:00.000Z', noticeReceivedAt: null }));
  });

  it('changes the staff groups and sites, and the overlap warning follows', async () => {
    const id = await record({ startsAt: '2026-04-01T07:00:00+01:00', endsAt: '2026-04-02T07:00:00+01:00', staffGroups: ['consultant'] });
    await record({ startsAt: '2026-04-01T07:00:00+01:00', endsAt: '2026-04-02T07:00:00+01:00', siteIds: [trust.siteIds[0]] });
    const changed = await t.request('PATCH', `${base}/${id}`, { token: trust.admin, body: { staffGroups: ['resident-doctor'], siteIds: [trust.siteIds[0]] } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual(expect.objectContaining({ staffGroups: ['resident-doctor'], siteIds: [trust.siteIds[0]] }));
    expect(codes(changed.body.warnings)).toEqual(['OVERLAPS_WALKOUT']);
    const elsewhere = await t.request('PATCH', `${base}/${id}`, { token: trust.admin, body: { siteIds: [trust.siteIds[1]] } });
    expect(elsewhere.body.siteIds).toEqual([trust.siteIds[1]]);
    expect(elsewhere.body.warnings).toEqual([]);
  });

  it('refuses bad changes with a 400 naming the field, and changes nothing', async () => {
    const id = await record({ startsAt: '2026-05-04T07:00:00+01:00', endsAt: '2026-05-05T07:00:00+01:00', noticeReceivedAt: '2026-04-01T09:00:00+01:00' });
    const cases: [Record<string, unknown>, string[]][] = [
      [{ startsAt: '2026-05-06T07:00:00+01:00' }, ['startsAt']],
      [{ endsAt: '2026-05-03T07:00:00+01:00' }, ['endsAt']],
      [{ noticeReceivedAt: '2026-05-04T08:00:00+01:00' }, ['noticeReceivedAt']],
      [{ siteIds: [other.siteIds[0]] }, ['siteIds[0]']],
      [{ staffGroups: [] }, ['staffGroups']],
      [{ startsAt: '2026-05-04T07:00:00' }, ['startsAt']],
      [{ mode: 'emergency-care-only' }, ['mode']],
      [{}, ['body']],
    ];
    for (const [body, fields] of cases) {
      const response = await t.request('PATCH', `${base}/${id}`, { token: trust.admin, body });
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(fields);
    }
    const read = await t.request('GET', `${base}/${id}`, { token: trust.viewer });
    expect(read.body).toEqual(expect.objectContaining({ startsAt: '2026-05-04T06:00:00.000Z', endsAt: '2026-05-05T06:00:00.000Z', siteIds: [] }));
  });

  it('refuses to change a walkout that has started, ended or been called off (409), and a viewer (403)', async () => {
    const started = await record({ startsAt: '2026-01-01T07:00:00Z', endsAt: '2026-01-02T07:00:00Z' });
    const inProgress = await t.request('PATCH', `${base}/${started}`, { token: trust.admin, body: { endsAt: '2026-01-03T07:00:00Z' } });
    expect(inProgress.status).toBe(409);
    expect(inProgress.body.code).toBe('WALKOUT_ALREADY_STARTED');
    const ended = await record({ startsAt: '2025-12-01T07:00:00Z', endsAt: '2025-12-02T07:00:00Z', noticeReceivedAt: '2025-11-01T07:00:00Z' });
    expect((await t.request('PATCH', `${base}/${ended}`, { token: trust.admin, body: { endsAt: '2025-12-03T07:00:00Z' } })).body.code).toBe('WALKOUT_ALREADY_STARTED');
    const calledOff = await record({ startsAt: '2026-06-01T07:00:00+01:00', endsAt: '2026-06-02T07:00:00+01:00' });
    await t.request('POST', `${base}/${calledOff}/call-off`, { token: trust.admin, body: { reason: 'Suspended after talks' } });
    const refused = await t.request('PATCH', `${base}/${calledOff}`, { token: trust.admin, body: { endsAt: '2026-06-03T07:00:00+01:00' } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('WALKOUT_ALREADY_CALLED_OFF');
    const viewer = await t.request('PATCH', `${base}/${calledOff}`, { token: trust.viewer, body: { endsAt: '2026-06-03T07:00:00+01:00' } });
    expect(viewer.status).toBe(403);
  });

  it('answers 404 for another trust’s walkout, through either trust’s path', async () => {
    const theirs = (await t.request('POST', `/api/v1/trusts/${other.trustId}/walkouts`, { token: other.admin, body: walkoutBody() })).body.id;
    const ownPath = await t.request('PATCH', `${base}/${theirs}`, { token: trust.admin, body: { endsAt: '2026-01-15T07:00:00Z' } });
    expect(ownPath.status).toBe(404);
    const theirPath = await t.request('PATCH', `/api/v1/trusts/${other.trustId}/walkouts/${theirs}`, { token: trust.admin, body: { endsAt: '2026-01-15T07:00:00Z' } });
    expect(theirPath.status).toBe(404);
    const [row] = await t.dataSource.query(`SELECT ends_at FROM walkout WHERE id = $1`, [theirs]);
    expect(row.ends_at.toISOString()).toBe('2026-01-14T07:00:00.000Z');
  });

  describe('after postponement and rebooking under the old times', () => {
    let walkoutId: string;
    let nhs: string[];

    beforeAll(async () => {
      nhs = [validNhsNumber(900), validNhsNumber(901)];
      await t.request('POST', `/api/v1/trusts/${trust.trustId}/patients/import`, {
        token: trust.admin,
        body: { items: nhs.map((nhsNumber, n) => ({ nhsNumber, givenName: `P${n}`, familyName: 'Moved', dateOfBirth: '1970-01-01', mobile: '07700900124' })) },
      });
      const s1 = trust.siteIds[0];
      await importSlots(t, trust.trustId, trust.admin, [
        { externalRef: 'M-IN-1', siteId: s1, startsAt: '2026-09-14T09:00:00+01:00' },
        { externalRef: 'M-IN-2', siteId: s1, startsAt: '2026-09-15T10:00:00+01:00' },
        { externalRef: 'M-FREE-1', siteId: s1, startsAt: '2026-09-17T09:00:00+01:00' },
        { externalRef: 'M-FREE-2', siteId: s1, startsAt: '2026-09-22T09:00:00+01:00' },
      ]);
      await importAppointments(t, trust.trustId, trust.admin, [
        { externalRef: 'M-A1', nhsNumber: nhs[0], slotExternalRef: 'M-IN-1' },
        { externalRef: 'M-A2', nhsNumber: nhs[1], slotExternalRef: 'M-IN-2' },
      ]);
      walkoutId = await record({ startsAt: '2026-09-14T07:00:00+01:00', endsAt: '2026-09-16T07:00:00+01:00', noticeReceivedAt: '2026-08-20T09:00:00+01:00' });
      const postponed = await t.request('POST', `${base}/${walkoutId}/postponements`, { token: trust.admin, body: {} });
      expect(postponed.body.postponed).toBe(2);
    });

    it('waits for a rebooking run of the walkout that is queued (409 naming the run)', async () => {
      const run = await t.request('POST', `${base}/${walkoutId}/rebooking-runs`, { token: trust.admin, body: {} });
      const refused = await t.request('PATCH', `${base}/${walkoutId}`, { token: trust.admin, body: { endsAt: '2026-09-18T07:00:00+01:00' } });
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual(expect.objectContaining({ code: 'WALKOUT_CHANGE_BLOCKED', conflict: { runId: run.body.runId } }));
      await t.app.get(RebookingRunService).execute(run.body.runId);
      const placed = await t.dataSource.query(
        `SELECT s.external_ref FROM appointment a JOIN slot s ON s.id = a.slot_id WHERE a.rebooking_run_id = $1 ORDER BY s.starts_at`,
        [run.body.runId],
      );
      expect(placed.map((p: { external_ref: string }) => p.external_ref)).toEqual(['M-FREE-1', 'M-FREE-2']);
    });

    it('keeps what was done under the old times and says what the new ones leave behind', async () => {
      // The union moves the walkout a day later: the first postponed clinic is now outside it, and the
      // first new date (17 Sep) is now inside it.
      const moved = await t.request('PATCH', `${base}/${walkoutId}`, { token: trust.admin, body: { startsAt: '2026-09-15T07:00:00+01:00', endsAt: '2026-09-18T07:00:00+01:00' } });
      expect(moved.status).toBe(200);
      const byCode = Object.fromEntries(moved.body.warnings.map((w: { code: string; count?: number }) => [w.code, w.count]));
      expect(byCode).toEqual({ POSTPONED_OUTSIDE_WALKOUT: 1, REBOOKED_INTO_WALKOUT: 1 });
      const statuses = await t.dataSource.query(`SELECT external_ref, status FROM appointment WHERE external_ref IN ('M-A1', 'M-A2') ORDER BY external_ref`);
      expect(statuses).toEqual([
        { external_ref: 'M-A1', status: 'cancelled' },
        { external_ref: 'M-A2', status: 'cancelled' },
      ]);

      // Postponing again cancels the new date inside the walkout, with a notice, and queues it for rebooking.
      const again = await t.request('POST', `${base}/${walkoutId}/postponements`, { token: trust.admin, body: {} });
      expect(again.body.postponed).toBe(1);
      const [offer] = await t.dataSource.query(
        `SELECT a.status, a.cancellation_count FROM appointment a JOIN slot s ON s.id = a.slot_id WHERE s.external_ref = 'M-FREE-1' AND a.trust_id = $1`,
        [trust.trustId],
      );
      expect(offer).toEqual({ status: 'cancelled', cancellation_count: 2 });
    });
  });
});
