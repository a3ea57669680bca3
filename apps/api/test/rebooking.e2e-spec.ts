import { JobName, QueueService, Role } from '@app/core';
import { RebookingRunService } from '@app/rebooking';
import { createTrust, TrustFixture, validNhsNumber, walkoutBody } from './support/fixtures';
import { appointmentId, appointmentItem, importPatients, importSlots, activityTallyDrift, slotCountersDrift, slotItem } from './support/rebooking-fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('slots and appointments (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let other: TrustFixture;
  let base: string;
  let patients: string[];

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-01T12:00:00Z') });
    const national = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, national, 'Imports');
    other = await createTrust(t, national, 'Elsewhere');
    base = `/api/v1/trusts/${trust.trustId}`;
    patients = await importPatients(t, trust.trustId, trust.admin, 4, 100);
  });
  afterAll(() => t.close());

  it('imports slots, then updates them on re-import of the same externalRef', async () => {
    const items = [
      slotItem({ externalRef: 'CARD-1', siteId: trust.siteIds[0], startsAt: '2026-01-12T09:00:00Z' }),
      slotItem({ externalRef: 'CARD-2', siteId: trust.siteIds[0], startsAt: '2026-01-12T09:15:00Z', capacity: 2 }),
      slotItem({ externalRef: 'ORTHO-1', siteId: trust.siteIds[1], specialty: 'trauma-orthopaedics', kind: 'theatre', startsAt: '2026-01-12T08:00:00Z', minutes: 240, capacity: 3 }),
    ];
    const first = await t.request('POST', `${base}/slots/import`, { token: trust.admin, body: { items } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: 3, created: 3, updated: 0, unchanged: 0 });
    const again = await t.request('POST', `${base}/slots/import`, { token: trust.admin, body: { items } });
    expect(again.body).toEqual({ received: 3, created: 0, updated: 3, unchanged: 0 });
  });

  it('refuses a whole slot import for bad rows, naming each, and saves nothing', async () => {
    // Rows each bad across the file: end before start, another trust's site, a department at another site, a repeated ref.
    const crossRowProblems = [
      slotItem({ externalRef: 'NEW-1', siteId: trust.siteIds[0], startsAt: '2026-01-20T09:00:00Z' }),
      { ...slotItem({ externalRef: 'NEW-2', siteId: trust.siteIds[0], startsAt: '2026-01-20T09:00:00Z' }), endsAt: '2026-01-20T08:00:00Z' },
      slotItem({ externalRef: 'NEW-3', siteId: other.siteIds[0], startsAt: '2026-01-20T09:00:00Z' }),
      slotItem({ externalRef: 'NEW-4', siteId: trust.siteIds[0], departmentId: trust.departmentIds[1], startsAt: '2026-01-20T09:00:00Z' }),
      slotItem({ externalRef: 'NEW-1', siteId: trust.siteIds[0], startsAt: '2026-01-21T09:00:00Z' }),
    ];
    const response = await t.request('POST', `${base}/slots/import`, {
      token: trust.admin,
      body: { items: [...crossRowProblems, { ...slotItem({ externalRef: 'NEW-6', siteId: trust.siteIds[0], startsAt: '2026-01-20T09:00:00Z' }), kind: 'ward', capacity: 0 }] },
    });
    expect(response.status).toBe(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(['items[5].kind', 'items[5].capacity']);
    const crossRow = await t.request('POST', `${base}/slots/import`, { token: trust.admin, body: { items: crossRowProblems } });
    expect(crossRow.status).toBe(400);
    expect(crossRow.body.details).toEqual([
      { field: 'items[1].endsAt', message: 'must be after startsAt' },
      { field: 'items[2].siteId', message: 'is not a site of this trust' },
      { field: 'items[3].departmentId', message: 'is not at the given site' },
      { field: 'items[4].externalRef', message: 'repeats items[0].externalRef in the same import' },
    ]);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM slot WHERE external_ref LIKE 'NEW-%'`);
    expect(count).toBe(0);
  });

  it('imports appointments into slots, and the slot counts follow them', async () => {
    const response = await t.request('POST', `${base}/appointments/import`, {
      token: trust.admin,
      body: {
        items: [
          appointmentItem({ externalRef: 'APT-1', nhsNumber: patients[0], slotExternalRef: 'CARD-1' }),
          appointmentItem({ externalRef: 'APT-2', nhsNumber: patients[1], slotExternalRef: 'CARD-2', urgency: 'two-week-wait' }),
          appointmentItem({ externalRef: 'APT-3', nhsNumber: patients[2], slotExternalRef: 'ORTHO-1', kind: 'day-case', surgicalPriority: 'P2' }),
        ],
      },
    });
    expect(response.body).toEqual({ received: 3, created: 3, updated: 0, unchanged: 0 });
    const counts = await t.dataSource.query(`SELECT external_ref, booked_count FROM slot WHERE trust_id = $1 ORDER BY external_ref`, [trust.trustId]);
    expect(counts).toEqual([
      { external_ref: 'CARD-1', booked_count: 1 },
      { external_ref: 'CARD-2', booked_count: 1 },
      { external_ref: 'ORTHO-1', booked_count: 1 },
    ]);
  });

  it('moves a re-imported appointment between slots, releasing the old one', async () => {
    const moved = await t.request('POST', `${base}/appointments/import`, {
      token: trust.admin,
      body: { items: [appointmentItem({ externalRef: 'APT-1', nhsNumber: patients[0], slotExternalRef: 'CARD-2' })] },
    });
    expect(moved.body).toEqual({ received: 1, created: 0, updated: 1, unchanged: 0 });
    const counts = await t.dataSource.query(`SELECT external_ref, booked_count FROM slot WHERE trust_id = $1 AND kind = 'outpatient' ORDER BY external_ref`, [trust.trustId]);
    expect(counts).toEqual([
      { external_ref: 'CARD-1', booked_count: 0 },
      { external_ref: 'CARD-2', booked_count: 2 },
    ]);
    expect(await slotCountersDrift(t)).toEqual([]);
    expect(await activityTallyDrift(t)).toEqual([]);
  });

  it('refuses an import that would overbook a slot with a 409 naming the rows, and saves nothing', async () => {
    const response = await t.request('POST', `${base}/appointments/import`, {
      token: trust.admin,
      body: {
        items: [
          appointmentItem({ externalRef: 'APT-9', nhsNumber: patients[3], slotExternalRef: 'CARD-1' }),
          appointmentItem({ externalRef: 'APT-10', nhsNumber: patients[3], slotExternalRef: 'CARD-2' }),
        ],
      },
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('SLOT_OVERBOOKED');
    expect(response.body.details).toEqual([{ field: 'items[1].slotExternalRef', message: 'slot CARD-2 would hold 3 bookings but has room for 2' }]);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM appointment WHERE external_ref = 'APT-9'`);
    expect(count).toBe(0);
  });

  it('refuses a slot re-import that would leave fewer places than bookings', async () => {
    const response = await t.request('POST', `${base}/slots/import`, {
      token: trust.admin,
      body: { items: [slotItem({ externalRef: 'CARD-2', siteId: trust.siteIds[0], startsAt: '2026-01-12T09:15:00Z', capacity: 1 })] },
    });
    expect(response.status).toBe(409);
    expect(response.body.details).toEqual([{ field: 'items[0].capacity', message: 'is below the 2 booking(s) the slot already holds' }]);
  });

  it('names unknown patients, another trust’s slots and kind mismatches by row', async () => {
    await importSlots(t, other.trustId, other.admin, [{ externalRef: 'OTHER-1', siteId: other.siteIds[0], startsAt: '2026-01-12T09:00:00Z' }]);
    const response = await t.request('POST', `${base}/appointments/import`, {
      token: trust.admin,
      body: {
        items: [
          appointmentItem({ externalRef: 'BAD-1', nhsNumber: validNhsNumber(999), slotExternalRef: 'CARD-1' }),
          appointmentItem({ externalRef: 'BAD-2', nhsNumber: patients[0], slotExternalRef: 'OTHER-1' }),
          appointmentItem({ externalRef: 'BAD-3', nhsNumber: patients[0], slotExternalRef: 'CARD-1', kind: 'inpatient' }),
          appointmentItem({ externalRef: 'BAD-4', nhsNumber: patients[0], slotExternalRef: 'CARD-1', surgicalPriority: 'P1a' }),
        ],
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toEqual([
      'items[0].nhsNumber',
      'items[1].slotExternalRef',
      'items[2].kind',
      'items[3].surgicalPriority',
    ]);
  });

  it('lists appointments by status and time, a page at a time', async () => {
    const all = await t.request('GET', `${base}/appointments?limit=2`, { token: trust.viewer });
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(2);
    const next = await t.request('GET', `${base}/appointments?limit=2&cursor=${all.body.nextCursor}`, { token: trust.viewer });
    expect(next.body.items).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();
    // By start time; APT-1 and APT-2 share a slot, so their order between them is by id.
    const listed = [...all.body.items, ...next.body.items].map((a: { externalRef: string }) => a.externalRef);
    expect(listed[0]).toBe('APT-3');
    expect(listed.slice(1).sort()).toEqual(['APT-1', 'APT-2']);
    const window = await t.request('GET', `${base}/appointments?status=booked&from=2026-01-12T09:00:00Z&to=2026-01-13T00:00:00Z`, { token: trust.viewer });
    expect(window.body.items.map((a: { externalRef: string }) => a.externalRef).sort()).toEqual(['APT-1', 'APT-2']);
    const none = await t.request('GET', `${base}/appointments?status=confirmed`, { token: trust.viewer });
    expect(none.body.items).toEqual([]);
    const bad = await t.request('GET', `${base}/appointments?status=lost&from=yesterday`, { token: trust.viewer });
    expect(bad.status).toBe(400);
  });

  it('shows one appointment with the issue’s fields and its (so far one-row) rebooking history', async () => {
    const id = await appointmentId(t, trust.trustId, 'APT-3');
    const response = await t.request('GET', `${base}/appointments/${id}`, { token: trust.viewer });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id,
      externalRef: 'APT-3',
      status: 'booked',
      slotId: expect.any(String),
      siteId: trust.siteIds[1],
      specialty: 'trauma-orthopaedics',
      kind: 'day-case',
      urgency: 'routine',
      surgicalPriority: 'P2',
      startsAt: '2026-01-12T08:00:00.000Z',
      endsAt: '2026-01-12T12:00:00.000Z',
      clinicianStaffNumber: null,
      cancellationCount: 0,
      rebookedFromId: null,
      rebookedToId: null,
      rebookingHistory: [expect.objectContaining({ id, externalRef: 'APT-3' })],
    });
    expect(JSON.stringify(response.body)).not.toContain(patients[2]);
  });

  it('answers 404 for another trust’s appointment and for ids that cannot exist', async () => {
    const id = await appointmentId(t, trust.trustId, 'APT-3');
    expect((await t.request('GET', `/api/v1/trusts/${other.trustId}/appointments/${id}`, { token: other.admin })).status).toBe(404);
    expect((await t.request('GET', `${base}/appointments/${id}`, { token: other.admin })).status).toBe(404);
    expect((await t.request('GET', `${base}/appointments/not-a-uuid`, { token: trust.viewer })).status).toBe(404);
    expect((await t.request('GET', `${base}/appointments/00000000-0000-4000-8000-000000000000`, { token: trust.viewer })).status).toBe(404);
  });

  it('lets viewers read but not import', async () => {
    const slots = await t.request('POST', `${base}/slots/import`, { token: trust.viewer, body: { items: [slotItem({ externalRef: 'V-1', siteId: trust.siteIds[0], startsAt: '2026-01-20T09:00:00Z' })] } });
    expect(slots.status).toBe(403);
    const appointments = await t.request('POST', `${base}/appointments/import`, { token: trust.viewer, body: { items: [appointmentItem({ externalRef: 'V-1', nhsNumber: patients[0], slotExternalRef: 'CARD-1' })] } });
    expect(appointments.status).toBe(403);
  });
});

