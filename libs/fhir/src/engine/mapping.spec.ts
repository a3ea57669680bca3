import type { FeedAppointment, FeedSlot } from '@app/rebooking';
import { transactionBundle } from '../../test/bundle-builder';
import { readTransactionBundle } from './bundle-reader';
import { keysToLookUp, resolveBundle } from './bundle-resolver';
import { appointmentResource, FHIR_STATUS, slotResource } from './resources-out';
import { parseAppointmentSearch, STATUSES_OF_FHIR } from './search-params';
import { EXTENSION, SYSTEM } from './systems';

const NHS = '9434765919';

describe('FHIR mapping rules', () => {
  const bundle = () =>
    transactionBundle({
      locations: [{ odsSiteCode: 'RQM01' }],
      patients: [{ nhsNumber: NHS, givenName: 'Ada', familyName: 'Lovelace' }],
      schedules: [{ key: 's', odsSiteCode: 'RQM01', specialty: 'cardiology' }],
      slots: [{ ref: 'S-1', schedule: 's', start: '2026-06-15T09:00:00+01:00' }],
      appointments: [{ ref: 'A-1', nhsNumber: NHS, slotRef: 'S-1', urgency: 'urgent', surgicalPriority: 'P2', kind: 'day-case' }],
    });

  it('reads a bundle into the JSON imports’ rows, every field from its element', () => {
    const read = readTransactionBundle(bundle());
    expect(read.problems).toEqual([]);
    expect(read.patients[0].item).toEqual({ nhsNumber: NHS, givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1970-01-01' });
    expect(read.appointments[0].item).toEqual({ externalRef: 'A-1', kind: 'day-case', urgency: 'urgent', surgicalPriority: 'P2', referralDate: '2025-10-01' });
    expect(keysToLookUp(read)).toEqual({ odsSiteCodes: ['RQM01'], gmcNumbers: [], nhsNumbers: [NHS], slotRefs: ['S-1'], appointmentRefs: ['A-1'] });
    const resolved = resolveBundle(read, { siteIdsByOdsCode: new Map([['RQM01', 'site-1']]), staffNumbersByGmcNumber: new Map(), patientIdsByNhsNumber: new Map(), slotIdsByRef: new Map(), appointmentIdsByRef: new Map() });
    expect(resolved.problems).toEqual([]);
    expect(resolved.slots[0].item).toMatchObject({ externalRef: 'S-1', siteId: 'site-1', specialty: 'cardiology', kind: 'outpatient' });
    expect(resolved.appointments[0].item).toMatchObject({ nhsNumber: NHS, slotExternalRef: 'S-1' });
  });

  it('names a bad NHS number, a PUT without its identifier and an appointment not booked at their elements', () => {
    const bad = bundle();
    bad.entry[1].resource.identifier[0].value = '9434765918';
    bad.entry[1].request.url = `Patient?identifier=${SYSTEM.nhsNumber}|9434765918`;
    bad.entry[3].request.method = 'POST';
    bad.entry[4].resource.status = 'proposed';
    expect(readTransactionBundle(bad).problems.map((p) => p.expression)).toEqual([
      'Bundle.entry[1].resource.identifier[0].value',
      'Bundle.entry[3].request.method',
      'Bundle.entry[4].resource.status',
    ]);
  });

  it('a site the trust does not have is unknown, whoever has it', () => {
    const read = readTransactionBundle(bundle());
    const resolved = resolveBundle(read, { siteIdsByOdsCode: new Map(), staffNumbersByGmcNumber: new Map(), patientIdsByNhsNumber: new Map(), slotIdsByRef: new Map(), appointmentIdsByRef: new Map() });
    expect(resolved.problems.map((p) => [p.expression, p.issue])).toEqual([['Bundle.entry[0].resource.identifier[0].value', 'not-found']]);
  });

  it('maps every status both ways, and a postponement out as cancelled for industrial action', () => {
    for (const [ours, fhir] of Object.entries(FHIR_STATUS)) expect(STATUSES_OF_FHIR[fhir]).toContain(ours);
    const appointment = {
      id: 'a', externalRef: 'A-1', status: 'cancelled', patientId: 'p', slotId: 's', slotExternalRef: 'S-1', siteId: 'site', specialty: 'cardiology', kind: 'outpatient-new', urgency: 'routine',
      surgicalPriority: null, referralDate: '2025-10-01', startsAt: new Date('2026-01-12T09:00:00Z'), endsAt: new Date('2026-01-12T09:15:00Z'), clinicianStaffNumber: null,
      postponedAt: new Date('2026-01-01T12:00:00Z'), offeredAt: null, declinedAt: null, rebookedFromId: null, rebookedToId: 'b', createdAt: new Date(), updatedAt: new Date(), updatedKey: '',
    } as FeedAppointment;
    const resource = appointmentResource(appointment, { nhsNumber: NHS });
    expect(resource.status).toBe('cancelled');
    expect(resource.cancelationReason.coding[0]).toMatchObject({ system: SYSTEM.cancellationReason, code: 'industrial-action' });
    expect(resource.extension).toEqual(expect.arrayContaining([{ url: EXTENSION.cancellationDate, valueDateTime: '2026-01-01T12:00:00.000Z' }, { url: EXTENSION.rebookedAs, valueReference: { reference: 'Appointment/b' } }]));
  });

  it('names a slot’s site and, where its clinician has a GMC number, the clinician as its contained Schedule’s actors', () => {
    const slot = {
      id: 's', externalRef: 'S-1', siteId: 'site', departmentId: null, specialty: 'cardiology', kind: 'outpatient', clinicianStaffNumber: 'K1',
      startsAt: new Date('2026-06-15T08:00:00Z'), endsAt: new Date('2026-06-15T08:15:00Z'), capacity: 2, bookedCount: 1, updatedAt: new Date(),
    } as FeedSlot;
    const withClinician = slotResource(slot, { odsSiteCode: 'RQM01', gmcNumber: '1234567' });
    expect(withClinician.schedule).toMatchObject({ reference: '#schedule', identifier: { system: SYSTEM.schedule, value: 'RQM01/cardiology' } });
    expect(withClinician.contained).toEqual([
      {
        resourceType: 'Schedule',
        id: 'schedule',
        identifier: [{ system: SYSTEM.schedule, value: 'RQM01/cardiology' }],
        actor: [
          { type: 'Location', identifier: { system: SYSTEM.odsSiteCode, value: 'RQM01' } },
          { type: 'Practitioner', identifier: { system: SYSTEM.gmcNumber, value: '1234567' } },
        ],
        specialty: [{ coding: [{ system: SYSTEM.specialty, code: 'cardiology' }] }],
      },
    ]);
    expect(withClinician.status).toBe('free');
    // A clinician known only by the trust's staff number is not exported: no Practitioner is made up.
    expect(slotResource(slot, { odsSiteCode: 'RQM01' }).contained[0].actor).toEqual([{ type: 'Location', identifier: { system: SYSTEM.odsSiteCode, value: 'RQM01' } }]);
  });

  it('reads search bounds as >= from and < before, a day as a London day', () => {
    const search = parseAppointmentSearch({ date: ['ge2026-06-15', 'lt2026-06-16'], _lastUpdated: 'gt2026-01-01T00:00:00Z', status: 'cancelled' });
    expect(search.starts).toEqual({ from: new Date('2026-06-14T23:00:00Z'), before: new Date('2026-06-15T23:00:00Z') });
    expect(search.updated).toEqual({ from: new Date('2026-01-01T00:00:00.001Z') });
    expect(search.statuses).toEqual(['cancelled', 'declined']);
    expect(() => parseAppointmentSearch({ date: '2026-06-15' })).toThrow('The search parameters are not valid');
  });
});
