import { BundleProblem, entryIndexOf, ReadAppointment, ReadBundle, ReadPatient, ReadReference, ReadSlot } from './bundle-reader';

/** What is already stored for the trust, by the identifiers the bundle uses (another trust's rows are absent). */
export interface StoredKeys {
  siteIdsByOdsCode: Map<string, string>;
  staffNumbersByGmcNumber: Map<string, string>;
  patientIdsByNhsNumber: Map<string, string>;
  slotIdsByRef: Map<string, string>;
  appointmentIdsByRef: Map<string, string>;
}

/** The identifiers to look up before resolving: those the bundle writes and those it refers to. */
export interface KeysToLookUp {
  odsSiteCodes: string[];
  gmcNumbers: string[];
  nhsNumbers: string[];
  slotRefs: string[];
  appointmentRefs: string[];
}

export interface PatientRow {
  read: ReadPatient;
  item: ReadPatient['item'];
}

export interface SlotRowItem {
  externalRef: string;
  siteId?: string;
  specialty?: string;
  kind?: string;
  clinicianStaffNumber?: string;
  startsAt?: string;
  endsAt?: string;
  capacity?: number;
}

export interface SlotRow {
  read: ReadSlot;
  item: SlotRowItem;
}

export interface AppointmentRowItem {
  externalRef: string;
  nhsNumber?: string;
  slotExternalRef?: string;
  kind?: string;
  urgency?: string;
  surgicalPriority?: string;
  referralDate?: string;
}

export interface AppointmentRow {
  read: ReadAppointment;
  item: AppointmentRowItem;
}

export interface ResolvedBundle {
  patients: PatientRow[];
  slots: SlotRow[];
  appointments: AppointmentRow[];
  problems: BundleProblem[];
}

export function keysToLookUp(read: ReadBundle): KeysToLookUp {
  const stored = (type: string, refs: (ReadReference | null)[]): string[] =>
    refs.flatMap((ref) => (ref && ref.target.kind === 'stored' && ref.target.type === type ? [ref.target.value] : []));
  const scheduleRefs = read.schedules.flatMap((s) => [s.location, s.practitioner]);
  return {
    odsSiteCodes: unique([...read.locations.map((l) => l.odsSiteCode), ...stored('Location', scheduleRefs)]),
    gmcNumbers: unique([...read.practitioners.map((p) => p.gmcNumber), ...stored('Practitioner', scheduleRefs)]),
    nhsNumbers: unique([...read.patients.map((p) => p.nhsNumber), ...stored('Patient', read.appointments.map((a) => a.patient))]),
    slotRefs: unique([...read.slots.map((s) => s.externalRef), ...stored('Slot', read.appointments.map((a) => a.slot))]),
    appointmentRefs: unique(read.appointments.map((a) => a.externalRef)),
  };
}

/**
 * Resolves every reference of a read bundle to what the imports take (site ids, staff numbers, NHS
 * numbers, slot references): to an entry of the bundle, or to something this trust already has. A
 * site, member of staff, patient or slot of another trust is unknown here, and reported as such.
 */
