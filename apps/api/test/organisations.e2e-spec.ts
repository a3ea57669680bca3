import { Role } from '@app/core';
import { createTrust, TrustFixture, validNhsNumber } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('organisations and people (e2e)', () => {
  let t: TestApp;
  let national: string;
  let trust: TrustFixture;

  beforeAll(async () => {
    t = await startTestApp();
    national = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, national);
  });
  afterAll(() => t.close());

  describe('trusts, sites and departments', () => {
    it('refuses a second trust with the same ODS code with 409 naming the field', async () => {
      await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'RAL', name: 'Royal Free London' } });
      const again = await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'RAL', name: 'Royal Free again' } });
      expect(again.status).toBe(409);
      expect(again.body).toEqual(expect.objectContaining({ code: 'ODS_CODE_TAKEN', details: [{ field: 'odsCode', message: 'is already registered' }] }));
    });

    it('answers 400 naming each bad field, including fields the API does not know', async () => {
      const bad = await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'rq', name: '', colour: 'blue' } });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['colour', 'name', 'odsCode']);
      expect(bad.body.details.find((d: { field: string }) => d.field === 'colour').message).toBe('is not a known field');
    });

    it('keeps trust creation for national admins (403 for a trust admin)', async () => {
      const response = await t.request('POST', '/api/v1/trusts', { token: trust.admin, body: { odsCode: 'RPY', name: 'The Royal Marsden' } });
      expect(response.status).toBe(403);
    });

    it('lists a trust user only their own trust, and a national admin all of them, page by page', async () => {
      const own = await t.request('GET', '/api/v1/trusts', { token: trust.viewer });
      expect(own.body.items.map((i: { id: string }) => i.id)).toEqual([trust.trustId]);
      const first = await t.request('GET', '/api/v1/trusts?limit=1', { token: national });
      expect(first.body.items).toHaveLength(1);
      const second = await t.request('GET', `/api/v1/trusts?limit=1&cursor=${first.body.nextCursor}`, { token: national });
      expect(second.body.items[0].odsCode > first.body.items[0].odsCode).toBe(true);
      const badCursor = await t.request('GET', '/api/v1/trusts?cursor=garbage', { token: national });
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.details[0].field).toBe('cursor');
    });

    it('refuses a department at a site of another trust as if the site did not exist', async () => {
      const other = await createTrust(t, national, 'Other');
      const response = await t.request('POST', `/api/v1/trusts/${trust.trustId}/departments`, { token: trust.admin, body: { siteId: other.siteIds[0], name: 'Maternity', kind: 'maternity' } });
      expect(response.status).toBe(404);
      expect(response.body.details).toEqual([{ field: 'siteId', message: 'is not a site of this trust' }]);
    });

    it('refuses a duplicate department name at the same site and an unknown kind', async () => {
      const duplicate = await t.request('POST', `/api/v1/trusts/${trust.trustId}/departments`, { token: trust.admin, body: { siteId: trust.siteIds[0], name: 'Emergency Department', kind: 'emergency' } });
      expect(duplicate.status).toBe(409);
      const kind = await t.request('POST', `/api/v1/trusts/${trust.trustId}/departments`, { token: trust.admin, body: { siteId: trust.siteIds[0], name: 'Spa', kind: 'spa' } });
      expect(kind.status).toBe(400);
      expect(kind.body.details[0].field).toBe('kind');
    });
  });

  describe('staff import', () => {
    const staff = (n: number, overrides: Record<string, unknown> = {}) => ({
      staffNumber: `S${n}`,
      givenName: 'Alex',
      familyName: `Doctor${n}`,
      grade: 'resident-doctor',
      specialty: 'emergency-medicine',
      mobile: '07700 900' + String(n % 1000).padStart(3, '0'),
      ...overrides,
    });

    it('imports 10,000 staff in one request and stores every one of them', async () => {
      const items = Array.from({ length: 10_000 }, (_, n) => staff(n, { siteId: trust.siteIds[n % 2] }));
      const response = await t.request('POST', `/api/v1/trusts/${trust.trustId}/staff/import`, { token: trust.admin, body: { items } });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ received: 10_000, created: 10_000, updated: 0 });
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM staff WHERE trust_id = $1`, [trust.trustId]);
      expect(count).toBe(10_000);
    });

    it('updates on re-import of the same staff number instead of duplicating, and normalises the mobile', async () => {
      const response = await t.request('POST', `/api/v1/trusts/${trust.trustId}/staff/import`, {
        token: trust.admin,
        body: { items: [staff(1, { grade: 'consultant', familyName: 'Promoted', departmentId: trust.departmentIds[1] })] },
      });
      expect(response.body).toEqual({ received: 1, created: 0, updated: 1 });
      const list = await t.request('GET', `/api/v1/trusts/${trust.trustId}/staff?grade=consultant`, { token: trust.viewer });
      expect(list.body.items).toEqual([
        expect.objectContaining({ staffNumber: 'S1', familyName: 'Promoted', mobile: '+447700900001', departmentId: trust.departmentIds[1], siteId: trust.siteIds[1] }),
      ]);
    });

    it('rejects the whole import when any row is bad, listing every bad row by index, and saves nothing', async () => {
      const other = await createTrust(t, national, 'Elsewhere');
      const items = [
        staff(20_001),
        staff(20_002, { grade: 'surgeon' }),
        staff(20_003),
        staff(20_004, { mobile: '020 7946 0000', gmcNumber: '12' }),
        staff(20_001),
        staff(20_006, { siteId: other.siteIds[0] }),
      ];
      const response = await t.request('POST', `/api/v1/trusts/${trust.trustId}/staff/import`, { token: trust.admin, body: { items } });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['items[1].grade', 'items[3].mobile', 'items[3].gmcNumber']));
      // Row checks fail first; fix them and the cross-row problems are reported together.
      items[1] = staff(20_002);
      items[3] = staff(20_004);
      const second = await t.request('POST', `/api/v1/trusts/${trust.trustId}/staff/import`, { token: trust.admin, body: { items } });
      expect(second.status).toBe(400);
      expect(second.body.details).toEqual([
        { field: 'items[4].staffNumber', message: 'repeats items[0].staffNumber in the same import' },
        { field: 'items[5].siteId', message: 'is not a site of this trust' },
      ]);
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM staff WHERE staff_number IN ('S20001', 'S20002', 'S20003', 'S20004', 'S20006')`);
      expect(count).toBe(0);
    });

    it('pages through staff in staff-number order', async () => {
      const first = await t.request('GET', `/api/v1/trusts/${trust.trustId}/staff?limit=2`, { token: trust.viewer });
      const second = await t.request('GET', `/api/v1/trusts/${trust.trustId}/staff?limit=2&cursor=${first.body.nextCursor}`, { token: trust.viewer });
      expect(first.body.items.map((s: { staffNumber: string }) => s.staffNumber)).toEqual(['S0', 'S1']);
      expect(second.body.items.map((s: { staffNumber: string }) => s.staffNumber)).toEqual(['S10', 'S100']);
    });
  });

  describe('patient import', () => {
    const patient = (n: number, overrides: Record<string, unknown> = {}) => ({
      nhsNumber: validNhsNumber(n),
      givenName: 'Sam',
      familyName: `Patient${n}`,
      dateOfBirth: '1961-04-23',
      mobile: '07700900123',
      address: { lines: ['369 Fulham Road', 'London'], postcode: 'sw10 9nh' },
      preferredChannel: 'sms',
      ...overrides,
    });

    it('imports patients and upserts on NHS number', async () => {
      const first = await t.request('POST', `/api/v1/trusts/${trust.trustId}/patients/import`, { token: trust.admin, body: { items: [patient(1), patient(2)] } });
      expect(first.body).toEqual({ received: 2, created: 2, updated: 0 });
      const again = await t.request('POST', `/api/v1/trusts/${trust.trustId}/patients/import`, { token: trust.admin, body: { items: [patient(1, { familyName: 'Renamed' })] } });
      expect(again.body).toEqual({ received: 1, created: 0, updated: 1 });
      const [row] = await t.dataSource.query(`SELECT family_name, postcode, address_lines FROM patient WHERE nhs_number = $1`, [validNhsNumber(1)]);
      expect(row).toEqual({ family_name: 'Renamed', postcode: 'SW10 9NH', address_lines: ['369 Fulham Road', 'London'] });
    });

    it('names every row with an NHS number that fails the modulus-11 check, and saves none of the file', async () => {
      const wrongCheckDigit = validNhsNumber(5).slice(0, 9) + String((Number(validNhsNumber(5)[9]) + 1) % 10);
      const items = [patient(10), patient(11, { nhsNumber: wrongCheckDigit }), patient(12), patient(13, { nhsNumber: '123' }), patient(14, { dateOfBirth: '2099-01-01' })];
      const response = await t.request('POST', `/api/v1/trusts/${trust.trustId}/patients/import`, { token: trust.admin, body: { items } });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(['items[1].nhsNumber', 'items[3].nhsNumber']);
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM patient WHERE nhs_number = $1`, [validNhsNumber(10)]);
      expect(count).toBe(0);
    });

    it('refuses a date of birth in the future', async () => {
      const response = await t.request('POST', `/api/v1/trusts/${trust.trustId}/patients/import`, { token: trust.admin, body: { items: [patient(30, { dateOfBirth: '2099-01-01' })] } });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'items[0].dateOfBirth', message: 'is in the future' }]);
    });

    it('lets a viewer read but not import (403)', async () => {
      const response = await t.request('POST', `/api/v1/trusts/${trust.trustId}/patients/import`, { token: trust.viewer, body: { items: [patient(40)] } });
      expect(response.status).toBe(403);
    });
  });
});
