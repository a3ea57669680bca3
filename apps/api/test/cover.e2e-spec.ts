import { Role } from '@app/core';
import * as ical from 'node-ical';
import { createTrust, TrustFixture, walkoutBody } from './support/fixtures';
import { startTestApp, TestApp, TestResponse } from './support/test-app';

/**
 * Consultant emergency cover over HTTP: requirements, assignments and every refusal code, gaps (DST),
 * autofill, cost, shift notices, the calendar feed (read back with node-ical), trust scope and roles.
 */
describe('consultant cover (e2e)', () => {
  let t: TestApp;
  let a: TrustFixture;
  let b: TrustFixture;
  let maternityOfA: string;
  let walkout: string; // A: Mon 12 → Mon 19 Jan 2026, 07:00 GMT, resident doctors
  let calledOff: string;
  let autumn: string; // A: 07:00 → 07:00 over the clock change of 25 Oct 2026
  let walkoutOfB: string;
  let assignmentOfB: string;
  let requirementOfB: string;
  let edA: string;
  let edA2: string;
  let availabilityOfB: string;

  const base = (trust: TrustFixture, walkoutId: string) => `/api/v1/trusts/${trust.trustId}/walkouts/${walkoutId}`;
  const shift = (staffNumber: string, startsAt: string, endsAt: string, extra: Record<string, unknown> = {}) => ({
    staffNumber,
    departmentId: edA,
    startsAt,
    endsAt,
    consentRecorded: true,
    ...extra,
  });
  const assign = (body: Record<string, unknown>, walkoutId = walkout, token = a.admin) => t.request('POST', `${base(a, walkoutId)}/cover-assignments`, { token, body });
  const expectError = (response: TestResponse, status: number, code: string) => {
    expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
    expect(response.body.requestId).toEqual(expect.any(String));
  };

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-01T12:00:00Z') });
    const national = await t.bearer(Role.NationalAdmin);
    a = await createTrust(t, national, 'Cover A');
    b = await createTrust(t, national, 'Cover B');
    [edA, edA2] = a.departmentIds;
    maternityOfA = (await t.request('POST', `/api/v1/trusts/${a.trustId}/departments`, { token: a.admin, body: { siteId: a.siteIds[0], name: 'Maternity', kind: 'maternity' } })).body.id;

    const consultant = (n: string, extra: Record<string, unknown> = {}) => ({ staffNumber: n, givenName: 'Ada', familyName: `Consultant ${n}`, grade: 'consultant', specialty: 'emergency-medicine', siteId: a.siteIds[0], ...extra });
    const imported = await t.request('POST', `/api/v1/trusts/${a.trustId}/staff/import`, {
      token: a.admin,
      body: {
        items: [
          ...['E01', 'E02', 'E03', 'E04', 'E05', 'E06', 'E07', 'E08', 'E09', 'E10'].map((n) => consultant(n)),
          consultant('DERM', { specialty: 'dermatology' }),
          consultant('YES'),
          consultant('SAS1', { grade: 'sas', specialty: 'acute-medicine' }),
          consultant('NURSE', { grade: 'nurse', specialty: 'emergency-nursing' }),
          consultant('RD1', { grade: 'resident-doctor' }),
          consultant('RD2', { grade: 'resident-doctor' }),
          consultant('RD3', { grade: 'resident-doctor', siteId: a.siteIds[1] }),
        ],
      },
    });
    expect(imported.status).toBe(200);

    walkout = (await t.request('POST', `/api/v1/trusts/${a.trustId}/walkouts`, { token: a.admin, body: walkoutBody({ startsAt: '2026-01-12T07:00:00+00:00', endsAt: '2026-01-19T07:00:00+00:00' }) })).body.id;
    calledOff = (await t.request('POST', `/api/v1/trusts/${a.trustId}/walkouts`, { token: a.admin, body: walkoutBody({ startsAt: '2026-02-02T07:00:00Z', endsAt: '2026-02-03T07:00:00Z' }) })).body.id;
    await t.request('POST', `${base(a, calledOff)}/call-off`, { token: a.admin, body: { reason: 'Talks resumed' } });
    autumn = (
      await t.request('POST', `/api/v1/trusts/${a.trustId}/walkouts`, {
        token: a.admin,
        body: walkoutBody({ startsAt: '2026-10-24T07:00:00+01:00', endsAt: '2026-10-25T07:00:00+00:00', noticeReceivedAt: '2026-09-01T09:00:00+01:00' }),
      })
    ).body.id;
    const participation = await t.request('PUT', `${base(a, walkout)}/participation`, {
      token: a.admin,
      body: { items: [{ staffNumber: 'YES', intendsToStrike: 'yes' }, { staffNumber: 'RD1', intendsToStrike: 'yes' }, { staffNumber: 'RD2', intendsToStrike: 'no' }, { staffNumber: 'E01', intendsToStrike: 'no' }] },
    });
    expect(participation.status).toBe(200);
    await t.request('PUT', `${base(a, autumn)}/participation`, { token: a.admin, body: { items: [{ staffNumber: 'YES', intendsToStrike: 'yes' }] } });

    walkoutOfB = (await t.request('POST', `/api/v1/trusts/${b.trustId}/walkouts`, { token: b.admin, body: walkoutBody() })).body.id;
    await t.request('POST', `/api/v1/trusts/${b.trustId}/staff/import`, {
      token: b.admin,
      body: { items: [{ staffNumber: 'B01', givenName: 'Bo', familyName: 'B', grade: 'consultant', specialty: 'emergency-medicine', siteId: b.siteIds[0] }] },
    });
    const assignmentB = await t.request('POST', `${base(b, walkoutOfB)}/cover-assignments`, {
      token: b.admin,
      body: { staffNumber: 'B01', departmentId: b.departmentIds[0], startsAt: '2026-01-12T08:00:00Z', endsAt: '2026-01-12T20:00:00Z', consentRecorded: true },
    });
    expect(assignmentB.status).toBe(201);
    assignmentOfB = assignmentB.body.id;
    requirementOfB = (
      await t.request('POST', `${base(b, walkoutOfB)}/cover-requirements`, {
        token: b.admin,
        body: { departmentId: b.departmentIds[0], startsAt: '2026-01-12T08:00:00Z', endsAt: '2026-01-12T20:00:00Z', minConsultants: 2 },
      })
    ).body.id;
  });
  afterAll(() => t.close());

  describe('requirements', () => {
    it('adds, lists and deletes a requirement; a second delete is a 404', async () => {
      const created = await t.request('POST', `${base(a, walkout)}/cover-requirements`, {
        token: a.admin,
        body: { departmentId: edA2, startsAt: '2026-01-13T08:00:00+00:00', endsAt: '2026-01-13T20:00:00+00:00', minConsultants: 3 },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual(
        expect.objectContaining({ walkoutId: walkout, departmentId: edA2, startsAt: '2026-01-13T08:00:00.000Z', endsAt: '2026-01-13T20:00:00.000Z', minConsultants: 3 }),
      );
      const listed = await t.request('GET', `${base(a, walkout)}/cover-requirements?limit=50`, { token: a.viewer });
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);
      expect(listed.body.nextCursor).toBeNull();

      expect((await t.request('DELETE', `${base(a, walkout)}/cover-requirements/${created.body.id}`, { token: a.admin })).status).toBe(204);
      expectError(await t.request('DELETE', `${base(a, walkout)}/cover-requirements/${created.body.id}`, { token: a.admin }), 404, 'COVER_REQUIREMENT_NOT_FOUND');
    });

    it('pages requirements with a cursor', async () => {
      for (const hour of ['08', '09', '10']) {
        await t.request('POST', `${base(a, walkout)}/cover-requirements`, {
          token: a.admin,
          body: { departmentId: edA2, startsAt: `2026-01-18T${hour}:00:00Z`, endsAt: `2026-01-18T${hour}:30:00Z`, minConsultants: 1 },
        });
      }
      const first = await t.request('GET', `${base(a, walkout)}/cover-requirements?limit=2`, { token: a.viewer });
      expect(first.body.items).toHaveLength(2);
      const second = await t.request('GET', `${base(a, walkout)}/cover-requirements?limit=2&cursor=${first.body.nextCursor}`, { token: a.viewer });
      expect(second.body.items.length).toBeGreaterThanOrEqual(1);
      expect(second.body.items[0].startsAt > first.body.items[1].startsAt).toBe(true);
      expectError(await t.request('GET', `${base(a, walkout)}/cover-requirements?cursor=nonsense`, { token: a.viewer }), 400, 'VALIDATION_FAILED');
    });

    it('refuses bad input (400), another trust’s department (400), a period outside the walkout (422) and a called-off walkout (409)', async () => {
      const post = (body: Record<string, unknown>, walkoutId = walkout) =>
        t.request('POST', `${base(a, walkoutId)}/cover-requirements`, {
          token: a.admin,
          body: { departmentId: edA, startsAt: '2026-01-13T08:00:00Z', endsAt: '2026-01-13T20:00:00Z', minConsultants: 2, ...body },
        });
      const backwards = await post({ endsAt: '2026-01-13T07:00:00Z' });
      expectError(backwards, 400, 'VALIDATION_FAILED');
      expect(backwards.body.details).toEqual([{ field: 'endsAt', message: 'must be after startsAt' }]);
      expectError(await post({ minConsultants: 0 }), 400, 'VALIDATION_FAILED');
      expectError(await post({ minConsultants: 'two' }), 400, 'VALIDATION_FAILED');
      expectError(await post({ startsAt: '2026-01-13T08:00:00' }), 400, 'VALIDATION_FAILED');
      expectError(await post({ departmentId: 'not-a-uuid' }), 400, 'VALIDATION_FAILED');
      const otherTrust = await post({ departmentId: b.departmentIds[0] });
      expectError(otherTrust, 400, 'UNKNOWN_DEPARTMENT');
      expect(otherTrust.body.details).toEqual([{ field: 'departmentId', message: 'is not a department of this trust' }]);
      expectError(await post({ startsAt: '2026-01-12T06:00:00Z' }), 422, 'OUTSIDE_WALKOUT');
      expectError(await post({ startsAt: '2026-02-02T08:00:00Z', endsAt: '2026-02-02T20:00:00Z' }, calledOff), 409, 'WALKOUT_CALLED_OFF');
    });
  });

  describe('assignments', () => {
    let firstAssignment: TestResponse;

    it('rosters a consultant: 201 with the break planned, the price at the BMA 2025 card band by band and a calendar link, and queues the notice', async () => {
      firstAssignment = await assign(shift('E02', '2026-01-12T08:00:00+00:00', '2026-01-12T20:00:00+00:00'));
      expect(firstAssignment.status).toBe(201);
      const body = firstAssignment.body;
      expect(body).toEqual(
        expect.objectContaining({
          walkoutId: walkout,
          departmentId: edA,
          staffNumber: 'E02',
          startsAt: '2026-01-12T08:00:00.000Z',
          endsAt: '2026-01-12T20:00:00.000Z',
          status: 'active',
          source: 'manual',
          flags: { breakRequired: true, breakMinutes: 20 },
          cancelledAt: null,
        }),
      );
      // Monday 12 January 2026: 08:00–19:00 weekday day (11 h × £188) + 19:00–20:00 weekday evening (£251).
      expect(body.price).toEqual({
        totalPence: 11 * 18_800 + 25_100,
        rateCard: 'BMA consultant rate card 2025',
        rateRegion: 'outside-london',
        bands: [
          { band: 'weekday-day', minutes: 660, pencePerHour: 18_800, pence: 206_800 },
          { band: 'weekday-evening', minutes: 60, pencePerHour: 25_100, pence: 25_100 },
        ],
      });
      expect(body.consent).toEqual({ state: 'accepted', source: 'manual', recordedAt: expect.any(String), availabilityId: null, requestExpiresAt: null, respondedAt: null });
      // The 20-minute break past 6 h is planned, in the middle of the shift.
      expect(body.plannedBreak).toEqual({ startsAt: '2026-01-12T13:50:00.000Z', minutes: 20 });
      expect(body.onCall).toBe('resident');
      expect(body.workingTime).toEqual({ exceededLimits: [], exceedReason: null, compensatoryRestMinutes: 0 });
      expect(body.calendarUrl).toMatch(/^http:\/\/localhost:3000\/api\/v1\/cover\/[A-Za-z0-9_-]{43}\/calendar\.ics$/);

      const notices = await t.dataSource.query(`SELECT purpose, deadline, walkout_id, status, personalisation FROM notification WHERE subject_id = $1`, [body.id]);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toEqual(expect.objectContaining({ purpose: 'cover-shift', walkout_id: walkout, status: 'pending' }));
      expect(notices[0].deadline.toISOString()).toBe('2026-01-12T08:00:00.000Z');
      expect(notices[0].personalisation.shift).toEqual({ startsAt: '2026-01-12T08:00:00.000Z', endsAt: '2026-01-12T20:00:00.000Z', department: 'Emergency Department', site: 'Cover A site 1' });
      expect(body.calendarUrl).toContain(`/cover/${notices[0].personalisation.calendarToken}/calendar.ics`);

      const [token] = await t.dataSource.query(`SELECT token_hash, token_seed FROM cover_calendar_token ct JOIN staff s ON s.id = ct.staff_id WHERE s.staff_number = 'E02'`);
      expect(token.token_hash).toHaveLength(32);
      const stored = JSON.stringify(await t.dataSource.query(`SELECT * FROM cover_calendar_token`));
      expect(stored).not.toContain(notices[0].personalisation.calendarToken);
    });

    it('gives the same calendar link for every shift of one consultant, and reads an assignment back', async () => {
      const second = await assign(shift('E02', '2026-01-13T08:00:00Z', '2026-01-13T14:00:00Z'));
      expect(second.status).toBe(201);
      expect(second.body.calendarUrl).toBe(firstAssignment.body.calendarUrl);
      expect(second.body.flags).toEqual({ breakRequired: false, breakMinutes: 0 });
      const read = await t.request('GET', `${base(a, walkout)}/cover-assignments/${second.body.id}`, { token: a.viewer });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(second.body);
      const listed = await t.request('GET', `${base(a, walkout)}/cover-assignments?status=active&departmentId=${edA}`, { token: a.viewer });
      expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([firstAssignment.body.id, second.body.id]));
    });

    it('refuses without recorded consent (400 CONSENT_NOT_RECORDED) and nothing is saved', async () => {
      const response = await assign(shift('E03', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z', { consentRecorded: false }));
      expectError(response, 400, 'CONSENT_NOT_RECORDED');
      expect(response.body.details).toEqual([{ field: 'consentRecorded', message: 'must be true, unless requestConsent is true or an availability window of the consultant holds the shift' }]);
      const missing = await assign({ staffNumber: 'E03', departmentId: edA, startsAt: '2026-01-12T08:00:00Z', endsAt: '2026-01-12T12:00:00Z' });
      expectError(missing, 400, 'VALIDATION_FAILED');
      expectError(await assign(shift('E03', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z', { consentRecorded: 'yes' })), 400, 'VALIDATION_FAILED');
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM cover_assignment a JOIN staff s ON s.id = a.staff_id WHERE s.staff_number = 'E03'`);
      expect(n).toBe(0);
    });

    it('refuses an overlap with the same person’s shift at another site: 409 SHIFT_OVERLAP', async () => {
      expect((await assign(shift('E03', '2026-01-12T08:00:00Z', '2026-01-12T20:00:00Z'))).status).toBe(201);
      const response = await assign(shift('E03', '2026-01-12T19:00:00Z', '2026-01-12T23:00:00Z', { departmentId: edA2 }));
      expectError(response, 409, 'SHIFT_OVERLAP');
      expect(response.body.details).toEqual([{ code: 'SHIFT_OVERLAP', message: expect.any(String) }]);
    });

    it('allows exactly 13 h and refuses 13 h 1 min: 422 WORKING_TIME_SHIFT_TOO_LONG', async () => {
      expect((await assign(shift('E04', '2026-01-12T07:00:00Z', '2026-01-12T20:00:00Z'))).status).toBe(201);
      expectError(await assign(shift('E05', '2026-01-12T07:00:00Z', '2026-01-12T20:01:00Z')), 422, 'WORKING_TIME_SHIFT_TOO_LONG');
    });

    it('allows exactly 11 h of rest and refuses less before or after a neighbouring shift: 422 WORKING_TIME_REST', async () => {
      expect((await assign(shift('E05', '2026-01-13T08:00:00Z', '2026-01-13T20:00:00Z'))).status).toBe(201);
      expect((await assign(shift('E05', '2026-01-14T07:00:00Z', '2026-01-14T12:00:00Z'))).status).toBe(201);
      const before = await assign(shift('E05', '2026-01-12T20:00:00Z', '2026-01-12T21:01:00Z'));
      expectError(before, 422, 'WORKING_TIME_REST');
      expect(before.body.message).toMatch(/rest before the next shift/);
      expectError(await assign(shift('E05', '2026-01-14T22:00:00Z', '2026-01-14T23:00:00Z')), 422, 'WORKING_TIME_REST');
    });

    it('refuses the shift that takes a consultant past 72 h in 7 days: 422 WORKING_TIME_WEEKLY_LIMIT', async () => {
      for (const day of [12, 13, 14, 15, 16, 17]) {
        expect((await assign(shift('E06', `2026-01-${day}T08:00:00Z`, `2026-01-${day}T20:00:00Z`))).status).toBe(201);
      }
      const response = await assign(shift('E06', '2026-01-18T08:00:00Z', '2026-01-18T09:00:00Z'));
      expectError(response, 422, 'WORKING_TIME_WEEKLY_LIMIT');
      expect(response.body.message).toMatch(/73 h would be worked/);
    });

    it('refuses anyone taking part in the walkout: declared yes, or in the striking group (422 TAKING_PART_IN_WALKOUT)', async () => {
      const declared = await assign(shift('YES', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z'));
      expectError(declared, 422, 'TAKING_PART_IN_WALKOUT');
      expect(declared.body.message).toMatch(/declared/);
      const group = await assign(shift('RD2', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z'));
      expectError(group, 422, 'TAKING_PART_IN_WALKOUT');
      expect(group.body.details.map((d: { code: string }) => d.code)).toEqual(['TAKING_PART_IN_WALKOUT', 'SCOPE_OF_PRACTICE']);
      expect(group.body.details.every((d: { field?: string }) => d.field === undefined)).toBe(true);
    });

    it('refuses a grade that is not consultant or SAS, or a specialty outside the department’s scope (422 SCOPE_OF_PRACTICE)', async () => {
      expectError(await assign(shift('NURSE', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z')), 422, 'SCOPE_OF_PRACTICE');
      expectError(await assign(shift('DERM', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z')), 422, 'SCOPE_OF_PRACTICE');
      expectError(await assign(shift('E07', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z', { departmentId: maternityOfA })), 422, 'SCOPE_OF_PRACTICE');
      expect((await assign(shift('SAS1', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z'))).status).toBe(201);
    });

    it('refuses shifts outside the walkout (422), unknown people and departments (400), and a called-off walkout (409)', async () => {
      expectError(await assign(shift('E07', '2026-01-19T06:00:00Z', '2026-01-19T08:00:00Z')), 422, 'OUTSIDE_WALKOUT');
      const unknown = await assign(shift('NOBODY', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z'));
      expectError(unknown, 400, 'UNKNOWN_STAFF');
      expect(unknown.body.details).toEqual([{ field: 'staffNumber', message: 'is not a staff member of this trust' }]);
      expectError(await assign(shift('B01', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z')), 400, 'UNKNOWN_STAFF');
      expectError(await assign(shift('E07', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z', { departmentId: b.departmentIds[0] })), 400, 'UNKNOWN_DEPARTMENT');
      expectError(await assign(shift('E07', '2026-01-12T12:00:00Z', '2026-01-12T08:00:00Z')), 400, 'VALIDATION_FAILED');
      expectError(await assign(shift('E07', '2026-02-02T08:00:00Z', '2026-02-02T12:00:00Z'), calledOff), 409, 'WALKOUT_CALLED_OFF');
    });

    it('answers malformed bodies with 400, never 500', async () => {
      for (const body of [
        'not json',
        'null',
        [],
        { ...shift('E07', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z'), extra: 1 },
        shift('E07', '2026-13-12T08:00:00Z', '2026-01-12T12:00:00Z'),
        shift('bad number!', '2026-01-12T08:00:00Z', '2026-01-12T12:00:00Z'),
      ]) {
        const response = await assign(body as Record<string, unknown>);
        expect(response.status).toBe(400);
      }
    });

    it('lets exactly one of 10 concurrent overlapping requests for one consultant win; the rest are 409, none 500', async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, n) => assign(shift('E08', `2026-01-15T${String(8 + (n % 4)).padStart(2, '0')}:00:00Z`, '2026-01-15T20:00:00Z', { departmentId: n % 2 ? edA2 : edA }))),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
      for (const response of responses.filter((r) => r.status === 409)) expect(response.body.code).toBe('SHIFT_OVERLAP');
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM cover_assignment a JOIN staff s ON s.id = a.staff_id WHERE s.staff_number = 'E08' AND a.cancelled_at IS NULL`);
      expect(n).toBe(1);
    });

    it('does not let two concurrent shifts that each fit, but not together, beat the 72 h rule', async () => {
      for (const day of [12, 13, 14, 15, 16]) expect((await assign(shift('E09', `2026-01-${day}T08:00:00Z`, `2026-01-${day}T20:00:00Z`))).status).toBe(201);
      // 60 h so far; each 8 h shift alone makes 68 h, both together 76 h within 7 days of the first.
      const responses = await Promise.all([assign(shift('E09', '2026-01-17T08:00:00Z', '2026-01-17T16:00:00Z')), assign(shift('E09', '2026-01-18T08:00:00Z', '2026-01-18T16:00:00Z'))]);
      expect(responses.map((r) => r.status).sort()).toEqual([201, 422]);
      expect(responses.find((r) => r.status === 422)?.body.code).toBe('WORKING_TIME_WEEKLY_LIMIT');
    });

    it('cancels a shift: 204, a cancellation notice, the gap reopens; a second cancel is a 409', async () => {
      const created = await assign(shift('E10', '2026-01-16T08:00:00Z', '2026-01-16T20:00:00Z', { departmentId: edA2 }));
      expect(created.status).toBe(201);
      await t.request('POST', `${base(a, walkout)}/cover-requirements`, {
        token: a.admin,
        body: { departmentId: edA2, startsAt: '2026-01-16T08:00:00Z', endsAt: '2026-01-16T20:00:00Z', minConsultants: 1 },
      });
      const shortfallOn16th = async () => {
        const gaps = await t.request('GET', `${base(a, walkout)}/cover-gaps`, { token: a.viewer });
        const hours = gaps.body.items.find((i: { departmentId: string }) => i.departmentId === edA2).hours;
        return hours.filter((h: { from: string }) => h.from >= '2026-01-16T08:00' && h.from < '2026-01-16T20:00').reduce((sum: number, h: { shortfall: number }) => sum + h.shortfall, 0);
      };
      expect(await shortfallOn16th()).toBe(0);
      // The booking notice went out (what the worker does once its short hold is over).
      await t.dataSource.query(`UPDATE notification SET status = 'sent', sent_at = now(), send_after = NULL, held_reason = NULL WHERE subject_id = $1`, [created.body.id]);

      expect((await t.request('DELETE', `${base(a, walkout)}/cover-assignments/${created.body.id}`, { token: a.admin })).status).toBe(204);
      expect(await shortfallOn16th()).toBe(12);
      const read = await t.request('GET', `${base(a, walkout)}/cover-assignments/${created.body.id}`, { token: a.viewer });
      expect(read.body).toEqual(expect.objectContaining({ status: 'cancelled', cancelledAt: expect.any(String) }));
      const notices = await t.dataSource.query(`SELECT purpose, personalisation FROM notification WHERE subject_id = $1 ORDER BY created_at`, [created.body.id]);
      expect(notices.map((n: { purpose: string }) => n.purpose)).toEqual(['cover-shift', 'cover-shift-cancelled']);
      expect(notices[1].personalisation.reason).toBe('cover-no-longer-needed');
      expectError(await t.request('DELETE', `${base(a, walkout)}/cover-assignments/${created.body.id}`, { token: a.admin }), 409, 'COVER_ASSIGNMENT_ALREADY_CANCELLED');
      // The same hours can be rostered again, for the same person.
      expect((await assign(shift('E10', '2026-01-16T09:00:00Z', '2026-01-16T19:00:00Z', { departmentId: edA2 }))).status).toBe(201);
    });

    it('holds a shift notice briefly, so a shift removed before it went sends nothing at all', async () => {
      const created = await assign(shift('E10', '2026-01-18T08:00:00Z', '2026-01-18T20:00:00Z', { departmentId: edA2 }));
      expect(created.status).toBe(201);
      const [held] = await t.dataSource.query(
        `SELECT status, held_reason, round(extract(epoch FROM send_after - created_at)) AS hold FROM notification WHERE subject_id = $1`,
        [created.body.id],
      );
      expect(held).toEqual({ status: 'pending', held_reason: 'coalescing', hold: '120' });

      expect((await t.request('DELETE', `${base(a, walkout)}/cover-assignments/${created.body.id}`, { token: a.admin })).status).toBe(204);
      const notices = await t.dataSource.query(`SELECT purpose, status FROM notification WHERE subject_id = $1 ORDER BY created_at`, [created.body.id]);
      expect(notices).toEqual([{ purpose: 'cover-shift', status: 'cancelled' }]);
    });

    it('re-making a shift whose cancellation has not gone yet withdraws the cancellation and sends no second booking', async () => {
      const first = await assign(shift('E10', '2026-01-17T08:00:00Z', '2026-01-17T20:00:00Z', { departmentId: edA2 }));
      await t.dataSource.query(`UPDATE notification SET status = 'sent', sent_at = now(), send_after = NULL, held_reason = NULL WHERE subject_id = $1`, [first.body.id]);
      expect((await t.request('DELETE', `${base(a, walkout)}/cover-assignments/${first.body.id}`, { token: a.admin })).status).toBe(204);
      const again = await assign(shift('E10', '2026-01-17T08:00:00Z', '2026-01-17T20:00:00Z', { departmentId: edA2 }));
      expect(again.status).toBe(201);

      const byAssignment = await t.dataSource.query(`SELECT subject_id, purpose, status FROM notification WHERE subject_id = ANY($1::uuid[]) ORDER BY created_at`, [[first.body.id, again.body.id]]);
      expect(byAssignment).toEqual([
        { subject_id: first.body.id, purpose: 'cover-shift', status: 'sent' },
        { subject_id: first.body.id, purpose: 'cover-shift-cancelled', status: 'cancelled' },
      ]);
    });
  });

  describe('calendar feed', () => {
    it('serves a consultant’s shifts as iCalendar that node-ical reads: UTC times, stable UIDs, cancelled shifts marked', async () => {
      const created = await assign(shift('E07', '2026-01-17T08:00:00Z', '2026-01-17T20:00:00Z'));
      const cancelled = await assign(shift('E07', '2026-01-13T08:00:00Z', '2026-01-13T12:00:00Z'));
      await t.request('DELETE', `${base(a, walkout)}/cover-assignments/${cancelled.body.id}`, { token: a.admin });
      const path = new URL(created.body.calendarUrl).pathname;

      const response = await t.request('GET', path); // no login: a token link
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(response.text).toContain('DTSTART:20260117T080000Z');
      const events = Object.values(ical.sync.parseICS(response.text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
      expect(events.map((e) => e.uid).sort()).toEqual([`${cancelled.body.id}@localhost`, `${created.body.id}@localhost`].sort());
      const active = events.find((e) => e.uid === `${created.body.id}@localhost`)!;
      expect(active.start.toISOString()).toBe('2026-01-17T08:00:00.000Z');
      expect(active.end?.toISOString()).toBe('2026-01-17T20:00:00.000Z');
      expect(active.status).toBe('CONFIRMED');
      const gone = events.find((e) => e.uid === `${cancelled.body.id}@localhost`)!;
      expect(gone.status).toBe('CANCELLED');
      expect(Number(gone.sequence)).toBe(1);
      expect(Number(active.sequence)).toBe(0);
    });

    it('answers an unknown or malformed token with 404 in the error body', async () => {
      expectError(await t.request('GET', `/api/v1/cover/${'A'.repeat(43)}/calendar.ics`), 404, 'COVER_CALENDAR_NOT_FOUND');
      expectError(await t.request('GET', '/api/v1/cover/short/calendar.ics'), 404, 'COVER_CALENDAR_NOT_FOUND');
      const response = await t.request('GET', `/api/v1/cover/${'%27%3B--'.repeat(3)}/calendar.ics`);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
    });
  });

  describe('gaps', () => {
    it('shows hour by hour what is required, assigned and short, with totals and cost at the rate card', async () => {
      const requirement = await t.request('POST', `${base(a, walkout)}/cover-requirements`, {
        token: a.admin,
        body: { departmentId: edA, startsAt: '2026-01-12T08:00:00Z', endsAt: '2026-01-12T20:00:00Z', minConsultants: 3 },
      });
      expect(requirement.status).toBe(201);
      const gaps = await t.request('GET', `${base(a, walkout)}/cover-gaps`, { token: a.viewer });
      expect(gaps.status).toBe(200);
      const ed = gaps.body.items.find((i: { departmentId: string }) => i.departmentId === edA);
      expect(ed.hours).toHaveLength(7 * 24);
      const nine = ed.hours.find((h: { from: string }) => h.from === '2026-01-12T09:00:00.000Z');
      // E02, E03, E04, E06, E09 and SAS1 are on shift in this department at 09:00 on the 12th.
      expect(nine).toEqual({ from: '2026-01-12T09:00:00.000Z', to: '2026-01-12T10:00:00.000Z', required: 3, assigned: 6, requested: 0, shortfall: 0 });
      const seven = ed.hours.find((h: { from: string }) => h.from === '2026-01-12T07:00:00.000Z');
      expect(seven).toEqual(expect.objectContaining({ required: 0, shortfall: 0 }));
      expect(ed.totals).toEqual(expect.objectContaining({ requiredHours: 36, shortfallHours: 0 }));
      expect(ed.totals.cost.assignedPence).toBeGreaterThan(0);
      expect(gaps.body.totals.cost.projectedPence).toBe(gaps.body.totals.cost.assignedPence + gaps.body.totals.cost.shortfallPence);
      expect(gaps.body.rateCard).toBe('BMA consultant rate card 2025');
      expect(gaps.body.rateRegion).toBe('outside-london');
    });

    it('gives a 07:00 → 07:00 walkout over the autumn clock change 25 hourly buckets per department', async () => {
      for (const departmentId of [edA, edA2]) {
        const created = await t.request('POST', `${base(a, autumn)}/cover-requirements`, {
          token: a.admin,
          body: { departmentId, startsAt: '2026-10-24T07:00:00+01:00', endsAt: '2026-10-25T07:00:00+00:00', minConsultants: 1 },
        });
        expect(created.status).toBe(201);
      }
      const gaps = await t.request('GET', `${base(a, autumn)}/cover-gaps`, { token: a.viewer });
      expect(gaps.body.items.map((i: { departmentId: string }) => i.departmentId).sort()).toEqual([edA, edA2].sort());
      for (const item of gaps.body.items) {
        expect(item.hours).toHaveLength(25);
        expect(item.hours[0].from).toBe('2026-10-24T06:00:00.000Z');
        expect(item.hours[24].to).toBe('2026-10-25T07:00:00.000Z');
        // The repeated 01:00 hour appears twice: 01:00 BST (00:00Z) and 01:00 GMT (01:00Z).
        expect(item.hours.map((h: { from: string }) => h.from)).toEqual(expect.arrayContaining(['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z']));
        expect(item.totals).toEqual(expect.objectContaining({ requiredHours: 25, shortfallHours: 25 }));
      }
      // Saturday 07:00 → Sunday 07:00: 25 short consultant-hours per department, 16 weekend day and 9 weekend
      // night (the extra hour is a night hour).
      const perDepartment = 16 * 25_100 + 9 * 31_300;
      expect(gaps.body.totals.cost).toEqual({ assignedPence: 0, requestedPence: 0, shortfallPence: 2 * perDepartment, projectedPence: 2 * perDepartment });
    });
  });

  describe('autofill', () => {
    it('proposes a rota that keeps every rule without saving it; applying it asks each consultant and books only what they accept', async () => {
      const dryRun = await t.request('POST', `${base(a, autumn)}/cover-autofill`, { token: a.admin });
      expect(dryRun.status).toBe(200);
      expect(dryRun.body.applied).toBe(false);
      expect(dryRun.body.proposals.length).toBeGreaterThan(0);
      expect(dryRun.body.remainingGaps).toEqual([]);
      const proposed = new Set(dryRun.body.proposals.map((p: { staffNumber: string }) => p.staffNumber));
      for (const excluded of ['YES', 'RD1', 'RD2', 'RD3', 'NURSE', 'DERM']) expect(proposed.has(excluded)).toBe(false);
      for (const proposal of dryRun.body.proposals) {
        expect(new Date(proposal.endsAt).getTime() - new Date(proposal.startsAt).getTime()).toBeLessThanOrEqual(12 * 3_600_000);
        expect(proposal.assignmentId).toBeNull();
        expect(proposal.consentState).toBeNull();
        if (proposal.breakRequired) expect(proposal.plannedBreak).toEqual({ startsAt: expect.any(String), minutes: 20 });
      }
      expect(dryRun.body.totals.proposedHours).toBe(50);
      expect(dryRun.body.totals.proposedPence).toBe(dryRun.body.proposals.reduce((s: number, p: { pricePence: number }) => s + p.pricePence, 0));
      const count = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM cover_assignment WHERE walkout_id = $1`, [autumn]))[0].n;
      expect(await count()).toBe(0);

      const applied = await t.request('POST', `${base(a, autumn)}/cover-autofill?apply=true`, { token: a.admin });
      expect(applied.status).toBe(200);
      expect(applied.body.applied).toBe(true);
      const strip = ({ assignmentId: _, consentState: __, ...p }: { assignmentId: string; consentState: string }) => p;
      expect(applied.body.proposals.map(strip)).toEqual(dryRun.body.proposals.map(strip));
      const ids: string[] = applied.body.proposals.map((p: { assignmentId: string }) => p.assignmentId);
      expect(ids.every((id: string) => typeof id === 'string')).toBe(true);
      expect(await count()).toBe(ids.length);
      // Autofill records no consent nobody gave: every shift is requested, and each consultant is asked once.
      expect(applied.body.proposals.map((p: { consentState: string }) => p.consentState)).toEqual(ids.map(() => 'requested'));
      const stored = await t.dataSource.query(`SELECT consent_state, consent_recorded_at, request_id FROM cover_assignment WHERE id = ANY($1::uuid[])`, [ids]);
      expect(stored.every((r: { consent_state: string; consent_recorded_at: Date | null }) => r.consent_state === 'requested' && r.consent_recorded_at === null)).toBe(true);
      const asked = await t.dataSource.query(`SELECT subject_id, personalisation FROM notification WHERE purpose = 'cover-request' AND walkout_id = $1 ORDER BY created_at`, [autumn]);
      expect(asked.length).toBe(proposed.size);
      expect(new Set(asked.map((n: { subject_id: string }) => n.subject_id))).toEqual(new Set(stored.map((r: { request_id: string }) => r.request_id)));
      const [{ n: booked }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE purpose = 'cover-shift' AND subject_id = ANY($1::uuid[])`, [ids]);
      expect(booked).toBe(0);
      const saved = await t.request('GET', `${base(a, autumn)}/cover-assignments/${ids[0]}`, { token: a.viewer });
      expect(saved.body).toEqual(expect.objectContaining({ source: 'autofill', status: 'requested', calendarUrl: null }));
      expect(saved.body.consent).toEqual(expect.objectContaining({ state: 'requested', source: null, recordedAt: null, requestExpiresAt: '2026-01-02T12:00:00.000Z' }));

      // Requested is not assigned: the gaps, the cost and the calendar count only accepted shifts.
      const before = await t.request('GET', `${base(a, autumn)}/cover-gaps`, { token: a.viewer });
      expect(before.body.totals.shortfallHours).toBe(50);
      expect(before.body.totals.cost).toEqual(expect.objectContaining({ assignedPence: 0, requestedPence: applied.body.totals.proposedPence }));
      expect(before.body.items[0].hours.every((h: { requested: number; assigned: number }) => h.requested === 1 && h.assigned === 0)).toBe(true);
      // Standing requests hold their hours: a second run asks nobody else for them.
      expect((await t.request('POST', `${base(a, autumn)}/cover-autofill`, { token: a.admin })).body.proposals).toEqual([]);

      // The first consultant declines on the page (a form); everyone else accepts (JSON).
      const [first, ...others] = asked.map((n: { personalisation: { linkToken: string } }) => n.personalisation.linkToken);
      const page = await t.request('GET', `/c/${first}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain(`action="/c/${first}/respond"`);
      const firstShifts = (await t.request('GET', `/c/${first}`, { headers: { accept: 'application/json' } })).body.shifts;
      expect(firstShifts.every((s: { state: string }) => s.state === 'requested')).toBe(true);
      const form = firstShifts.map((s: { assignmentId: string }) => `answer-${s.assignmentId}=decline`).join('&');
      const declined = await t.request('POST', `/c/${first}/respond`, { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: form });
      expect(declined.status).toBe(200);
      expect(declined.text).toContain('You declined this shift');
      for (const token of others) {
        const accepted = await t.request('POST', `/c/${token}/respond`, { body: { accept: true } });
        expect(accepted.status).toBe(200);
        expect(accepted.body.shifts.every((s: { state: string }) => s.state === 'accepted')).toBe(true);
        expect(accepted.body.calendarUrl).toMatch(/\/calendar\.ics$/);
      }
      // An answer twice changes nothing: the second acceptance finds nothing still asked.
      expect((await t.request('POST', `/c/${others[0]}/respond`, { body: { accept: false } })).body.shifts.every((s: { state: string }) => s.state === 'accepted')).toBe(true);

      const declinedHours = firstShifts.reduce((sum: number, s: { startsAt: string; endsAt: string }) => sum + (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 3_600_000, 0);
      const after = await t.request('GET', `${base(a, autumn)}/cover-gaps`, { token: a.viewer });
      expect(after.body.totals.shortfallHours).toBe(declinedHours);
      expect(after.body.totals.cost.requestedPence).toBe(0);
      const [{ n: bookings }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE purpose = 'cover-shift' AND subject_id = ANY($1::uuid[])`, [ids]);
      expect(bookings).toBe(ids.length - firstShifts.length);
      // The declined hours reopen, and the next run asks someone else for them.
      const again = await t.request('POST', `${base(a, autumn)}/cover-autofill`, { token: a.admin });
      const decliner = applied.body.proposals.find((p: { assignmentId: string }) => p.assignmentId === firstShifts[0].assignmentId).staffNumber;
      expect(again.body.proposals.length).toBeGreaterThan(0);
      expect(again.body.proposals.some((p: { staffNumber: string }) => p.staffNumber === decliner)).toBe(false);
      expect(again.body.proposals.reduce((sum: number, p: { startsAt: string; endsAt: string }) => sum + (Date.parse(p.endsAt) - Date.parse(p.startsAt)) / 3_600_000, 0)).toBe(declinedHours);
    });

    it('answers an unknown cover request link with 404, as a page for a browser and in the error body otherwise', async () => {
      const page = await t.request('GET', `/c/${'A'.repeat(43)}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(404);
      expect(page.text).toContain('This cover request link is not active');
      expectError(await t.request('GET', `/c/${'A'.repeat(43)}`, { headers: { accept: 'application/json' } }), 404, 'COVER_REQUEST_LINK_NOT_FOUND');
      expectError(await t.request('POST', `/c/short/respond`, { body: { accept: true } }), 404, 'COVER_REQUEST_LINK_NOT_FOUND');
    });

    it('reports the gaps it cannot close, and why', async () => {
      await t.request('POST', `${base(a, autumn)}/cover-requirements`, {
        token: a.admin,
        body: { departmentId: maternityOfA, startsAt: '2026-10-24T08:00:00+01:00', endsAt: '2026-10-24T10:00:00+01:00', minConsultants: 1 },
      });
      const response = await t.request('POST', `${base(a, autumn)}/cover-autofill`, { token: a.admin });
      expect(response.body.remainingGaps).toEqual([{ departmentId: maternityOfA, from: '2026-10-24T07:00:00.000Z', to: '2026-10-24T09:00:00.000Z', shortfall: 1, reason: 'NO_ELIGIBLE_CONSULTANT' }]);
      expect(response.body.totals.remainingShortfallHours).toBe(2);
      expectError(await t.request('POST', `${base(a, autumn)}/cover-autofill?apply=maybe`, { token: a.admin }), 400, 'VALIDATION_FAILED');
      expectError(await t.request('POST', `${base(a, calledOff)}/cover-autofill`, { token: a.admin }), 409, 'WALKOUT_CALLED_OFF');
    });
  });

  describe('workforce sitrep', () => {
    it('reports per walkout day staff taking part against staff due at work, by staff group, as JSON', async () => {
      const response = await t.request('GET', `${base(a, walkout)}/sitrep`, { token: a.viewer });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(expect.objectContaining({ trustId: a.trustId, walkoutId: walkout, generatedAt: expect.any(String) }));
      const days = response.body.workforce.days;
      expect(days.map((d: { date: string }) => d.date)).toEqual(['2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15', '2026-01-16', '2026-01-17', '2026-01-18']);
      const residents = days[0].groups.find((g: { staffGroup: string }) => g.staffGroup === 'resident-doctor');
      expect(residents).toEqual({ staffGroup: 'resident-doctor', dueAtWork: 3, takingPart: 1, notTakingPart: 1, unknown: 1, percentTakingPart: 33.3 });
      // Only the groups the walkout names are counted: consultants are not "due at work" for a resident doctors' walkout.
      expect(response.body.workforce.staffGroups).toEqual(['resident-doctor']);
      expect(days[0].groups.map((g: { staffGroup: string }) => g.staffGroup)).toEqual(['resident-doctor']);
    });

    it('serves the same figures as CSV with a header row', async () => {
      const response = await t.request('GET', `${base(a, walkout)}/sitrep?format=csv`, { token: a.viewer });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = response.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe('trust_ods_code,walkout_id,section,day,category,measure,value');
      expect(lines).toContain(`${lines[1].split(',')[0]},${walkout},workforce,2026-01-12,resident-doctor,takingPart,1`);
      expect(lines).toContain(`${lines[1].split(',')[0]},${walkout},workforce,2026-01-12,resident-doctor,dueAtWork,3`);
      expectError(await t.request('GET', `${base(a, walkout)}/sitrep?format=xml`, { token: a.viewer }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('consent, on-call and working time', () => {
    let bankHoliday: string; // A: Spring bank holiday, Monday 25 May 2026, 07:00 → 07:00 BST
    let windowId: string;

    beforeAll(async () => {
      const imported = await t.request('POST', `/api/v1/trusts/${a.trustId}/staff/import`, {
        token: a.admin,
        body: { items: ['F01', 'F02', 'F03', 'F04', 'F05', 'F06'].map((n) => ({ staffNumber: n, givenName: 'Fola', familyName: n, grade: 'consultant', specialty: 'emergency-medicine', siteId: a.siteIds[0] })) },
      });
      expect(imported.status).toBe(200);
      bankHoliday = (
        await t.request('POST', `/api/v1/trusts/${a.trustId}/walkouts`, {
          token: a.admin,
          body: walkoutBody({ startsAt: '2026-05-25T07:00:00+01:00', endsAt: '2026-05-26T07:00:00+01:00', noticeReceivedAt: '2026-04-20T09:00:00+01:00' }),
        })
      ).body.id;
      const ofB = await t.request('POST', `/api/v1/trusts/${b.trustId}/cover-availability`, { token: b.admin, body: { staffNumber: 'B01', startsAt: '2026-01-12T07:00:00Z', endsAt: '2026-01-13T07:00:00Z' } });
      expect(ofB.status).toBe(201);
      availabilityOfB = ofB.body.id;
    });

    it('takes a declared availability window as consent for a shift wholly inside it, and records that it did', async () => {
      const window = await t.request('POST', `/api/v1/trusts/${a.trustId}/cover-availability`, {
        token: a.admin,
        body: { staffNumber: 'F01', startsAt: '2026-01-13T07:00:00Z', endsAt: '2026-01-14T07:00:00Z', note: 'Emailed the rota team, 2 January' },
      });
      expect(window.status).toBe(201);
      expect(window.headers.location).toBe(`/api/v1/trusts/${a.trustId}/cover-availability/${window.body.id}`);
      windowId = window.body.id;
      const overlapping = await t.request('POST', `/api/v1/trusts/${a.trustId}/cover-availability`, { token: a.admin, body: { staffNumber: 'F01', startsAt: '2026-01-13T20:00:00Z', endsAt: '2026-01-14T20:00:00Z' } });
      expectError(overlapping, 409, 'COVER_AVAILABILITY_OVERLAP');
      expectError(await t.request('POST', `/api/v1/trusts/${a.trustId}/cover-availability`, { token: a.admin, body: { staffNumber: 'NOBODY', startsAt: '2026-01-13T07:00:00Z', endsAt: '2026-01-14T07:00:00Z' } }), 400, 'UNKNOWN_STAFF');
      const backwards = await t.request('POST', `/api/v1/trusts/${a.trustId}/cover-availability`, { token: a.admin, body: { staffNumber: 'F01', startsAt: '2026-01-20T07:00:00Z', endsAt: '2026-01-19T07:00:00Z' } });
      expectError(backwards, 400, 'VALIDATION_FAILED');
      expect(backwards.body.details).toEqual([{ field: 'endsAt', message: 'must be after startsAt' }]);

      const inside = await assign(shift('F01', '2026-01-13T08:00:00Z', '2026-01-13T20:00:00Z', { consentRecorded: false }));
      expect(inside.status).toBe(201);
      expect(inside.body.status).toBe('active');
      expect(inside.body.consent).toEqual(expect.objectContaining({ state: 'accepted', source: 'availability-window', availabilityId: windowId }));
      const outside = await assign(shift('F01', '2026-01-15T08:00:00Z', '2026-01-15T12:00:00Z', { consentRecorded: false }));
      expectError(outside, 400, 'CONSENT_NOT_RECORDED');
      expect(outside.body.details).toEqual([{ field: 'consentRecorded', message: expect.stringContaining('availability window') }]);

      const listed = await t.request('GET', `/api/v1/trusts/${a.trustId}/cover-availability?staffNumber=F01`, { token: a.viewer });
      expect(listed.body.items.map((w: { id: string }) => w.id)).toEqual([windowId]);
      expect((await t.request('DELETE', `/api/v1/trusts/${a.trustId}/cover-availability/${windowId}`, { token: a.admin })).status).toBe(204);
      expectError(await t.request('DELETE', `/api/v1/trusts/${a.trustId}/cover-availability/${windowId}`, { token: a.admin }), 409, 'COVER_AVAILABILITY_ALREADY_WITHDRAWN');
      expect((await t.request('GET', `/api/v1/trusts/${a.trustId}/cover-availability?staffNumber=F01`, { token: a.viewer })).body.items).toEqual([]);
      // The shift made on that consent keeps it.
      expect((await t.request('GET', `${base(a, walkout)}/cover-assignments/${inside.body.id}`, { token: a.viewer })).body.consent.source).toBe('availability-window');
    });

    it('asks a consultant when the planner has no consent yet: requested until they accept through their link', async () => {
      const asked = await assign(shift('F02', '2026-01-13T08:00:00Z', '2026-01-13T20:00:00Z', { consentRecorded: false, requestConsent: true }));
      expect(asked.status).toBe(201);
      expect(asked.body).toEqual(expect.objectContaining({ status: 'requested', consentRecordedAt: null, calendarUrl: null }));
      const [{ personalisation }] = await t.dataSource.query(`SELECT personalisation FROM notification WHERE purpose = 'cover-request' AND staff_id = (SELECT id FROM staff WHERE staff_number = 'F02' AND trust_id = $1)`, [a.trustId]);
      const token = personalisation.linkToken;
      expect(personalisation.shifts).toEqual([expect.objectContaining({ startsAt: '2026-01-13T08:00:00.000Z', endsAt: '2026-01-13T20:00:00.000Z' })]);
      const other = asked.body.id.replace(/^./, asked.body.id[0] === 'a' ? 'b' : 'a');
      const wrong = await t.request('POST', `/c/${token}/respond`, { body: { answers: [{ assignmentId: other, accept: true }] } });
      expectError(wrong, 400, 'VALIDATION_FAILED');
      expect(wrong.body.details).toEqual([{ field: 'answers[0].assignmentId', message: 'is not a shift of this request' }]);
      expectError(await t.request('POST', `/c/${token}/respond`, { headers: { 'content-type': 'text/plain' }, body: 'yes' }), 400, 'VALIDATION_FAILED');
      const answered = await t.request('POST', `/c/${token}/respond`, { body: { answers: [{ assignmentId: asked.body.id, accept: true }] } });
      expect(answered.status).toBe(200);
      expect(answered.body.shifts).toEqual([expect.objectContaining({ assignmentId: asked.body.id, state: 'accepted' })]);
      const read = await t.request('GET', `${base(a, walkout)}/cover-assignments/${asked.body.id}`, { token: a.viewer });
      expect(read.body).toEqual(expect.objectContaining({ status: 'active', calendarUrl: expect.stringContaining('/calendar.ics') }));
      expect(read.body.consent).toEqual(expect.objectContaining({ state: 'accepted', source: 'link', recordedAt: expect.any(String), respondedAt: expect.any(String) }));
      const requested = await t.request('GET', `${base(a, walkout)}/cover-assignments?status=requested`, { token: a.viewer });
      expect(requested.body.items.map((i: { id: string }) => i.id)).not.toContain(asked.body.id);
    });

    it('counts non-resident on-call towards working time only for the hours called in, and prices availability at £125 an hour', async () => {
      // Wednesday 14 January 19:00 → Thursday 15 January 19:00: 24 h on call from home.
      const onCall = await assign(shift('F03', '2026-01-14T19:00:00Z', '2026-01-15T19:00:00Z', { onCall: 'non-resident' }));
      expect(onCall.status).toBe(201);
      expect(onCall.body).toEqual(expect.objectContaining({ onCall: 'non-resident', plannedBreak: null, flags: { breakRequired: false, breakMinutes: 0 } }));
      expect(onCall.body.price).toEqual(expect.objectContaining({ totalPence: 24 * 12_500, bands: [{ band: 'non-resident-availability', minutes: 1440, pencePerHour: 12_500, pence: 300_000 }] }));
      // Not work until called in: a resident shift an hour after it keeps the rest rule; overlapping it does not.
      expectError(await assign(shift('F03', '2026-01-15T18:00:00Z', '2026-01-15T22:00:00Z')), 409, 'SHIFT_OVERLAP');
      const after = await assign(shift('F03', '2026-01-15T20:00:00Z', '2026-01-16T08:00:00Z'));
      expect(after.status).toBe(201);
      expectError(await assign(shift('F04', '2026-01-14T19:00:00Z', '2026-01-15T19:01:00Z', { onCall: 'non-resident' })), 422, 'WORKING_TIME_SHIFT_TOO_LONG');

      const callIns = `${base(a, walkout)}/cover-assignments/${onCall.body.id}/call-ins`;
      const called = await t.request('POST', callIns, { token: a.admin, body: { startsAt: '2026-01-15T17:00:00Z', endsAt: '2026-01-15T19:00:00Z', note: 'Major trauma' } });
      expect(called.status).toBe(201);
      // Called in until 19:00, back at 20:00: an hour's rest instead of eleven. Recorded, not refused, with the rest owed.
      expect(called.body).toEqual(expect.objectContaining({ exceededLimits: ['WORKING_TIME_REST'], compensatoryRestMinutes: 600, note: 'Major trauma' }));
      const repriced = await t.request('GET', `${base(a, walkout)}/cover-assignments/${onCall.body.id}`, { token: a.viewer });
      expect(repriced.body.price.totalPence).toBe(22 * 12_500 + 2 * 18_800);
      expectError(await t.request('POST', callIns, { token: a.admin, body: { startsAt: '2026-01-15T18:00:00Z', endsAt: '2026-01-15T18:30:00Z' } }), 409, 'COVER_CALL_IN_OVERLAP');
      expectError(await t.request('POST', callIns, { token: a.admin, body: { startsAt: '2026-01-15T18:30:00Z', endsAt: '2026-01-15T19:30:00Z' } }), 422, 'COVER_CALL_IN_OUTSIDE_ON_CALL');
      expectError(await t.request('POST', callIns, { token: a.admin, body: { startsAt: '2026-01-15T12:00:00Z', endsAt: '2026-01-15T11:00:00Z' } }), 400, 'VALIDATION_FAILED');
      expectError(await t.request('POST', `${base(a, walkout)}/cover-assignments/${after.body.id}/call-ins`, { token: a.admin, body: { startsAt: '2026-01-15T21:00:00Z', endsAt: '2026-01-15T22:00:00Z' } }), 409, 'COVER_CALL_IN_NOT_ON_CALL');
      const listed = await t.request('GET', callIns, { token: a.viewer });
      expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([called.body.id]);
    });

    it('lets a consultant exceed the rest limit only by agreement with a reason, and records the compensatory rest owed', async () => {
      expect((await assign(shift('F04', '2026-01-13T08:00:00Z', '2026-01-13T20:00:00Z'))).status).toBe(201);
      expectError(await assign(shift('F04', '2026-01-14T02:00:00Z', '2026-01-14T06:00:00Z')), 422, 'WORKING_TIME_REST');
      const agreed = await assign(shift('F04', '2026-01-14T02:00:00Z', '2026-01-14T06:00:00Z', { exceedLimitsReason: 'Agreed by phone with Dr F04: no one else in scope' }));
      expect(agreed.status).toBe(201);
      // 6 h of rest instead of 11: 5 h of compensatory rest owed.
      expect(agreed.body.workingTime).toEqual({ exceededLimits: ['WORKING_TIME_REST'], exceedReason: 'Agreed by phone with Dr F04: no one else in scope', compensatoryRestMinutes: 300 });
      // An agreement never overrides scope of practice or an overlap.
      expectError(await assign(shift('DERM', '2026-01-14T08:00:00Z', '2026-01-14T10:00:00Z', { exceedLimitsReason: 'Happy to' })), 422, 'SCOPE_OF_PRACTICE');
      expectError(await assign(shift('F04', '2026-01-14T05:00:00Z', '2026-01-14T07:00:00Z', { exceedLimitsReason: 'Happy to' })), 409, 'SHIFT_OVERLAP');
      expectError(await assign(shift('F04', '2026-01-16T08:00:00Z', '2026-01-16T10:00:00Z', { exceedLimitsReason: '' })), 400, 'VALIDATION_FAILED');
    });

    it('plans the break where the planner asks, and refuses a break outside the shift naming the field', async () => {
      const planned = await assign(shift('F05', '2026-01-13T08:00:00Z', '2026-01-13T20:00:00Z', { breakStartsAt: '2026-01-13T12:00:00Z' }));
      expect(planned.status).toBe(201);
      expect(planned.body.plannedBreak).toEqual({ startsAt: '2026-01-13T12:00:00.000Z', minutes: 20 });
      const outside = await assign(shift('F05', '2026-01-15T08:00:00Z', '2026-01-15T20:00:00Z', { breakStartsAt: '2026-01-15T19:50:00Z' }));
      expectError(outside, 400, 'VALIDATION_FAILED');
      expect(outside.body.details).toEqual([{ field: 'breakStartsAt', message: expect.stringContaining('within the shift') }]);
      expectError(await assign(shift('F05', '2026-01-15T08:00:00Z', '2026-01-15T20:00:00Z', { breakStartsAt: 'noon' })), 400, 'VALIDATION_FAILED');
    });

    it('prices a London trust at the London variant, and a bank holiday as a weekend day', async () => {
      const settings = `/api/v1/trusts/${a.trustId}/cover-settings`;
      const initial = await t.request('GET', settings, { token: a.viewer });
      expect(initial.body).toEqual(expect.objectContaining({ rateRegion: 'outside-london', updatedAt: null }));
      expect(initial.body.rateCard.bands.find((b: { band: string }) => b.band === 'weekend-night').pencePerHour).toBe(31_300);
      expectError(await t.request('PUT', settings, { token: a.admin, body: { rateRegion: 'paris' } }), 400, 'VALIDATION_FAILED');
      const london = await t.request('PUT', settings, { token: a.admin, body: { rateRegion: 'london' } });
      expect(london.status).toBe(200);
      expect(london.body.rateCard.bands.find((b: { band: string }) => b.band === 'weekend-night').pencePerHour).toBe(33_400);
      expect(london.body.rateCard.nonResidentAvailabilityPencePerHour).toBe(12_500);
      try {
        // Monday 25 May 2026, the Spring bank holiday, 08:00 → 18:00 BST: ten weekend-day hours at the London rate.
        const holiday = await assign(shift('F06', '2026-05-25T08:00:00+01:00', '2026-05-25T18:00:00+01:00'), bankHoliday);
        expect(holiday.status).toBe(201);
        expect(holiday.body.price).toEqual(expect.objectContaining({ rateRegion: 'london', totalPence: 10 * 26_800, bands: [expect.objectContaining({ band: 'weekend-day', minutes: 600 })] }));
        const gaps = await t.request('GET', `${base(a, bankHoliday)}/cover-gaps`, { token: a.viewer });
        expect(gaps.body.rateRegion).toBe('london');
      } finally {
        await t.request('PUT', settings, { token: a.admin, body: { rateRegion: 'outside-london' } });
      }
    });
  });

  describe('trust scope and roles', () => {
    it('answers 404 to another trust’s walkout, assignment and requirement on every cover route', async () => {
      const own = base(a, walkout);
      const viaB = base(a, walkoutOfB); // trust A's path, trust B's walkout
      const requests: [('GET' | 'POST' | 'DELETE'), string, unknown?][] = [
        ['POST', `${viaB}/cover-requirements`, { departmentId: edA, startsAt: '2026-01-12T08:00:00Z', endsAt: '2026-01-12T10:00:00Z', minConsultants: 1 }],
        ['GET', `${viaB}/cover-requirements`],
        ['DELETE', `${viaB}/cover-requirements/${requirementOfB}`],
        ['DELETE', `${own}/cover-requirements/${requirementOfB}`],
        ['POST', `${viaB}/cover-assignments`, shift('E07', '2026-01-12T08:00:00Z', '2026-01-12T10:00:00Z')],
        ['GET', `${viaB}/cover-assignments`],
        ['GET', `${viaB}/cover-assignments/${assignmentOfB}`],
        ['GET', `${own}/cover-assignments/${assignmentOfB}`],
        ['DELETE', `${viaB}/cover-assignments/${assignmentOfB}`],
        ['DELETE', `${own}/cover-assignments/${assignmentOfB}`],
        ['GET', `${viaB}/cover-gaps`],
        ['POST', `${viaB}/cover-autofill`],
        ['GET', `${viaB}/sitrep`],
        ['GET', `${own}/cover-assignments/not-a-uuid`],
        ['POST', `${viaB}/cover-assignments/${assignmentOfB}/call-ins`, { startsAt: '2026-01-12T09:00:00Z', endsAt: '2026-01-12T10:00:00Z' }],
        ['POST', `${own}/cover-assignments/${assignmentOfB}/call-ins`, { startsAt: '2026-01-12T09:00:00Z', endsAt: '2026-01-12T10:00:00Z' }],
        ['GET', `${own}/cover-assignments/${assignmentOfB}/call-ins`],
        ['DELETE', `/api/v1/trusts/${a.trustId}/cover-availability/${availabilityOfB}`],
      ];
      for (const [method, url, body] of requests) {
        const response = await t.request(method, url, { token: a.admin, body });
        expect({ method, url, status: response.status }).toEqual({ method, url, status: 404 });
      }
      // And through trust B's own path, trust A's users see nothing at all.
      for (const [method, url, body] of requests.slice(0, 3)) {
        const response = await t.request(method, url.replace(a.trustId, b.trustId), { token: a.viewer, body });
        expect(response.status).toBe(404);
      }
      for (const url of [`/api/v1/trusts/${b.trustId}/cover-settings`, `/api/v1/trusts/${b.trustId}/cover-availability`]) {
        expect((await t.request('GET', url, { token: a.viewer })).status).toBe(404);
      }
      const [{ cancelled_at }] = await t.dataSource.query(`SELECT cancelled_at FROM cover_assignment WHERE id = $1`, [assignmentOfB]);
      expect(cancelled_at).toBeNull();
      const [{ withdrawn_at }] = await t.dataSource.query(`SELECT withdrawn_at FROM cover_availability WHERE id = $1`, [availabilityOfB]);
      expect(withdrawn_at).toBeNull();
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM cover_requirement WHERE id = $1`, [requirementOfB]);
      expect(n).toBe(1);
    });

    it('lets a trust viewer read but not write (403)', async () => {
      const own = base(a, walkout);
      const writes: [('POST' | 'PUT' | 'DELETE'), string, unknown?][] = [
        ['POST', `${own}/cover-requirements`, { departmentId: edA, startsAt: '2026-01-12T08:00:00Z', endsAt: '2026-01-12T10:00:00Z', minConsultants: 1 }],
        ['DELETE', `${own}/cover-requirements/${requirementOfB}`],
        ['POST', `${own}/cover-assignments`, shift('E07', '2026-01-18T08:00:00Z', '2026-01-18T10:00:00Z')],
        ['DELETE', `${own}/cover-assignments/${assignmentOfB}`],
        ['POST', `${own}/cover-autofill?apply=true`],
        ['POST', `/api/v1/trusts/${a.trustId}/cover-availability`, { staffNumber: 'E07', startsAt: '2026-01-12T07:00:00Z', endsAt: '2026-01-13T07:00:00Z' }],
        ['DELETE', `/api/v1/trusts/${a.trustId}/cover-availability/${availabilityOfB}`],
        ['PUT', `/api/v1/trusts/${a.trustId}/cover-settings`, { rateRegion: 'london' }],
        ['POST', `${own}/cover-assignments/${assignmentOfB}/call-ins`, { startsAt: '2026-01-12T09:00:00Z', endsAt: '2026-01-12T10:00:00Z' }],
      ];
      for (const [method, url, body] of writes) {
        const response = await t.request(method, url, { token: a.viewer, body });
        expect({ method, url, status: response.status, code: response.body.code }).toEqual({ method, url, status: 403, code: 'FORBIDDEN' });
      }
      for (const url of [`${own}/cover-requirements`, `${own}/cover-assignments`, `${own}/cover-gaps`, `${own}/sitrep`, `/api/v1/trusts/${a.trustId}/cover-settings`, `/api/v1/trusts/${a.trustId}/cover-availability`]) {
        expect((await t.request('GET', url, { token: a.viewer })).status).toBe(200);
      }
      expect((await t.request('GET', `${own}/cover-gaps`)).status).toBe(401);
    });
  });
});