export function resolveBundle(read: ReadBundle, stored: StoredKeys): ResolvedBundle {
  const problems: BundleProblem[] = [...read.problems];
  const problem = (expression: string, message: string, issue: BundleProblem['issue'] = 'not-found') => problems.push({ expression, message, issue });

  const siteOfEntry = new Map<number, string>();
  for (const location of read.locations) {
    const siteId = stored.siteIdsByOdsCode.get(location.odsSiteCode);
    if (siteId) siteOfEntry.set(location.entry, siteId);
    else problem(location.codeAt, `${location.odsSiteCode} is not a site of this trust (sites are registered with POST /api/v1/trusts/{trustId}/sites)`);
  }
  const staffOfEntry = new Map<number, string>();
  for (const practitioner of read.practitioners) {
    const staffNumber = stored.staffNumbersByGmcNumber.get(practitioner.gmcNumber);
    if (staffNumber) staffOfEntry.set(practitioner.entry, staffNumber);
    else problem(practitioner.codeAt, `no one of this trust's staff has GMC number ${practitioner.gmcNumber} (staff arrive by the staff import)`);
  }

  const site = (ref: ReadReference): string | undefined => {
    if (ref.target.kind === 'entry') return siteOfEntry.get(ref.target.entry);
    const siteId = stored.siteIdsByOdsCode.get(ref.target.value);
    if (!siteId) problem(ref.expression, `${ref.target.value} is not a site of this trust`);
    return siteId;
  };
  const staff = (ref: ReadReference): string | undefined => {
    if (ref.target.kind === 'entry') return staffOfEntry.get(ref.target.entry);
    const staffNumber = stored.staffNumbersByGmcNumber.get(ref.target.value);
    if (!staffNumber) problem(ref.expression, `no one of this trust's staff has GMC number ${ref.target.value}`);
    return staffNumber;
  };

  const scheduleOfEntry = new Map<number, { siteId?: string; staffNumber?: string; specialty: string | null; paths: Record<string, string> }>();
  for (const schedule of read.schedules) {
    // A slot's fields that come from its schedule are reported at the schedule's elements.
    const paths: Record<string, string> = {};
    if (schedule.location) paths.siteId = schedule.location.expression;
    if (schedule.practitioner) paths.clinicianStaffNumber = schedule.practitioner.expression;
    if (schedule.specialtyAt) paths.specialty = schedule.specialtyAt;
    scheduleOfEntry.set(schedule.entry, {
      siteId: schedule.location ? site(schedule.location) : undefined,
      staffNumber: schedule.practitioner ? staff(schedule.practitioner) : undefined,
      specialty: schedule.specialty,
      paths,
    });
  }

  const slots: SlotRow[] = read.slots.map((slot) => {
    const schedule = slot.schedule?.target.kind === 'entry' ? scheduleOfEntry.get(slot.schedule.target.entry) : undefined;
    const specialty = slot.item.specialty ?? schedule?.specialty ?? undefined;
    if (schedule) slot.paths = { ...schedule.paths, ...slot.paths };
    if (!specialty) problem(`${slot.at}.specialty`, 'is required: a coding from the specialty code system, on the Slot or its Schedule', 'required');
    return {
      read: slot,
      item: {
        externalRef: slot.externalRef,
        siteId: schedule?.siteId,
        specialty,
        kind: slot.item.kind,
        clinicianStaffNumber: schedule?.staffNumber,
        startsAt: slot.item.startsAt,
        endsAt: slot.item.endsAt,
        capacity: slot.item.capacity,
      },
    };
  });
  const slotRefOfEntry = new Map(read.slots.map((slot) => [slot.entry, slot.externalRef]));
  const nhsOfEntry = new Map(read.patients.map((patient) => [patient.entry, patient.nhsNumber]));

  const appointments: AppointmentRow[] = read.appointments.map((appointment) => {
    let nhsNumber: string | undefined;
    if (appointment.patient) {
      const target = appointment.patient.target;
      if (target.kind === 'entry') nhsNumber = nhsOfEntry.get(target.entry);
      else if (stored.patientIdsByNhsNumber.has(target.value)) nhsNumber = target.value;
      else problem(appointment.patient.expression, `no patient of this trust has NHS number ${target.value}: send the Patient in the bundle`);
    }
    let slotExternalRef: string | undefined;
    if (appointment.slot) {
      const target = appointment.slot.target;
      if (target.kind === 'entry') slotExternalRef = slotRefOfEntry.get(target.entry);
      else if (stored.slotIdsByRef.has(target.value)) slotExternalRef = target.value;
      else problem(appointment.slot.expression, `${target.value} is not a slot of this trust`);
    }
    return { read: appointment, item: { ...appointment.item, nhsNumber, slotExternalRef } };
  });

  problems.sort((a, b) => entryIndexOf(a.expression) - entryIndexOf(b.expression));
  return { patients: read.patients.map((patient) => ({ read: patient, item: patient.item })), slots, appointments, problems };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