describe('walkout impact, postponement, rebooking runs, patient links and sitrep (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let other: TrustFixture;
  let base: string;
  let patients: string[];
  let walkoutId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-01T12:00:00Z') });
    const national = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, national, 'Flow');
    other = await createTrust(t, national, 'Other flow');
    base = `/api/v1/trusts/${trust.trustId}`;
    patients = await importPatients(t, trust.trustId, trust.admin, 6, 200);
    const [s1, s2] = trust.siteIds;
    await importSlots(t, trust.trustId, trust.admin, [
      // In the walkout (12 Jan 07:00 → 14 Jan 07:00 UTC).
      { externalRef: 'W-CARD-1', siteId: s1, startsAt: '2026-01-12T09:00:00Z' },
      { externalRef: 'W-CARD-2', siteId: s1, startsAt: '2026-01-12T09:15:00Z', capacity: 2 },
      { externalRef: 'W-CARD-3', siteId: s2, startsAt: '2026-01-13T10:00:00Z' },
      { externalRef: 'W-ORTHO-1', siteId: s1, specialty: 'trauma-orthopaedics', kind: 'theatre', startsAt: '2026-01-12T08:00:00Z', minutes: 240, capacity: 3 },
      { externalRef: 'W-ED-1', siteId: s1, departmentId: trust.departmentIds[0], specialty: 'emergency-medicine', startsAt: '2026-01-12T11:00:00Z' },
      // Before the walkout starts, running into it.
      { externalRef: 'W-ORTHO-EARLY', siteId: s2, specialty: 'trauma-orthopaedics', kind: 'theatre', startsAt: '2026-01-12T05:00:00Z', minutes: 180 },
      // After the walkout: booked already, and free capacity to rebook into.
      { externalRef: 'OUT-1', siteId: s1, startsAt: '2026-01-19T09:00:00Z' },
      { externalRef: 'F-CARD-1', siteId: s1, startsAt: '2026-01-15T09:00:00Z' },
      { externalRef: 'F-CARD-2', siteId: s1, startsAt: '2026-01-16T09:00:00Z' },
      { externalRef: 'F-CARD-3', siteId: s1, startsAt: '2026-01-19T09:00:00Z' },
      { externalRef: 'F-CARD-S2', siteId: s2, startsAt: '2026-01-15T10:00:00Z' },
      { externalRef: 'F-ORTHO-1', siteId: s1, specialty: 'trauma-orthopaedics', kind: 'theatre', startsAt: '2026-01-20T08:00:00Z', minutes: 240 },
      { externalRef: 'F-ORTHO-S2', siteId: s2, specialty: 'trauma-orthopaedics', kind: 'theatre', startsAt: '2026-02-25T08:00:00Z', minutes: 240 },
    ]);
    const appointments = [
      { externalRef: 'A1', nhsNumber: patients[0], slotExternalRef: 'W-CARD-1', referralDate: '2025-06-01' },
      { externalRef: 'A2', nhsNumber: patients[1], slotExternalRef: 'W-CARD-2', urgency: 'two-week-wait' as const },
      { externalRef: 'A3', nhsNumber: patients[0], slotExternalRef: 'W-ORTHO-1', kind: 'day-case' as const, surgicalPriority: 'P2' as const },
      { externalRef: 'A4', nhsNumber: patients[2], slotExternalRef: 'W-ORTHO-1', kind: 'inpatient' as const, surgicalPriority: 'P1a' as const },
      { externalRef: 'A5', nhsNumber: patients[3], slotExternalRef: 'W-ED-1' },
      { externalRef: 'A6', nhsNumber: patients[4], slotExternalRef: 'W-CARD-3', kind: 'outpatient-follow-up' as const, urgency: 'urgent' as const },
      { externalRef: 'A7', nhsNumber: patients[5], slotExternalRef: 'W-CARD-2' },
      { externalRef: 'A8', nhsNumber: patients[5], slotExternalRef: 'OUT-1' },
      { externalRef: 'A9', nhsNumber: patients[3], slotExternalRef: 'W-ORTHO-EARLY', kind: 'day-case' as const, surgicalPriority: 'P4' as const },
    ];
    const imported = await t.request('POST', `${base}/appointments/import`, { token: trust.admin, body: { items: appointments.map(appointmentItem) } });
    expect(imported.status).toBe(200);
    for (const a of appointments) ids[a.externalRef] = await appointmentId(t, trust.trustId, a.externalRef);
    walkoutId = (await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody() })).body.id;
  });
  afterAll(() => t.close());

  const figures = (rows: { value: string; kept: number; toPostpone: number }[]) => Object.fromEntries(rows.map((r) => [r.value, [r.kept, r.toPostpone]]));

  it('shows the impact: what the walkout keeps and postpones, by kind, urgency, priority and specialty', async () => {
    const response = await t.request('GET', `${base}/walkouts/${walkoutId}/impact`, { token: trust.viewer });
    expect(response.status).toBe(200);
    expect(response.body.totals).toEqual({ kept: 3, toPostpone: 5, alreadyPostponed: 0 });
    expect(response.body.keptBy).toEqual({ 'critical-department': 1, P1a: 1, P1b: 0, 'two-week-wait': 1 });
    expect(figures(response.body.byKind)).toEqual({ 'outpatient-new': [2, 2], 'outpatient-follow-up': [0, 1], 'day-case': [0, 2], inpatient: [1, 0] });
    expect(figures(response.body.byUrgency)).toEqual({ routine: [2, 4], urgent: [0, 1], 'two-week-wait': [1, 0] });
    expect(figures(response.body.byPriority)).toEqual({ none: [2, 3], P1a: [1, 0], P2: [0, 1], P4: [0, 1] });
    expect(figures(response.body.bySpecialty)).toEqual({ cardiology: [1, 3], 'trauma-orthopaedics': [1, 2], 'emergency-medicine': [1, 0] });
  });

  it('limits the impact to the walkout’s sites when it names some', async () => {
    const siteWalkout = await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody({ siteIds: [trust.siteIds[1]] }) });
    const response = await t.request('GET', `${base}/walkouts/${siteWalkout.body.id}/impact`, { token: trust.viewer });
    expect(response.body.totals).toEqual({ kept: 0, toPostpone: 2, alreadyPostponed: 0 });
    expect(figures(response.body.bySpecialty)).toEqual({ cardiology: [0, 1], 'trauma-orthopaedics': [0, 1] });
  });

  it('counts a dry run without writing anything', async () => {
    const response = await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: { dryRun: true } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ dryRun: true, postponed: 5, kept: 3, patients: 4, noticesQueued: 0, alreadyPostponed: 0 });
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM appointment WHERE trust_id = $1 AND status <> 'booked'`, [trust.trustId]);
    expect(count).toBe(0);
    expect(await t.dataSource.query(`SELECT id FROM notification WHERE trust_id = $1`, [trust.trustId])).toEqual([]);
  });

  it('refuses keep lists naming appointments of another trust', async () => {
    await importPatients(t, other.trustId, other.admin, 1, 900);
    const response = await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: { keepAppointmentIds: [ids.A7, '00000000-0000-4000-8000-000000000000'] } });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'keepAppointmentIds[1]', message: 'is not an appointment of this trust' }]);
  });

  it('postpones in one go: cancels, frees the slots and queues one notice per patient listing all their appointments', async () => {
    const response = await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: { keepAppointmentIds: [ids.A7] } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ dryRun: false, postponed: 4, kept: 4, patients: 3, noticesQueued: 3, alreadyPostponed: 0 });
    const statuses = await t.dataSource.query(`SELECT external_ref, status, cancellation_count FROM appointment WHERE trust_id = $1 ORDER BY external_ref`, [trust.trustId]);
    expect(Object.fromEntries(statuses.map((r: { external_ref: string; status: string; cancellation_count: number }) => [r.external_ref, `${r.status}/${r.cancellation_count}`]))).toEqual({
      A1: 'cancelled/1', A2: 'booked/0', A3: 'cancelled/1', A4: 'booked/0', A5: 'booked/0', A6: 'cancelled/1', A7: 'booked/0', A8: 'booked/0', A9: 'cancelled/1',
    });
    expect(await slotCountersDrift(t)).toEqual([]);
    expect(await activityTallyDrift(t)).toEqual([]);
    const notices = await t.dataSource.query(
      `SELECT patient_id, personalisation, deadline, dedupe_key, walkout_id FROM notification WHERE trust_id = $1 AND purpose = 'walkout-postponement' ORDER BY deadline`,
      [trust.trustId],
    );
    expect(notices).toHaveLength(3);
    const twoAppointments = notices.find((n: { personalisation: { appointments: unknown[] } }) => n.personalisation.appointments.length === 2);
    expect(twoAppointments.personalisation).toEqual({
      givenName: 'Pat0',
      trustName: 'Flow',
      appointments: [
        { startsAt: '2026-01-12T08:00:00.000Z', description: 'Trauma orthopaedics day-case procedure', place: 'Flow site 1' },
        { startsAt: '2026-01-12T09:00:00.000Z', description: 'Cardiology outpatient appointment', place: 'Flow site 1' },
      ],
    });
    expect(twoAppointments.deadline).toEqual(new Date('2026-01-12T08:00:00Z'));
    expect(twoAppointments.dedupe_key).toBe(`postponement:${walkoutId}:${twoAppointments.patient_id}`);
    expect(JSON.stringify(notices)).not.toContain(patients[0]);
  });

  it('changes nothing when the same postponement is run again', async () => {
    const again = await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: { keepAppointmentIds: [ids.A7] } });
    expect(again.body).toEqual({ dryRun: false, postponed: 0, kept: 4, patients: 0, noticesQueued: 0, alreadyPostponed: 4 });
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM notification WHERE trust_id = $1`, [trust.trustId]);
    expect(count).toBe(3);
  });

  it('postpones what an earlier request kept once it is no longer kept, and shows it in the impact', async () => {
    const response = await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: {} });
    expect(response.body).toEqual({ dryRun: false, postponed: 1, kept: 3, patients: 1, noticesQueued: 1, alreadyPostponed: 4 });
    const impact = await t.request('GET', `${base}/walkouts/${walkoutId}/impact`, { token: trust.viewer });
    expect(impact.body.totals).toEqual({ kept: 3, toPostpone: 0, alreadyPostponed: 5 });
  });

  it('leaves postponed appointments alone when the trust re-imports them', async () => {
    const response = await t.request('POST', `${base}/appointments/import`, {
      token: trust.admin,
      body: { items: [appointmentItem({ externalRef: 'A1', nhsNumber: patients[0], slotExternalRef: 'W-CARD-1', referralDate: '2025-06-01' })] },
    });
    expect(response.body).toEqual({ received: 1, created: 0, updated: 0, unchanged: 1 });
    expect((await t.request('GET', `${base}/appointments/${ids.A1}`, { token: trust.viewer })).body).toEqual(
      expect.objectContaining({ status: 'cancelled', cancellationCount: 1, rebookedToId: null }),
    );
  });

  it('refuses to postpone for a called-off walkout', async () => {
    const calledOff = await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody({ startsAt: '2026-01-20T07:00:00Z', endsAt: '2026-01-21T07:00:00Z' }) });
    await t.request('POST', `${base}/walkouts/${calledOff.body.id}/call-off`, { token: trust.admin, body: { reason: 'Talks' } });
    const response = await t.request('POST', `${base}/walkouts/${calledOff.body.id}/postponements`, { token: trust.admin, body: {} });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('WALKOUT_CALLED_OFF');
  });

  let firstRunId: string;

  it('queues a rebooking run as a job carrying only the run id, and refuses a second while it waits', async () => {
    // The next walkout of the series (same staff group): no new date may fall inside it.
    await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody({ startsAt: '2026-01-16T07:00:00Z', endsAt: '2026-01-17T07:00:00Z' }) });
    const response = await t.request('POST', `${base}/walkouts/${walkoutId}/rebooking-runs`, { token: trust.admin, body: {} });
    expect(response.status).toBe(202);
    firstRunId = response.body.runId;
    const job = await t.app.get(QueueService).findJob(JobName.RunRebooking, `rebooking-${firstRunId}`);
    expect(job?.name).toBe(JobName.RunRebooking);
    expect(job?.data).toEqual({ runId: firstRunId });
    const queued = await t.request('GET', `${base}/rebooking-runs/${firstRunId}`, { token: trust.viewer });
    expect(queued.body).toEqual(expect.objectContaining({ status: 'queued', progress: 0, placed: null, sameSiteOnly: true, horizonDays: 42 }));
    const second = await t.request('POST', `${base}/walkouts/${walkoutId}/rebooking-runs`, { token: trust.admin, body: { sameSiteOnly: false } });
    expect(second.status).toBe(409);
    expect(second.body).toEqual(expect.objectContaining({ code: 'REBOOKING_RUN_IN_PROGRESS', details: [], conflict: { runId: firstRunId } }));
    const bad = await t.request('POST', `${base}/walkouts/${walkoutId}/rebooking-runs`, { token: trust.admin, body: { horizonDays: 0, sameSiteOnly: 'yes' } });
    expect(bad.status).toBe(400);
  });

  it('places the postponed appointments by priority, avoiding the next walkout and the patients’ other bookings', async () => {
    await t.app.get(RebookingRunService).execute(firstRunId);
    const run = await t.request('GET', `${base}/rebooking-runs/${firstRunId}`, { token: trust.viewer });
    expect(run.body).toEqual(
      expect.objectContaining({
        status: 'succeeded',
        progress: 100,
        considered: 5,
        placed: 4,
        unplaced: 1,
        within14Days: 3,
        breaches28Day: 1,
        unplacedByReason: expect.objectContaining({ PATIENT_BUSY_AT_EVERY_FREE_SLOT: 1, SLOT_TAKEN_CONCURRENTLY: 0 }),
      }),
    );
    const placedIn = await t.dataSource.query(
      `SELECT src.external_ref AS source, s.external_ref AS slot, a.status, a.cancellation_count, a.days_after_walkout
       FROM appointment a JOIN appointment src ON src.id = a.rebooked_from_id JOIN slot s ON s.id = a.slot_id
       WHERE a.rebooking_run_id = $1 ORDER BY src.external_ref`,
      [firstRunId],
    );
    expect(placedIn).toEqual([
      { source: 'A1', slot: 'F-CARD-1', status: 'offered', cancellation_count: 1, days_after_walkout: 1 },
      { source: 'A3', slot: 'F-ORTHO-1', status: 'offered', cancellation_count: 1, days_after_walkout: 6 },
      { source: 'A6', slot: 'F-CARD-S2', status: 'offered', cancellation_count: 1, days_after_walkout: 1 },
      { source: 'A9', slot: 'F-ORTHO-S2', status: 'offered', cancellation_count: 1, days_after_walkout: 42 },
    ]);
    expect(await slotCountersDrift(t)).toEqual([]);
    expect(await activityTallyDrift(t)).toEqual([]);
    const offers = await t.dataSource.query(`SELECT personalisation, subject_id, dedupe_key FROM notification WHERE trust_id = $1 AND purpose = 'rebooking-offer'`, [trust.trustId]);
    expect(offers).toHaveLength(4);
    for (const offer of offers) {
      expect(offer.personalisation.linkToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(offer.dedupe_key).toBe(`rebooking-offer:${offer.subject_id}`);
    }
    const [stored] = await t.dataSource.query(`SELECT encode(token_hash, 'hex') AS hash FROM rebooking_link LIMIT 1`);
    expect(offers.map((o: { personalisation: { linkToken: string } }) => o.personalisation.linkToken)).not.toContain(stored.hash);
  });

  it('shows the whole chain on the postponed appointment and on its rebooking', async () => {
    const original = await t.request('GET', `${base}/appointments/${ids.A1}`, { token: trust.viewer });
    expect(original.body.status).toBe('cancelled');
    const newId = original.body.rebookedToId;
    expect(newId).toEqual(expect.any(String));
    const rebooked = await t.request('GET', `${base}/appointments/${newId}`, { token: trust.viewer });
    expect(rebooked.body).toEqual(
      expect.objectContaining({ id: newId, externalRef: null, status: 'offered', rebookedFromId: ids.A1, rebookedToId: null, cancellationCount: 1, startsAt: '2026-01-15T09:00:00.000Z' }),
    );
    expect(rebooked.body.rebookingHistory.map((a: { id: string }) => a.id)).toEqual([ids.A1, newId]);
    expect(original.body.rebookingHistory.map((a: { id: string }) => a.id)).toEqual([ids.A1, newId]);
  });

  it('does nothing when the job of a finished run is executed again', async () => {
    await t.app.get(RebookingRunService).execute(firstRunId);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM appointment WHERE rebooking_run_id = $1`, [firstRunId]);
    expect(count).toBe(4);
    expect((await t.request('GET', `${base}/rebooking-runs/${firstRunId}`, { token: trust.viewer })).body.placed).toBe(4);
  });

  const tokenOf = async (sourceRef: string): Promise<string> => {
    const [row] = await t.dataSource.query(
      `SELECT n.personalisation->>'linkToken' AS token FROM notification n JOIN appointment a ON a.id = n.subject_id JOIN appointment src ON src.id = a.rebooked_from_id
       WHERE n.purpose = 'rebooking-offer' AND src.external_ref = $1`,
      [sourceRef],
    );
    return row.token;
  };
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it('shows the patient their offer on a plain page: date, time, place and what to do, no NHS number, no script', async () => {
    const response = await t.request('GET', `/r/${await tokenOf('A1')}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.text).toContain('Thursday 15 January 2026');
    expect(response.text).toContain('9am to 9:15am');
    expect(response.text).toContain('Flow site 1');
    expect(response.text).toContain('Cardiology outpatient appointment');
    expect(response.text).toContain('<meta name="viewport"');
    // A1's offer holds the one other date left at its site (19 January) beside the booked one: the page offers both as one choice.
    expect(response.text).toMatch(/<form method="post" action="\/r\/[A-Za-z0-9_-]{43}\/choose" novalidate>/);
    expect(response.text.match(/name="option" type="radio"/g)).toHaveLength(2);
    expect(response.text).toContain('Monday 19 January 2026');
    // No script of its own: only the design system's (its one inline line, and its module).
    expect(response.text.match(/<script\b/g)).toHaveLength(2);
    expect(response.text).toContain('<span class="nhsuk-header__organisation-name">Flow');
    expect(response.text).not.toContain(patients[0]);
  });

  it('confirms an offer from the form, queues the confirmation, and the link then shows the confirmed appointment until it has passed', async () => {
    const token = await tokenOf('A1');
    const response = await t.request('POST', `/r/${token}/confirm`, { headers: form, body: '' });
    expect(response.status).toBe(200);
    expect(response.text).toContain('Appointment confirmed');
    const original = await t.request('GET', `${base}/appointments/${ids.A1}`, { token: trust.viewer });
    const confirmed = await t.request('GET', `${base}/appointments/${original.body.rebookedToId}`, { token: trust.viewer });
    expect(confirmed.body.status).toBe('confirmed');
    const notices = await t.dataSource.query(`SELECT personalisation, dedupe_key FROM notification WHERE purpose = 'rebooking-confirmed' AND trust_id = $1`, [trust.trustId]);
    expect(notices).toEqual([
      {
        dedupe_key: `rebooking-confirmed:${original.body.rebookedToId}`,
        personalisation: expect.objectContaining({ givenName: 'Pat0', appointment: { startsAt: '2026-01-15T09:00:00.000Z', description: 'Cardiology outpatient appointment', place: 'Flow site 1' } }),
      },
    ]);
    // Opened again, the link shows what, where and when, with nothing left to answer.
    const recheck = await t.request('GET', `/r/${token}`);
    expect(recheck.status).toBe(200);
    expect(recheck.text).toContain('Your confirmed appointment');
    for (const text of ['Thursday 15 January 2026', '9am to 9:15am', 'Flow site 1', 'Cardiology outpatient appointment']) expect(recheck.text).toContain(text);
    expect(recheck.text).not.toContain('<form method="post" action="/r/');
    // A second tap on Confirm shows the same and queues nothing more; declining a confirmed offer is not possible here.
    const twice = await t.request('POST', `/r/${token}/confirm`, { headers: form, body: '' });
    expect(twice.status).toBe(200);
    expect(twice.text).toContain('Appointment confirmed');
    const [{ confirmations }] = await t.dataSource.query(`SELECT count(*)::int AS confirmations FROM notification WHERE purpose = 'rebooking-confirmed' AND trust_id = $1`, [trust.trustId]);
    expect(confirmations).toBe(1);
    expect((await t.request('POST', `/r/${token}/decline`, { headers: form, body: '' })).status).toBe(404);
    // Once the appointment has ended the link does not work any more.
    t.clock.set(new Date('2026-01-15T09:15:00Z'));
    try {
      const passed = await t.request('GET', `/r/${token}`);
      expect(passed.status).toBe(404);
      expect(passed.text).toContain('This link does not work any more');
    } finally {
      t.clock.set(new Date('2026-01-01T12:00:00Z'));
    }
  });

  it('declines an offer: the slot is freed, the decline counted without penalty at short notice, and the next run offers another date', async () => {
    const token = await tokenOf('A6');
    const response = await t.request('POST', `/r/${token}/decline`, { headers: form, body: 'anything=1' });
    expect(response.status).toBe(200);
    expect(response.text).toContain('does not affect your place on the waiting list');
    const [declined] = await t.dataSource.query(
      `SELECT a.status, a.decline_count, a.penalised_decline_count, a.declined_without_penalty, s.booked_count
       FROM appointment a JOIN appointment src ON src.id = a.rebooked_from_id JOIN slot s ON s.id = a.slot_id WHERE src.external_ref = 'A6'`,
    );
    expect(declined).toEqual({ status: 'declined', decline_count: 1, penalised_decline_count: 0, declined_without_penalty: true, booked_count: 0 });
    expect(await slotCountersDrift(t)).toEqual([]);
    expect(await activityTallyDrift(t)).toEqual([]);

    const run = await t.request('POST', `${base}/walkouts/${walkoutId}/rebooking-runs`, { token: trust.admin, body: { sameSiteOnly: false } });
    await t.app.get(RebookingRunService).execute(run.body.runId);
    const figures = (await t.request('GET', `${base}/rebooking-runs/${run.body.runId}`, { token: trust.viewer })).body;
    // A6's declined row and A7 (busy at its own site's only free slot) both find a date at the other site.
    expect(figures).toEqual(expect.objectContaining({ status: 'succeeded', considered: 2, placed: 2, unplaced: 0 }));
    const chain = (await t.request('GET', `${base}/appointments/${ids.A6}`, { token: trust.viewer })).body.rebookingHistory;
    expect(chain.map((a: { status: string }) => a.status)).toEqual(['cancelled', 'declined', 'offered']);
    // Not the date the patient turned down: another site's slot, as sameSiteOnly is off.
    expect(chain[2]).toEqual(expect.objectContaining({ startsAt: '2026-01-19T09:00:00.000Z', siteId: trust.siteIds[0] }));
    const [latest] = await t.dataSource.query(`SELECT decline_count FROM appointment WHERE id = $1`, [chain[2].id]);
    expect(latest.decline_count).toBe(1);
    const a7 = (await t.request('GET', `${base}/appointments/${ids.A7}`, { token: trust.viewer })).body.rebookingHistory;
    expect(a7[1]).toEqual(expect.objectContaining({ status: 'offered', siteId: trust.siteIds[1], startsAt: '2026-01-15T10:00:00.000Z' }));
    expect(await slotCountersDrift(t)).toEqual([]);
    expect(await activityTallyDrift(t)).toEqual([]);
  });

  it('answers 404 for unknown, malformed and expired links', async () => {
    expect((await t.request('GET', '/r/unknown')).status).toBe(404);
    expect((await t.request('GET', `/r/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await t.request('POST', `/r/${'A'.repeat(43)}/confirm`, { headers: form, body: '' })).status).toBe(404);
    const token = await tokenOf('A3');
    expect((await t.request('GET', `/r/${token}`)).status).toBe(200);
    t.clock.set(new Date('2026-01-20T08:00:00Z'));
    try {
      const expired = await t.request('GET', `/r/${token}`);
      expect(expired.status).toBe(404);
      expect(expired.text).toContain('This link does not work any more');
    } finally {
      t.clock.set(new Date('2026-01-01T12:00:00Z'));
    }
  });

  it('reports rescheduled activity in the sitrep, as JSON and CSV', async () => {
    const response = await t.request('GET', `${base}/walkouts/${walkoutId}/sitrep`, { token: trust.viewer });
    expect(response.status).toBe(200);
    expect(response.body.rescheduledActivity).toEqual({
      outpatient: { postponed: 3, rebooked: 3, confirmed: 1, unplaced: 0, declined: 1, within14Days: 3, breaches28Day: 0 },
      elective: { postponed: 2, rebooked: 2, confirmed: 0, unplaced: 0, declined: 0, within14Days: 1, breaches28Day: 1 },
      total: { postponed: 5, rebooked: 5, confirmed: 1, unplaced: 0, declined: 1, within14Days: 4, breaches28Day: 1 },
    });
    const csv = await t.request('GET', `${base}/walkouts/${walkoutId}/sitrep?format=csv`, { token: trust.viewer });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toContain(`,${walkoutId},rescheduledActivity,,elective,breaches28Day,1`);
    expect(csv.text).toContain(`,${walkoutId},rescheduledActivity,,outpatient,postponed,3`);
  });

  it('treats a missing or null body as no options, and answers any other body that is not valid options with a 400', async () => {
    const dry = await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual(expect.objectContaining({ dryRun: false, postponed: 0, alreadyPostponed: 5 }));
    // JSON null is "no options" like a missing body (every option is optional).
    expect((await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: 'null' })).status).toBe(200);
    for (const body of ['[1]', '"x"', '{"dryRun":"yes"}']) {
      const response = await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body });
      expect([body, response.status]).toEqual([body, 400]);
    }
    const run = await t.request('POST', `${base}/walkouts/${walkoutId}/rebooking-runs`, { token: trust.admin });
    expect(run.status).toBe(202);
    await t.app.get(RebookingRunService).execute(run.body.runId);
  });

  it('lets viewers read impact, runs and sitrep but not postpone or rebook', async () => {
    expect((await t.request('GET', `${base}/walkouts/${walkoutId}/impact`, { token: trust.viewer })).status).toBe(200);
    expect((await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.viewer, body: { dryRun: true } })).status).toBe(403);
    expect((await t.request('POST', `${base}/walkouts/${walkoutId}/rebooking-runs`, { token: trust.viewer, body: {} })).status).toBe(403);
  });

  it('answers 404 to another trust on every route that takes an id', async () => {
    const otherBase = `/api/v1/trusts/${other.trustId}`;
    const routes: [method: 'GET' | 'POST', path: string][] = [
      ['GET', `walkouts/${walkoutId}/impact`],
      ['POST', `walkouts/${walkoutId}/postponements`],
      ['POST', `walkouts/${walkoutId}/rebooking-runs`],
      ['GET', `rebooking-runs/${firstRunId}`],
      ['GET', `walkouts/${walkoutId}/sitrep`],
      ['GET', `appointments/${ids.A1}`],
    ];
    for (const [method, path] of routes) {
      const body = method === 'POST' ? {} : undefined;
      // Their own trust in the path, our ids: not found.
      expect([path, (await t.request(method, `${otherBase}/${path}`, { token: other.admin, body })).status]).toEqual([path, 404]);
      // Our trust in the path, their token: not found either (never 403).
      expect([path, (await t.request(method, `${base}/${path}`, { token: other.admin, body })).status]).toEqual([path, 404]);
    }
    expect((await t.request('GET', `${base}/rebooking-runs/not-an-id`, { token: trust.viewer })).status).toBe(404);
    expect((await t.request('GET', `${base}/walkouts/00000000-0000-4000-8000-000000000000/impact`, { token: trust.viewer })).status).toBe(404);
  });
});
