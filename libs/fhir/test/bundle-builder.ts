import { EXTENSION, PRIORITY_OF_URGENCY, SYSTEM } from '../src/engine/systems';

/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON */

export interface BundleSpec {
  locations?: { odsSiteCode: string; name?: string }[];
  practitioners?: { gmcNumber: string }[];
  patients?: { nhsNumber: string; givenName?: string; familyName?: string; birthDate?: string; mobile?: string }[];
  /** A schedule at a location (ODS code), optionally of a practitioner (GMC), for one specialty. */
  schedules?: { key: string; odsSiteCode: string; gmcNumber?: string; specialty: string }[];
  slots?: { ref: string; schedule: string; kind?: 'outpatient' | 'theatre'; start: string; minutes?: number; capacity?: number }[];
  appointments?: {
    ref: string;
    nhsNumber: string;
    slotRef: string;
    kind?: string;
    urgency?: 'two-week-wait' | 'urgent' | 'routine';
    surgicalPriority?: string;
    referralDate?: string;
    /** Give the referral date as basedOn a contained ServiceRequest instead of the extension. */
    referralAsServiceRequest?: boolean;
  }[];
}

const url = (type: string, key: string) => `urn:uuid:${type.toLowerCase()}-${key}`.replace(/[^A-Za-z0-9:.-]/g, '-');
const put = (type: string, system: string, value: string) => ({ method: 'PUT', url: `${type}?identifier=${system}|${value}` });

/**
 * A transaction Bundle as a trust's integration engine would send it: conditional PUTs by identifier,
 * entries referring to each other by fullUrl (urn:uuid). Deterministic: the same spec is the same bundle.
 */
export function transactionBundle(spec: BundleSpec): any {
  const entry: any[] = [];
  for (const l of spec.locations ?? []) {
    entry.push({
      fullUrl: url('Location', l.odsSiteCode),
      resource: { resourceType: 'Location', identifier: [{ system: SYSTEM.odsSiteCode, value: l.odsSiteCode }], name: l.name ?? l.odsSiteCode, status: 'active' },
      request: put('Location', SYSTEM.odsSiteCode, l.odsSiteCode),
    });
  }
  for (const p of spec.practitioners ?? []) {
    entry.push({
      fullUrl: url('Practitioner', p.gmcNumber),
      resource: { resourceType: 'Practitioner', identifier: [{ system: SYSTEM.gmcNumber, value: p.gmcNumber }] },
      request: put('Practitioner', SYSTEM.gmcNumber, p.gmcNumber),
    });
  }
  for (const p of spec.patients ?? []) {
    entry.push({
      fullUrl: url('Patient', p.nhsNumber),
      resource: {
        resourceType: 'Patient',
        identifier: [{ system: SYSTEM.nhsNumber, value: p.nhsNumber }],
        name: [{ use: 'official', family: p.familyName ?? 'Ient', given: [p.givenName ?? 'Pat'] }],
        birthDate: p.birthDate ?? '1970-01-01',
        ...(p.mobile ? { telecom: [{ system: 'phone', use: 'mobile', value: p.mobile }] } : {}),
      },
      request: put('Patient', SYSTEM.nhsNumber, p.nhsNumber),
    });
  }
  const locationEntries = new Set((spec.locations ?? []).map((l) => l.odsSiteCode));
  const practitionerEntries = new Set((spec.practitioners ?? []).map((p) => p.gmcNumber));
  for (const s of spec.schedules ?? []) {
    entry.push({
      fullUrl: url('Schedule', s.key),
      resource: {
        resourceType: 'Schedule',
        active: true,
        actor: [
          { reference: locationEntries.has(s.odsSiteCode) ? url('Location', s.odsSiteCode) : `Location?identifier=${SYSTEM.odsSiteCode}|${s.odsSiteCode}` },
          ...(s.gmcNumber ? [{ reference: practitionerEntries.has(s.gmcNumber) ? url('Practitioner', s.gmcNumber) : `Practitioner?identifier=${SYSTEM.gmcNumber}|${s.gmcNumber}` }] : []),
        ],
        specialty: [{ coding: [{ system: SYSTEM.specialty, code: s.specialty }] }],
      },
      request: { method: 'POST', url: 'Schedule' },
    });
  }
  for (const s of spec.slots ?? []) {
    const end = new Date(new Date(s.start).getTime() + (s.minutes ?? 15) * 60_000).toISOString();
    entry.push({
      fullUrl: url('Slot', s.ref),
      resource: {
        resourceType: 'Slot',
        identifier: [{ system: SYSTEM.slotRef, value: s.ref }],
        ...(s.capacity ? { extension: [{ url: EXTENSION.slotCapacity, valueInteger: s.capacity }] } : {}),
        serviceType: [{ coding: [{ system: SYSTEM.slotKind, code: s.kind ?? 'outpatient' }] }],
        schedule: { reference: url('Schedule', s.schedule) },
        status: 'free',
        start: s.start,
        end,
      },
      request: put('Slot', SYSTEM.slotRef, s.ref),
    });
  }
  const patientEntries = new Set((spec.patients ?? []).map((p) => p.nhsNumber));
  const slotEntries = new Set((spec.slots ?? []).map((s) => s.ref));
  for (const a of spec.appointments ?? []) {
    const referralDate = a.referralDate ?? '2025-10-01';
    const extension: any[] = a.referralAsServiceRequest ? [] : [{ url: EXTENSION.referralDate, valueDate: referralDate }];
    if (a.surgicalPriority) extension.push({ url: EXTENSION.surgicalPriority, valueCoding: { system: SYSTEM.surgicalPriority, code: a.surgicalPriority } });
    entry.push({
      fullUrl: url('Appointment', a.ref),
      resource: {
        resourceType: 'Appointment',
        ...(a.referralAsServiceRequest ? { contained: [{ resourceType: 'ServiceRequest', id: 'referral', status: 'active', intent: 'order', subject: { reference: `Patient?identifier=${SYSTEM.nhsNumber}|${a.nhsNumber}` }, authoredOn: referralDate }], basedOn: [{ reference: '#referral' }] } : {}),
        ...(extension.length ? { extension } : {}),
        identifier: [{ system: SYSTEM.appointmentRef, value: a.ref }],
        status: 'booked',
        appointmentType: { coding: [{ system: SYSTEM.appointmentKind, code: a.kind ?? 'outpatient-new' }] },
        priority: PRIORITY_OF_URGENCY[a.urgency ?? 'routine'],
        slot: [{ reference: slotEntries.has(a.slotRef) ? url('Slot', a.slotRef) : `Slot?identifier=${SYSTEM.slotRef}|${a.slotRef}` }],
        participant: [{ actor: { reference: patientEntries.has(a.nhsNumber) ? url('Patient', a.nhsNumber) : `Patient?identifier=${SYSTEM.nhsNumber}|${a.nhsNumber}` }, status: 'accepted' }],
      },
      request: put('Appointment', SYSTEM.appointmentRef, a.ref),
    });
  }
  return { resourceType: 'Bundle', type: 'transaction', entry };
}
