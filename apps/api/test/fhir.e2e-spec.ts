import { Role } from '@app/core';
import { CANCELLATION_REASON, EXTENSION, SYSTEM } from '@app/fhir';
import { BundleSpec, fhirProblems, transactionBundle } from '@app/fhir/testing';
import { RebookingRunService } from '@app/rebooking';
import { createTrust, TrustFixture, validNhsNumber, walkoutBody } from './support/fixtures';
import { activityTallyDrift, slotCountersDrift } from './support/rebooking-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON */

const FHIR = 'application/fhir+json';

describe('FHIR R4 in and out (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let other: TrustFixture;
  let fhirBase: string;
  let siteCode: string;
  let otherSiteCode: string;
  const nhs = [validNhsNumber(7001), validNhsNumber(7002), validNhsNumber(7003)];
  /** Every resource any test got back, validated at the end as well as where it was read. */
  const returned: any[] = [];

  const post = (trustId: string, body: unknown, token: string, contentType = FHIR) =>
    t.request('POST', `/api/v1/trusts/${trustId}/fhir/R4`, { token, body: JSON.stringify(body), headers: { 'content-type': contentType } });
  const get = async (path: string, token = trust.viewer) => {
    const response = await t.request('GET', path.startsWith('http') ? new URL(path).pathname + new URL(path).search : `${fhirBase}/${path}`, { token });
    if (response.status === 200) {
      if (response.body.resourceType === 'Bundle') returned.push(...(response.body.entry ?? []).map((e: any) => e.resource));
      else returned.push(response.body);
    }
    return response;
  };
  const count = async (table: string, trustId = trust.trustId) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE trust_id = $1`, [trustId]))[0].n;
  const extension = (resource: any, url: string) => resource.extension?.find((e: any) => e.url === url);

  const spec = (): BundleSpec => ({
    locations: [{ odsSiteCode: siteCode, name: 'FHIR site 1' }],
    practitioners: [{ gmcNumber: '1234567' }],
    patients: [
      { nhsNumber: nhs[0], givenName: 'Ada', familyName: 'Lovelace', birthDate: '1961-04-23', mobile: '07700900123' },
      { nhsNumber: nhs[1], givenName: 'Bea', familyName: 'Brown' },
    ],
    schedules: [{ key: 'card', odsSiteCode: siteCode, gmcNumber: '1234567', specialty: 'cardiology' }],
    slots: [
      { ref: 'FW-1', schedule: 'card', start: '2026-01-12T09:00:00Z' },
      { ref: 'FW-2', schedule: 'card', start: '2026-01-12T09:15:00Z' },
      { ref: 'FF-1', schedule: 'card', start: '2026-01-15T09:00:00Z' },
      { ref: 'FF-2', schedule: 'card', start: '2026-01-15T09:15:00Z' },
    ],
    appointments: [
      { ref: 'FA-1', nhsNumber: nhs[0], slotRef: 'FW-1', referralDate: '2025-06-01' },
      { ref: 'FA-2', nhsNumber: nhs[1], slotRef: 'FW-2', urgency: 'urgent', referralDate: '2025-07-01', referralAsServiceRequest: true },
    ],
  });

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-01T12:00:00Z') });
    const national = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, national, 'FHIR Trust');
    other = await createTrust(t, national, 'Other FHIR Trust');
    fhirBase = `/api/v1/trusts/${trust.trustId}/fhir/R4`;
    siteCode = (await t.request('GET', `/api/v1/trusts/${trust.trustId}/sites`, { token: trust.admin })).body.items[0].odsSiteCode;
    otherSiteCode = (await t.request('GET', `/api/v1/trusts/${other.trustId}/sites`, { token: other.admin })).body.items[0].odsSiteCode;
    const consultant = { givenName: 'Cara', familyName: 'Consultant', grade: 'consultant', specialty: 'cardiology', mobile: '07700900001' };
    for (const [fixture, gmcNumber] of [
      [trust, '1234567'],
      [other, '7654321'],
    ] as const) {
      const staff = await t.request('POST', `/api/v1/trusts/${fixture.trustId}/staff/import`, { token: fixture.admin, body: { items: [{ ...consultant, staffNumber: `FH-${gmcNumber}`, gmcNumber, siteId: fixture.siteIds[0] }] } });
      if (staff.status !== 200) throw new Error(staff.text);
    }
  });
  afterAll(() => t.close());

  it('imports a transaction bundle: patients, slots and appointments created, a transaction-response in order', async () => {
    const response = await post(trust.trustId, transactionBundle(spec()), trust.admin);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(response.body.resourceType).toBe('Bundle');
    expect(response.body.type).toBe('transaction-response');
    const statuses = response.body.entry.map((e: any) => e.response.status);
    // Location, Practitioner, 2 Patients, Schedule, 4 Slots, 2 Appointments.
    expect(statuses).toEqual(['200 OK', '200 OK', '201 Created', '201 Created', '200 OK', '201 Created', '201 Created', '201 Created', '201 Created', '201 Created', '201 Created']);
    expect(response.body.entry[5].response.location).toMatch(/^Slot\/[0-9a-f-]{36}$/);
    expect(response.body.entry[9].response.location).toMatch(/^Appointment\/[0-9a-f-]{36}$/);
    expect(fhirProblems(response.body)).toEqual([]);
    expect([await count('patient'), await count('slot'), await count('appointment')]).toEqual([2, 4, 2]);
    expect(await slotCountersDrift(t)).toEqual([]);
    expect(await activityTallyDrift(t)).toEqual([]);
  });

  it('updates instead of duplicating when the same bundle is sent again (and takes plain application/json)', async () => {
    const changed = spec();
    changed.patients![1].familyName = 'Browne';
    const response = await post(trust.trustId, transactionBundle(changed), trust.admin, 'application/json');
    expect(response.status).toBe(200);
    expect(response.body.entry.map((e: any) => e.response.status)).toEqual(Array(11).fill('200 OK'));
    expect([await count('patient'), await count('slot'), await count('appointment')]).toEqual([2, 4, 2]);
    const [{ family_name }] = await t.dataSource.query(`SELECT family_name FROM patient WHERE nhs_number = $1`, [nhs[1]]);
    expect(family_name).toBe('Browne');
  });

  it('reads back an appointment and its slot carrying what went in, valid R4', async () => {
    const imported = await post(trust.trustId, transactionBundle(spec()), trust.admin);
    const appointmentPath = imported.body.entry[9].response.location;
    const slotPath = imported.body.entry[5].response.location;
    const appointment = (await get(appointmentPath)).body;
    expect(fhirProblems(appointment)).toEqual([]);
    expect(appointment).toMatchObject({
      resourceType: 'Appointment',
      identifier: [{ system: SYSTEM.appointmentRef, value: 'FA-1' }],
      status: 'booked',
      priority: 3,
      start: '2026-01-12T09:00:00.000Z',
      end: '2026-01-12T09:15:00.000Z',
      appointmentType: { coding: [{ system: SYSTEM.appointmentKind, code: 'outpatient-new' }] },
      specialty: [{ coding: [{ system: SYSTEM.specialty, code: 'cardiology' }] }],
      slot: [{ reference: slotPath }],
    });
    expect(extension(appointment, EXTENSION.referralDate)).toEqual({ url: EXTENSION.referralDate, valueDate: '2025-06-01' });
    const actors = appointment.participant.map((p: any) => p.actor.identifier);
    expect(actors).toEqual([
      { system: SYSTEM.nhsNumber, value: nhs[0] },
      { system: SYSTEM.odsSiteCode, value: siteCode },
      { system: SYSTEM.gmcNumber, value: '1234567' },
    ]);
    const second = (await get(imported.body.entry[10].response.location)).body;
    expect(second.priority).toBe(2);
    expect(extension(second, EXTENSION.referralDate).valueDate).toBe('2025-07-01');

    const slot = (await get(slotPath)).body;
    expect(fhirProblems(slot)).toEqual([]);
    expect(slot).toMatchObject({
      resourceType: 'Slot',
      identifier: [{ system: SYSTEM.slotRef, value: 'FW-1' }],
      status: 'busy',
      start: '2026-01-12T09:00:00.000Z',
      serviceType: [{ coding: [{ system: SYSTEM.slotKind, code: 'outpatient' }] }],
      schedule: { reference: '#schedule', identifier: { system: SYSTEM.schedule, value: `${siteCode}/cardiology` } },
    });
    // The slot's site and clinician, as the import read them: its Schedule's actors (contained, as schedules are not stored).
    expect(slot.contained).toEqual([
      expect.objectContaining({
        resourceType: 'Schedule',
        id: 'schedule',
        actor: [
          { type: 'Location', identifier: { system: SYSTEM.odsSiteCode, value: siteCode } },
          { type: 'Practitioner', identifier: { system: SYSTEM.gmcNumber, value: '1234567' } },
        ],
      }),
    ]);
  });

  it('round trip: postponed appointments come out cancelled for industrial action, the rebookings pending or booked and linked back', async () => {
    const walkout = await t.request('POST', `/api/v1/trusts/${trust.trustId}/walkouts`, { token: trust.admin, body: walkoutBody() });
    const postponed = await t.request('POST', `/api/v1/trusts/${trust.trustId}/walkouts/${walkout.body.id}/postponements`, { token: trust.admin, body: {} });
    expect(postponed.body.postponed).toBe(2);
    const run = await t.request('POST', `/api/v1/trusts/${trust.trustId}/walkouts/${walkout.body.id}/rebooking-runs`, { token: trust.admin, body: {} });
    await t.app.get(RebookingRunService).execute(run.body.runId);
    // The patient of FA-1 confirms their new date through their link.
    const [{ token }] = await t.dataSource.query(
      `SELECT n.personalisation->>'linkToken' AS token FROM notification n JOIN appointment a ON a.id = n.subject_id JOIN appointment src ON src.id = a.rebooked_from_id
       WHERE n.purpose = 'rebooking-offer' AND src.external_ref = 'FA-1'`,
    );
    expect((await t.request('POST', `/r/${token}/confirm`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).status).toBe(200);

    const cancelled = await get('Appointment?status=cancelled');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    const gone = cancelled.body.entry.map((e: any) => e.resource);
    expect(gone.map((a: any) => a.identifier[0].value).sort()).toEqual(['FA-1', 'FA-2']);
    for (const a of gone) {
      expect(a.status).toBe('cancelled');
      expect(a.cancelationReason).toEqual({ coding: [{ system: SYSTEM.cancellationReason, ...CANCELLATION_REASON.industrialAction }] });
      expect(extension(a, EXTENSION.cancellationDate).valueDateTime).toBe('2026-01-01T12:00:00.000Z');
      expect(extension(a, EXTENSION.rebookedAs).valueReference.reference).toMatch(/^Appointment\//);
    }

    const rebooked = (await get('Appointment?status=booked,pending')).body.entry.map((e: any) => e.resource).filter((a: any) => !a.identifier);
    expect(rebooked).toHaveLength(2);
    const byOrigin = new Map(rebooked.map((a: any) => [extension(a, EXTENSION.rebookingOf).valueReference.reference, a]));
    const fa1 = gone.find((a: any) => a.identifier[0].value === 'FA-1');
    const fa2 = gone.find((a: any) => a.identifier[0].value === 'FA-2');
    const newFa1: any = byOrigin.get(`Appointment/${fa1.id}`);
    const newFa2: any = byOrigin.get(`Appointment/${fa2.id}`);
    expect(newFa1.status).toBe('booked');
    expect(newFa2.status).toBe('pending');
    expect(newFa2.participant[0].status).toBe('needs-action');
    // What went in is carried over to the new date: the patient, the referral, the urgency, the kind.
    expect(newFa1.participant[0].actor.identifier).toEqual({ system: SYSTEM.nhsNumber, value: nhs[0] });
    expect(extension(newFa1, EXTENSION.referralDate).valueDate).toBe('2025-06-01');
    expect(newFa2.priority).toBe(2);
    expect(newFa1.start.startsWith('2026-01-15')).toBe(true);
    expect(extension(fa1, EXTENSION.rebookedAs).valueReference.reference).toBe(`Appointment/${newFa1.id}`);
  });

  it('searches by patient, status, date and _lastUpdated, a page at a time through the next links', async () => {
    const byPatient = (await get(`Appointment?patient:identifier=${SYSTEM.nhsNumber}|${nhs[0]}`)).body;
    expect(byPatient.entry.map((e: any) => e.resource.participant[0].actor.identifier.value)).toEqual([nhs[0], nhs[0]]);
    const patientRef = byPatient.entry[0].resource.participant[0].actor.reference;
    expect((await get(`Appointment?patient=${patientRef}`)).body.entry).toHaveLength(2);

    const onTheDay = (await get('Appointment?date=ge2026-01-15&date=lt2026-01-16')).body;
    expect(onTheDay.entry.map((e: any) => e.resource.start.slice(0, 10))).toEqual(['2026-01-15', '2026-01-15']);
    expect((await get('Appointment?date=ge2026-01-16')).body.entry).toEqual([]);
    expect((await get('Appointment?_lastUpdated=lt2020-01-01')).body.entry).toEqual([]);

    const seen: string[] = [];
    let next: string | undefined = 'Appointment?_count=1';
    let pages = 0;
    while (next) {
      const page: any = (await get(next)).body;
      pages++;
      expect(page.link[0].relation).toBe('self');
      seen.push(...page.entry.map((e: any) => e.resource.id));
      next = page.link.find((l: any) => l.relation === 'next')?.url;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(4);

    const slots = (await get('Slot?start=ge2026-01-15T00:00:00Z&status=busy')).body;
    expect(slots.entry.map((e: any) => e.resource.identifier[0].value)).toEqual(['FF-1', 'FF-2']);
    expect((await get('Slot?status=free')).body.entry.map((e: any) => e.resource.identifier[0].value)).toEqual(['FW-1', 'FW-2']);
  });

  it('refuses bad search parameters in an OperationOutcome naming each', async () => {
    const response = await get('Appointment?status=waiting&date=2026-01-12&_count=0&colour=blue');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(response.body.resourceType).toBe('OperationOutcome');
    expect(response.body.issue.map((i: any) => i.diagnostics.split(':')[0])).toEqual(['colour', '_count', 'status', 'date']);
    expect(fhirProblems(response.body)).toEqual([]);
  });

  it('describes exactly what it supports in its CapabilityStatement', async () => {
    const response = await get('metadata');
    expect(response.status).toBe(200);
    expect(fhirProblems(response.body)).toEqual([]);
    const rest = response.body.rest[0];
    expect(rest.interaction).toEqual([expect.objectContaining({ code: 'transaction' })]);
    expect(Object.fromEntries(rest.resource.map((r: any) => [r.type, (r.interaction ?? []).map((i: any) => i.code)]))).toEqual({
      Appointment: ['read', 'search-type'],
      Slot: ['read', 'search-type'],
      Patient: [],
      Location: [],
      Practitioner: [],
      Schedule: [],
    });
    expect(rest.resource[0].searchParam.map((p: any) => p.name)).toEqual(['patient', 'status', 'date', '_lastUpdated']);
  });

  it('refuses a bad bundle whole, every problem named by its FHIRPath expression, and writes nothing', async () => {
    // The other trust has a slot of its own, which this trust's bundle must not be able to book into.
    const otherSlots = transactionBundle({ schedules: [{ key: 'o', odsSiteCode: otherSiteCode, specialty: 'cardiology' }], slots: [{ ref: 'OTHER-1', schedule: 'o', start: '2026-02-01T09:00:00Z' }] });
    expect((await post(other.trustId, otherSlots, other.admin)).status).toBe(200);
    const before = [await count('patient'), await count('slot'), await count('appointment')];

    const bad = transactionBundle({
      locations: [{ odsSiteCode: otherSiteCode }],
      practitioners: [{ gmcNumber: '7654321' }],
      patients: [{ nhsNumber: '9434765918' }, { nhsNumber: validNhsNumber(7100) }, { nhsNumber: validNhsNumber(7100) }],
      schedules: [{ key: 's', odsSiteCode: siteCode, specialty: 'cardiology' }],
      slots: [{ ref: 'NEW-1', schedule: 's', start: '2026-02-02T09:00:00Z' }],
      appointments: [
        { ref: 'NEW-A1', nhsNumber: validNhsNumber(7100), slotRef: 'OTHER-1' },
        { ref: 'NEW-A2', nhsNumber: validNhsNumber(7100), slotRef: 'NEW-1' },
      ],
    });
    bad.entry.push({ fullUrl: 'urn:uuid:obs', resource: { resourceType: 'Observation', status: 'final' }, request: { method: 'POST', url: 'Observation' } });
    // Entry 8 (NEW-A2) points at a slot that is not in the bundle.
    bad.entry[8].resource.slot[0].reference = 'urn:uuid:no-such-slot';

    const response = await post(trust.trustId, bad, trust.admin);
    expect(response.status).toBe(400);
    expect(response.body.resourceType).toBe('OperationOutcome');
    expect(fhirProblems(response.body)).toEqual([]);
    const issues = response.body.issue.map((i: any) => [i.expression[0], i.code]);
    expect(issues).toEqual([
      ['Bundle.entry[0].resource.identifier[0].value', 'not-found'],
      ['Bundle.entry[1].resource.identifier[0].value', 'not-found'],
      ['Bundle.entry[2].resource.identifier[0].value', 'value'],
      // The repeated patient repeats its fullUrl too (the builder derives it from the NHS number).
      ['Bundle.entry[4].fullUrl', 'duplicate'],
      ['Bundle.entry[4].resource.identifier[0].value', 'duplicate'],
      ['Bundle.entry[7].resource.slot[0].reference', 'not-found'],
      ['Bundle.entry[8].resource.slot[0].reference', 'not-found'],
      ['Bundle.entry[9].resource.resourceType', 'not-supported'],
    ]);
    for (const issue of response.body.issue) expect(issue.details.coding).toEqual([{ system: SYSTEM.errorCode, code: 'VALIDATION_FAILED' }]);
    expect(response.body.issue[0].details.text).toContain(`${otherSiteCode} is not a site of this trust`);
    expect(response.body.issue[5].details.text).toBe('OTHER-1 is not a slot of this trust');
    expect([await count('patient'), await count('slot'), await count('appointment')]).toEqual(before);
  });

  it('refuses what is not a transaction bundle, and rows the JSON import refuses, at the element they came from', async () => {
    expect((await post(trust.trustId, { resourceType: 'Patient' }, trust.admin)).body.issue[0].expression).toEqual(['Bundle.resourceType']);
    const batch = await post(trust.trustId, { ...transactionBundle(spec()), type: 'batch' }, trust.admin);
    expect(batch.body.issue.map((i: any) => i.expression[0])).toEqual(['Bundle.type']);

    const rows = transactionBundle({
      patients: [{ nhsNumber: validNhsNumber(7200), birthDate: '2090-01-01', givenName: '' }],
      schedules: [{ key: 's', odsSiteCode: siteCode, specialty: 'Not Kebab' }],
      slots: [{ ref: 'BAD-1', schedule: 's', start: '2026-02-02T09:00:00' }],
    });
    const response = await post(trust.trustId, rows, trust.admin);
    expect(response.status).toBe(400);
    expect(response.body.issue.map((i: any) => [i.expression[0], i.details.text])).toEqual([
      ['Bundle.entry[0].resource.name[0].given[0]', 'must be longer than or equal to 1 characters'],
      ['Bundle.entry[1].resource.specialty[0].coding[0].code', 'must be kebab-case, e.g. emergency-medicine'],
      ['Bundle.entry[2].resource.start', expect.stringContaining('offset')],
    ]);
  });

  it('keeps another trust’s resources out of reach: FHIR 404 OperationOutcome', async () => {
    const mine = (await get('Appointment?_count=1')).body.entry[0].resource;
    const slot = mine.slot[0].reference;
    for (const path of [`Appointment/${mine.id}`, slot]) {
      const response = await t.request('GET', `/api/v1/trusts/${other.trustId}/fhir/R4/${path}`, { token: other.viewer });
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
      expect(response.body.resourceType).toBe('OperationOutcome');
      expect(response.body.issue[0].code).toBe('not-found');
      const theirs = await t.request('GET', `${fhirBase}/${path}`, { token: other.viewer });
      expect([theirs.status, theirs.body.resourceType]).toEqual([404, 'OperationOutcome']);
    }
    const unknown = await get('Appointment/00000000-0000-4000-8000-000000000000');
    expect([unknown.status, unknown.body.issue[0].details.coding[0].code]).toEqual([404, 'FHIR_RESOURCE_NOT_FOUND']);
    const unknownSlot = await get('Slot/00000000-0000-4000-8000-000000000000');
    expect([unknownSlot.status, unknownSlot.body.issue[0].details.coding[0].code]).toEqual([404, 'FHIR_RESOURCE_NOT_FOUND']);
  });

  it('answers 404 OperationOutcome on every FHIR route of another trust, and writes nothing there', async () => {
    const [slotOfOther] = await t.dataSource.query(`SELECT id FROM slot WHERE trust_id = $1 LIMIT 1`, [other.trustId]);
    const [appointmentOfMine] = await t.dataSource.query(`SELECT id FROM appointment WHERE trust_id = $1 LIMIT 1`, [trust.trustId]);
    const before = [await count('patient', other.trustId), await count('slot', other.trustId), await count('appointment', other.trustId)];
    const otherBase = `/api/v1/trusts/${other.trustId}/fhir/R4`;
    const routes: [string, string, unknown][] = [
      ['POST', otherBase, transactionBundle({ patients: [{ nhsNumber: validNhsNumber(7300) }] })],
      ['GET', `${otherBase}/metadata`, undefined],
      ['GET', `${otherBase}/Appointment`, undefined],
      ['GET', `${otherBase}/Appointment/${appointmentOfMine.id}`, undefined],
      ['GET', `${otherBase}/Slot`, undefined],
      ['GET', `${otherBase}/Slot/${slotOfOther.id}`, undefined],
    ];
    for (const token of [trust.admin, trust.viewer]) {
      for (const [method, url, body] of routes) {
        const response = await t.request(method as 'GET' | 'POST', url, { token, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': FHIR } } : {}) });
        expect({ method, url, status: response.status, type: response.headers['content-type'], resourceType: response.body.resourceType, code: response.body.issue?.[0]?.code }).toEqual({
          method,
          url,
          status: 404,
          type: 'application/fhir+json; charset=utf-8',
          resourceType: 'OperationOutcome',
          code: 'not-found',
        });
        expect(fhirProblems(response.body)).toEqual([]);
      }
    }
    expect([await count('patient', other.trustId), await count('slot', other.trustId), await count('appointment', other.trustId)]).toEqual(before);
  });

  it('speaks application/fhir+json: every answer in it, a body in another type or broken JSON refused as an OperationOutcome', async () => {
    for (const path of ['metadata', 'Appointment?_count=1', 'Slot?_count=1']) {
      const response = await get(path);
      expect([path, response.status, response.headers['content-type']]).toEqual([path, 200, 'application/fhir+json; charset=utf-8']);
    }
    const id = (await get('Appointment?_count=1')).body.entry[0].resource.id;
    expect((await get(`Appointment/${id}`)).headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const slotId = (await get('Slot?_count=1')).body.entry[0].resource.id;
    expect((await get(`Slot/${slotId}`)).headers['content-type']).toBe('application/fhir+json; charset=utf-8');

    const before = [await count('patient'), await count('slot'), await count('appointment')];
    const bundle = JSON.stringify(transactionBundle({ patients: [{ nhsNumber: validNhsNumber(7400) }] }));
    const asXml = await t.request('POST', fhirBase, { token: trust.admin, body: bundle, headers: { 'content-type': 'application/fhir+xml' } });
    // Plain text is read as text by every route (docs/api.md), so it is no Bundle.
    const asText = await t.request('POST', fhirBase, { token: trust.admin, body: bundle, headers: { 'content-type': 'text/plain' } });
    expect(asText.body.issue?.[0]?.expression).toEqual(['Bundle.resourceType']);
    const broken = await t.request('POST', fhirBase, { token: trust.admin, body: '{"resourceType": "Bundle", ', headers: { 'content-type': FHIR } });
    for (const [response, status] of [
      [asXml, 415],
      [asText, 400],
      [broken, 400],
    ] as const) {
      expect([response.status, response.headers['content-type'], response.body.resourceType]).toEqual([status, 'application/fhir+json; charset=utf-8', 'OperationOutcome']);
      expect(fhirProblems(response.body)).toEqual([]);
    }
    expect([await count('patient'), await count('slot'), await count('appointment')]).toEqual(before);
  });

  it('answers sign-in and role refusals as an OperationOutcome too', async () => {
    const anonymous = await t.request('GET', `${fhirBase}/metadata`);
    expect([anonymous.status, anonymous.body.resourceType, anonymous.body.issue[0].code]).toEqual([401, 'OperationOutcome', 'login']);
    const viewer = await post(trust.trustId, transactionBundle(spec()), trust.viewer);
    expect([viewer.status, viewer.body.issue[0].details.coding[0].code]).toEqual([403, 'FORBIDDEN']);
    const nowhere = await t.request('GET', `${fhirBase}/Patient`, { token: trust.viewer });
    expect([nowhere.status, nowhere.body.resourceType]).toEqual([404, 'OperationOutcome']);
  });

  it('returned only resources that validate against R4 and the NHS identifier systems', () => {
    expect(returned.length).toBeGreaterThan(20);
    expect(returned.flatMap((resource) => fhirProblems(resource).map((problem) => `${resource.resourceType}/${resource.id}: ${problem}`))).toEqual([]);
  });
});
