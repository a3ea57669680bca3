import { Role } from '@app/core';
import { createTrust, TrustFixture, walkoutBody } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('walkouts (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-01T12:00:00Z') });
    trust = await createTrust(t, await t.bearer(Role.NationalAdmin));
    base = `/api/v1/trusts/${trust.trustId}/walkouts`;
  });
  afterAll(() => t.close());

  it('records a walkout with its notice, status and no warnings when notice was given in time', async () => {
    const response = await t.request('POST', base, { token: trust.admin, body: walkoutBody() });
    expect(response.status).toBe(201);
    expect(response.body).toEqual(
      expect.objectContaining({
        union: 'BMA',
        staffGroups: ['resident-doctor'],
        mode: 'full-walkout',
        startsAt: '2026-01-12T07:00:00.000Z',
        endsAt: '2026-01-14T07:00:00.000Z',
        status: 'announced',
        noticeDays: 22,
        siteIds: [],
        warnings: [],
        calledOffAt: null,
      }),
    );
  });

  it('stores London wall-clock times given with a BST offset as UTC', async () => {
    const response = await t.request('POST', base, {
      token: trust.admin,
      body: walkoutBody({ startsAt: '2026-06-15T07:00:00+01:00', endsAt: '2026-06-20T07:00:00+01:00', noticeReceivedAt: '2026-05-01T09:00:00+01:00', siteIds: [trust.siteIds[0]] }),
    });
    expect(response.body.startsAt).toBe('2026-06-15T06:00:00.000Z');
    expect(response.body.siteIds).toEqual([trust.siteIds[0]]);
    expect(response.body.warnings).toEqual([]);
  });

  it('records a short-notice walkout that overlaps another, with both warnings', async () => {
    const response = await t.request('POST', base, {
      token: trust.admin,
      body: walkoutBody({ startsAt: '2026-01-13T08:00:00Z', endsAt: '2026-01-13T17:00:00Z', noticeReceivedAt: '2026-01-03T08:00:00Z' }),
    });
    expect(response.status).toBe(201);
    expect(response.body.warnings.map((w: { code: string }) => w.code).sort()).toEqual(['OVERLAPS_WALKOUT', 'SHORT_NOTICE']);
  });

  it('records a walkout already under way without a notice date: stored as unknown, with a warning, never refused', async () => {
    const { noticeReceivedAt: _omitted, ...body } = walkoutBody({ startsAt: '2026-01-01T07:00:00Z', endsAt: '2026-01-02T07:00:00Z' });
    const response = await t.request('POST', base, { token: trust.admin, body });
    expect(response.status).toBe(201);
    expect(response.body).toEqual(expect.objectContaining({ status: 'in-progress', noticeReceivedAt: null, noticeDays: null }));
    expect(response.body.warnings.map((w: { code: string }) => w.code)).toContain('NOTICE_DATE_UNKNOWN');
    const read = await t.request('GET', `${base}/${response.body.id}`, { token: trust.viewer });
    expect(read.body).toEqual(expect.objectContaining({ noticeReceivedAt: null, noticeDays: null }));
  });

  it('still refuses a notice date the client did send that is after the start (400 naming noticeReceivedAt)', async () => {
    const response = await t.request('POST', base, { token: trust.admin, body: walkoutBody({ noticeReceivedAt: '2026-01-12T08:00:00Z' }) });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'noticeReceivedAt', message: 'must not be after startsAt' }]);
  });

  it('refuses times without an offset, an end before the start, an unknown staff group and another trust’s site', async () => {
    const other = await createTrust(t, await t.bearer(Role.NationalAdmin), 'Other');
    const noOffset = await t.request('POST', base, { token: trust.admin, body: walkoutBody({ startsAt: '2026-01-12T08:00:00' }) });
    expect(noOffset.status).toBe(400);
    expect(noOffset.body.details[0].field).toBe('startsAt');
    const backwards = await t.request('POST', base, { token: trust.admin, body: walkoutBody({ endsAt: '2026-01-11T08:00:00Z' }) });
    expect(backwards.body.details).toEqual([{ field: 'endsAt', message: 'must be after startsAt' }]);
    const group = await t.request('POST', base, { token: trust.admin, body: walkoutBody({ staffGroups: ['porters'] }) });
    expect(group.body.details[0].field).toBe('staffGroups');
    const site = await t.request('POST', base, { token: trust.admin, body: walkoutBody({ siteIds: [trust.siteIds[0], other.siteIds[0]] }) });
    expect(site.status).toBe(400);
    expect(site.body.details).toEqual([{ field: 'siteIds[1]', message: 'is not a site of this trust' }]);
  });

  it('derives the status from the clock: in progress during the walkout, ended after it', async () => {
    const created = await t.request('POST', base, { token: trust.admin, body: walkoutBody({ startsAt: '2026-02-02T07:00:00Z', endsAt: '2026-02-03T07:00:00Z' }) });
    t.clock.set(new Date('2026-02-02T10:00:00Z'));
    expect((await t.request('GET', `${base}/${created.body.id}`, { token: trust.viewer })).body.status).toBe('in-progress');
    const inProgress = await t.request('GET', `${base}?status=in-progress`, { token: trust.viewer });
    expect(inProgress.body.items.map((w: { id: string }) => w.id)).toEqual([created.body.id]);
    t.clock.set(new Date('2026-02-03T07:00:00Z'));
    expect((await t.request('GET', `${base}/${created.body.id}`, { token: trust.viewer })).body.status).toBe('ended');
    t.clock.set(new Date('2026-01-01T12:00:00Z'));
  });

  it('calls a walkout off with a reason once; a second call-off is a 409', async () => {
    const created = await t.request('POST', base, { token: trust.admin, body: walkoutBody({ startsAt: '2026-03-02T07:00:00Z', endsAt: '2026-03-03T07:00:00Z' }) });
    const first = await t.request('POST', `${base}/${created.body.id}/call-off`, { token: trust.admin, body: { reason: 'Suspended after talks' } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual(expect.objectContaining({ status: 'called-off', callOffReason: 'Suspended after talks', calledOffAt: '2026-01-01T12:00:00.000Z' }));
    const second = await t.request('POST', `${base}/${created.body.id}/call-off`, { token: trust.admin, body: { reason: 'again' } });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('WALKOUT_ALREADY_CALLED_OFF');
    const listed = await t.request('GET', `${base}?status=called-off`, { token: trust.viewer });
    expect(listed.body.items.map((w: { id: string }) => w.id)).toContain(created.body.id);
  });

  it('refuses to call off a walkout that has ended (409), and a call-off without a reason (400)', async () => {
    const created = await t.request('POST', base, { token: trust.admin, body: walkoutBody({ startsAt: '2025-12-01T07:00:00Z', endsAt: '2025-12-02T07:00:00Z', noticeReceivedAt: '2025-11-01T07:00:00Z' }) });
    const ended = await t.request('POST', `${base}/${created.body.id}/call-off`, { token: trust.admin, body: { reason: 'too late' } });
    expect(ended.status).toBe(409);
    expect(ended.body.code).toBe('WALKOUT_ALREADY_ENDED');
    const noReason = await t.request('POST', `${base}/${created.body.id}/call-off`, { token: trust.admin, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0].field).toBe('reason');
  });

  it('lists walkouts by date window, page by page in start order', async () => {
    const all = await t.request('GET', `${base}?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z`, { token: trust.viewer });
    expect(all.body.items.every((w: { startsAt: string }) => w.startsAt < '2026-02-01')).toBe(true);
    const first = await t.request('GET', `${base}?limit=2`, { token: trust.viewer });
    const second = await t.request('GET', `${base}?limit=2&cursor=${first.body.nextCursor}`, { token: trust.viewer });
    const starts = [...first.body.items, ...second.body.items].map((w: { startsAt: string }) => w.startsAt);
    expect(starts).toEqual([...starts].sort());
    expect(new Set([...first.body.items, ...second.body.items].map((w: { id: string }) => w.id)).size).toBe(4);
  });

  it('records participation per staff number and reports the counts; unknown staff numbers save nothing', async () => {
    await t.request('POST', `/api/v1/trusts/${trust.trustId}/staff/import`, {
      token: trust.admin,
      body: { items: ['R1', 'R2', 'R3'].map((staffNumber) => ({ staffNumber, givenName: 'A', familyName: 'B', grade: 'resident-doctor', specialty: 'acute-medicine' })) },
    });
    const walkout = await t.request('POST', base, { token: trust.admin, body: walkoutBody({ startsAt: '2026-04-02T07:00:00+01:00', endsAt: '2026-04-03T07:00:00+01:00' }) });
    const url = `${base}/${walkout.body.id}/participation`;
    const saved = await t.request('PUT', url, { token: trust.admin, body: { items: [{ staffNumber: 'R1', intendsToStrike: 'yes' }, { staffNumber: 'R2', intendsToStrike: 'no' }] } });
    expect(saved.body).toEqual({ yes: 1, no: 1, unknown: 0 });
    const changed = await t.request('PUT', url, { token: trust.admin, body: { items: [{ staffNumber: 'R2', intendsToStrike: 'yes' }, { staffNumber: 'R3', intendsToStrike: 'unknown' }] } });
    expect(changed.body).toEqual({ yes: 2, no: 0, unknown: 1 });
    const unknown = await t.request('PUT', url, { token: trust.admin, body: { items: [{ staffNumber: 'R1', intendsToStrike: 'no' }, { staffNumber: 'NOPE', intendsToStrike: 'yes' }] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([{ field: 'items[1].staffNumber', message: 'is not a staff member of this trust' }]);
    expect((await t.request('GET', `${base}/${walkout.body.id}`, { token: trust.viewer })).body.participation).toEqual({ yes: 2, no: 0, unknown: 1 });
    const badAnswer = await t.request('PUT', url, { token: trust.admin, body: { items: [{ staffNumber: 'R1', intendsToStrike: 'maybe' }] } });
    expect(badAnswer.body.details[0].field).toBe('items[0].intendsToStrike');
  });
});
