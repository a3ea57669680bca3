import { isValidNhsNumber, isValidSiteOdsCode, normaliseNhsNumber } from '@app/core';
import { EXTENSION, PRIORITY_OF_URGENCY, SUPPORTED_TYPES, SupportedType, SYSTEM } from './systems';

/* eslint-disable @typescript-eslint/no-explicit-any -- a bundle is JSON from outside: every value is checked before use */
type Json = any;

/** One thing wrong with the bundle, at a FHIRPath expression into it. */
export interface BundleProblem {
  expression: string;
  message: string;
  /** The OperationOutcome issue type: invalid, required, value, duplicate, not-found, not-supported, structure. */
  issue: 'invalid' | 'required' | 'value' | 'duplicate' | 'not-found' | 'not-supported' | 'structure';
}

/** Where a reference points: an entry of this bundle, or something already stored (by identifier). */
export type ReferenceTarget = { kind: 'entry'; entry: number } | { kind: 'stored'; type: SupportedType; system: string; value: string };

export interface ReadReference {
  target: ReferenceTarget;
  /** FHIRPath of the reference element, for the problems found when it is resolved. */
  expression: string;
}

interface ReadEntry {
  entry: number;
  /** `Bundle.entry[i].resource` */
  at: string;
}

export interface ReadPatient extends ReadEntry {
  nhsNumber: string;
  /** The import row, as the JSON patient import takes it (validated by the same rules). */
  item: { nhsNumber: string; givenName?: string; familyName?: string; dateOfBirth?: string; mobile?: string; email?: string; address?: { lines: string[]; postcode: string } };
  /** Import field → FHIRPath, for problems the import's own rules find. */
  paths: Record<string, string>;
}

export interface ReadLocation extends ReadEntry {
  odsSiteCode: string;
  codeAt: string;
}

export interface ReadPractitioner extends ReadEntry {
  gmcNumber: string;
  codeAt: string;
}

export interface ReadSchedule extends ReadEntry {
  location: ReadReference | null;
  practitioner: ReadReference | null;
  specialty: string | null;
  specialtyAt: string | null;
}

export interface ReadSlot extends ReadEntry {
  externalRef: string;
  schedule: ReadReference | null;
  item: { externalRef: string; kind?: string; specialty?: string; startsAt?: string; endsAt?: string; capacity?: number };
  paths: Record<string, string>;
}

export interface ReadAppointment extends ReadEntry {
  externalRef: string;
  patient: ReadReference | null;
  slot: ReadReference | null;
  item: { externalRef: string; kind?: string; urgency?: string; surgicalPriority?: string; referralDate?: string };
  paths: Record<string, string>;
}

export interface ReadBundle {
  entries: number;
  types: (SupportedType | null)[];
  patients: ReadPatient[];
  locations: ReadLocation[];
  practitioners: ReadPractitioner[];
  schedules: ReadSchedule[];
  slots: ReadSlot[];
  appointments: ReadAppointment[];
  problems: BundleProblem[];
}

const URGENCY_OF_PRIORITY = new Map(Object.entries(PRIORITY_OF_URGENCY).map(([urgency, priority]) => [priority as number, urgency]));
const CONDITIONAL = /^([A-Za-z]+)\?identifier=([^|&]*)\|([^&]+)$/;
const GMC_VALUE = /^C?(\d{7})$/;

/** The identifier system each written or matched type is keyed by, for conditional requests and references. */
const KEY_SYSTEM: Record<SupportedType, string | null> = {
  Patient: SYSTEM.nhsNumber,
  Practitioner: SYSTEM.gmcNumber,
  Location: SYSTEM.odsSiteCode,
  Schedule: null,
  Slot: SYSTEM.slotRef,
  Appointment: SYSTEM.appointmentRef,
};

const isObject = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const list = (value: unknown): Json[] => (Array.isArray(value) ? value : []);

/**
 * Reads a transaction Bundle into the rows of the JSON imports (patients, slots, appointments) and the
 * things they refer to (sites, staff), checking what can be checked without the database: the shape,
 * the identifiers (NHS number modulus 11, ODS site code, GMC number), the codes, repeated identifiers
 * and references that point nowhere. Every problem is reported, each at its FHIRPath expression.
 */
export function readTransactionBundle(body: unknown): ReadBundle {
  const read: ReadBundle = { entries: 0, types: [], patients: [], locations: [], practitioners: [], schedules: [], slots: [], appointments: [], problems: [] };
  const problem = (expression: string, message: string, issue: BundleProblem['issue'] = 'invalid') => read.problems.push({ expression, message, issue });

  if (!isObject(body) || body.resourceType !== 'Bundle') {
    problem('Bundle.resourceType', 'must be Bundle', 'structure');
    return read;
  }
  if (body.type !== 'transaction') problem('Bundle.type', 'must be transaction (this endpoint takes transaction Bundles only)', 'value');
  if (!Array.isArray(body.entry) || body.entry.length === 0) {
    problem('Bundle.entry', 'must list at least one entry', 'required');
    return read;
  }
  const entries: Json[] = body.entry;
  read.entries = entries.length;

  // First pass: what each entry is, its fullUrl and its key identifier, so references can be resolved.
  const byFullUrl = new Map<string, number>();
  const byIdentifier = new Map<string, number>();
  const types: (SupportedType | null)[] = entries.map((entry, i) => {
    const at = `Bundle.entry[${i}]`;
    if (!isObject(entry) || !isObject(entry.resource)) {
      problem(`${at}.resource`, 'is required: every entry carries a resource', 'required');
      return null;
    }
    const type = entry.resource.resourceType;
    if (!SUPPORTED_TYPES.includes(type)) {
      problem(`${at}.resource.resourceType`, `${isText(type) ? type : 'this resource type'} is not supported here; a bundle holds ${SUPPORTED_TYPES.join(', ')}`, 'not-supported');
      return null;
    }
    if (isText(entry.fullUrl)) {
      const first = byFullUrl.get(entry.fullUrl);
      if (first !== undefined) problem(`${at}.fullUrl`, `repeats Bundle.entry[${first}].fullUrl`, 'duplicate');
      else byFullUrl.set(entry.fullUrl, i);
    }
    return type as SupportedType;
  });
  read.types = types;

  const keyOf = (type: SupportedType, resource: Json, at: string): { value: string; index: number } | null => {
    const system = KEY_SYSTEM[type];
    if (!system) return null;
    const identifiers = list(resource.identifier);
    const index = identifiers.findIndex((identifier) => isObject(identifier) && identifier.system === system);
    if (index === -1) {
      problem(`${at}.identifier`, `must include an identifier with system ${system}`, 'required');
      return null;
    }
    const value = identifiers[index].value;
    if (!isText(value)) {
      problem(`${at}.identifier[${index}].value`, 'is required', 'required');
      return null;
    }
    return { value, index };
  };

  // Key identifiers (normalised) of each entry; repeats are reported on the later entry.
  const keys: ({ value: string; index: number } | null)[] = entries.map((entry, i) => {
    const type = types[i];
    if (!type) return null;
    const at = `Bundle.entry[${i}].resource`;
    const key = keyOf(type, entry.resource, at);
    if (!key) return null;
    const normalised = normaliseKey(type, key.value);
    const id = `${type}|${normalised}`;
    const first = byIdentifier.get(id);
    if (first !== undefined) {
      problem(`${at}.identifier[${key.index}].value`, `repeats the identifier of Bundle.entry[${first}] (${type} ${key.value})`, 'duplicate');
      return null;
    }
    byIdentifier.set(id, i);
    return { value: normalised, index: key.index };
  });

  const reference = (value: Json, expression: string, expected: SupportedType[]): ReadReference | null => {
    const text = isObject(value) ? value.reference : undefined;
    if (!isText(text)) {
      problem(`${expression}.reference`, `is required: a reference to ${expected.join(' or ')}`, 'required');
      return null;
    }
    const at = `${expression}.reference`;
    const entry = byFullUrl.get(text);
    if (entry !== undefined) {
      if (!types[entry] || !expected.includes(types[entry]!)) {
        problem(at, `refers to Bundle.entry[${entry}], which is not a ${expected.join(' or ')}`);
        return null;
      }
      return { target: { kind: 'entry', entry }, expression: at };
    }
    const conditional = CONDITIONAL.exec(text);
    if (conditional && expected.includes(conditional[1] as SupportedType)) {
      const type = conditional[1] as SupportedType;
      const system = decodeURIComponent(conditional[2]);
      const key = decodeURIComponent(conditional[3]);
      if (system !== KEY_SYSTEM[type]) {
        problem(at, `a conditional reference to a ${type} must use the identifier system ${KEY_SYSTEM[type]}`);
        return null;
      }
      const normalised = normaliseKey(type, key);
      const inBundle = byIdentifier.get(`${type}|${normalised}`);
      return { target: inBundle !== undefined ? { kind: 'entry', entry: inBundle } : { kind: 'stored', type, system, value: normalised }, expression: at };
    }
    problem(at, `refers to no entry of this bundle: use an entry's fullUrl or ${expected[0]}?identifier=system|value`, 'not-found');
    return null;
  };

  const typeOf = (text: string): SupportedType | null => {
    const entry = byFullUrl.get(text);
    if (entry !== undefined) return types[entry];
    const type = /^([A-Za-z]+)[/?]/.exec(text)?.[1];
    return SUPPORTED_TYPES.includes(type as SupportedType) ? (type as SupportedType) : null;
  };

  entries.forEach((entry, i) => {
    const type = types[i];
    if (!type) return;
    const at = `Bundle.entry[${i}].resource`;
    const resource = entry.resource;
    checkRequest(entry, i, type, keys[i], problem);
    switch (type) {
      case 'Patient':
        if (keys[i]) readPatient(resource, i, at, keys[i]!, read, problem);
        break;
      case 'Location':
        if (keys[i]) {
          const codeAt = `${at}.identifier[${keys[i]!.index}].value`;
          if (!isValidSiteOdsCode(keys[i]!.value)) problem(codeAt, 'must be a 5-character ODS site code such as RQM01', 'value');
          else read.locations.push({ entry: i, at, odsSiteCode: keys[i]!.value, codeAt });
        }
        break;
      case 'Practitioner':
        if (keys[i]) {
          const codeAt = `${at}.identifier[${keys[i]!.index}].value`;
          if (!GMC_VALUE.test(keys[i]!.value)) problem(codeAt, 'must be a GMC number: 7 digits (C1234567 is read as 1234567)', 'value');
          else read.practitioners.push({ entry: i, at, gmcNumber: keys[i]!.value, codeAt });
        }
        break;
      case 'Schedule':
        readSchedule(resource, i, at, read, problem, reference);
        break;
      case 'Slot':
        if (keys[i]) readSlot(resource, i, at, keys[i]!, read, problem, reference);
        break;
      case 'Appointment':
        if (keys[i]) readAppointment(resource, i, at, keys[i]!, read, problem, reference, typeOf);
        break;
    }
  });
  read.problems.sort((a, b) => entryIndexOf(a.expression) - entryIndexOf(b.expression));
  return read;
}

/** Bundle.entry[12]… → 12; problems of the bundle itself first. */
export function entryIndexOf(expression: string): number {
  return Number(/^Bundle\.entry\[(\d+)\]/.exec(expression)?.[1] ?? -1);
}

function normaliseKey(type: SupportedType, value: string): string {
  if (type === 'Patient') return normaliseNhsNumber(value);
  if (type === 'Practitioner') return GMC_VALUE.exec(value)?.[1] ?? value;
  return value;
}

type Report = (expression: string, message: string, issue?: BundleProblem['issue']) => void;
type Resolve = (value: Json, expression: string, expected: SupportedType[]) => ReadReference | null;

/**
 * Patients, slots and appointments are conditional updates: PUT Type?identifier=system|value, the
 * identifier the resource carries, so sending the bundle again updates instead of duplicating. The
 * sites and staff a bundle names are matched, never written: PUT (as they) or POST is accepted.
 */
function checkRequest(entry: Json, i: number, type: SupportedType, key: { value: string } | null, problem: Report): void {
  const at = `Bundle.entry[${i}].request`;
  if (!isObject(entry.request)) {
    problem(at, 'is required in a transaction: method and url', 'required');
    return;
  }
  const { method, url } = entry.request;
  const written = type === 'Patient' || type === 'Slot' || type === 'Appointment';
  if (written ? method !== 'PUT' : method !== 'PUT' && method !== 'POST') {
    problem(`${at}.method`, written ? `must be PUT: a ${type} is a conditional update (${type}?identifier=${KEY_SYSTEM[type]}|…)` : 'must be PUT or POST', 'value');
    return;
  }
  if (!isText(url)) {
    problem(`${at}.url`, 'is required', 'required');
    return;
  }
  if (method === 'POST') {
    if (url !== type) problem(`${at}.url`, `must be ${type}`, 'value');
    return;
  }
  const conditional = CONDITIONAL.exec(url);
  const system = KEY_SYSTEM[type];
  if (!system || !conditional || conditional[1] !== type || decodeURIComponent(conditional[2]) !== system) {
    problem(`${at}.url`, system ? `must be ${type}?identifier=${system}|<value>` : `must be ${type} (POST)`, 'value');
    return;
  }
  if (key && normaliseKey(type, decodeURIComponent(conditional[3])) !== key.value) problem(`${at}.url`, 'names another identifier than the resource carries', 'value');
}

function readPatient(resource: Json, i: number, at: string, key: { value: string; index: number }, read: ReadBundle, problem: Report): void {
  const nhsAt = `${at}.identifier[${key.index}].value`;
  if (!isValidNhsNumber(key.value)) {
    problem(nhsAt, 'must be a valid 10-digit NHS number (modulus 11 check digit)', 'value');
    return;
  }
  const paths: Record<string, string> = { nhsNumber: nhsAt };
  const item: ReadPatient['item'] = { nhsNumber: key.value };
  const names = list(resource.name);
  const nameIndex = Math.max(0, names.findIndex((name) => isObject(name) && name.use === 'official'));
  const name = names[nameIndex];
  paths.givenName = `${at}.name[${nameIndex}].given[0]`;
  paths.familyName = `${at}.name[${nameIndex}].family`;
  if (!isObject(name)) problem(`${at}.name`, 'is required: given and family name', 'required');
  else {
    item.givenName = list(name.given)[0];
    item.familyName = name.family;
  }
  paths.dateOfBirth = `${at}.birthDate`;
  item.dateOfBirth = resource.birthDate;
  const telecom = list(resource.telecom);
  const mobile = telecom.findIndex((t) => isObject(t) && (t.system === 'sms' || (t.system === 'phone' && t.use === 'mobile')));
  if (mobile >= 0) {
    item.mobile = telecom[mobile].value;
    paths.mobile = `${at}.telecom[${mobile}].value`;
  }
  const email = telecom.findIndex((t) => isObject(t) && t.system === 'email');
  if (email >= 0) {
    item.email = telecom[email].value;
    paths.email = `${at}.telecom[${email}].value`;
  }
  const address = list(resource.address)[0];
  if (isObject(address)) {
    item.address = { lines: address.line, postcode: address.postalCode };
    paths.address = `${at}.address[0]`;
    paths['address.lines'] = `${at}.address[0].line`;
    paths['address.postcode'] = `${at}.address[0].postalCode`;
  }
  read.patients.push({ entry: i, at, nhsNumber: key.value, item, paths });
}

function readSchedule(resource: Json, i: number, at: string, read: ReadBundle, problem: Report, reference: Resolve): void {
  const actors = list(resource.actor);
  let location: ReadReference | null = null;
  let practitioner: ReadReference | null = null;
  actors.forEach((actor, k) => {
    const resolved = reference(actor, `${at}.actor[${k}]`, ['Location', 'Practitioner']);
    if (!resolved) return;
    const type = resolved.target.kind === 'entry' ? read.types[resolved.target.entry] : resolved.target.type;
    if (type === 'Location') {
      if (location) problem(`${at}.actor[${k}]`, 'a schedule here is at one Location');
      else location = resolved;
    } else if (practitioner) problem(`${at}.actor[${k}]`, 'a schedule here is of at most one Practitioner');
    else practitioner = resolved;
  });
  if (!location) problem(`${at}.actor`, 'must include the Location (the site) the schedule is at', 'required');
  const specialty = codeIn(resource.specialty, SYSTEM.specialty, `${at}.specialty`);
  read.schedules.push({ entry: i, at, location, practitioner, specialty: specialty?.code ?? null, specialtyAt: specialty?.at ?? null });
}

function readSlot(resource: Json, i: number, at: string, key: { value: string; index: number }, read: ReadBundle, problem: Report, reference: Resolve): void {
  const paths: Record<string, string> = { externalRef: `${at}.identifier[${key.index}].value`, startsAt: `${at}.start`, endsAt: `${at}.end` };
  const item: ReadSlot['item'] = { externalRef: key.value, startsAt: resource.start, endsAt: resource.end };
  if (!['free', 'busy'].includes(resource.status)) problem(`${at}.status`, 'must be free or busy', 'value');
  const schedule = reference(resource.schedule, `${at}.schedule`, ['Schedule']);
  if (schedule && schedule.target.kind !== 'entry') {
    problem(schedule.expression, 'must refer to a Schedule entry of this bundle (schedules are not stored)', 'not-found');
  }
  const kind = codeIn(resource.serviceType, SYSTEM.slotKind, `${at}.serviceType`);
  if (!kind) problem(`${at}.serviceType`, `must include a coding from ${SYSTEM.slotKind} (outpatient or theatre)`, 'required');
  else {
    item.kind = kind.code;
    paths.kind = kind.at;
  }
  const specialty = codeIn(resource.specialty, SYSTEM.specialty, `${at}.specialty`);
  if (specialty) {
    item.specialty = specialty.code;
    paths.specialty = specialty.at;
  }
  const capacity = extensionIndex(resource, EXTENSION.slotCapacity);
  if (capacity >= 0) {
    item.capacity = resource.extension[capacity].valueInteger;
    paths.capacity = `${at}.extension[${capacity}].valueInteger`;
  }
  read.slots.push({ entry: i, at, externalRef: key.value, schedule: schedule?.target.kind === 'entry' ? schedule : null, item, paths });
}

function readAppointment(
  resource: Json,
  i: number,
  at: string,
  key: { value: string; index: number },
  read: ReadBundle,
  problem: Report,
  reference: Resolve,
  typeOf: (text: string) => SupportedType | null,
): void {
  const paths: Record<string, string> = { externalRef: `${at}.identifier[${key.index}].value` };
  const item: ReadAppointment['item'] = { externalRef: key.value };
  if (resource.status !== 'booked') problem(`${at}.status`, 'must be booked: the trust sends the appointments it has booked', 'value');

  let patient: ReadReference | null = null;
  const participants = list(resource.participant);
  const patientIndexes = participants.map((p, k) => (isObject(p) && isObject(p.actor) && isText(p.actor.reference) && typeOf(p.actor.reference) === 'Patient' ? k : -1)).filter((k) => k >= 0);
  if (patientIndexes.length !== 1) problem(`${at}.participant`, 'must include exactly one participant whose actor is the Patient', 'required');
  else patient = reference(participants[patientIndexes[0]].actor, `${at}.participant[${patientIndexes[0]}].actor`, ['Patient']);

  const slots = list(resource.slot);
  const slot = slots.length === 1 ? reference(slots[0], `${at}.slot[0]`, ['Slot']) : null;
  if (slots.length !== 1) problem(`${at}.slot`, 'must refer to exactly one Slot', 'required');

  const kind = codeIn(resource.appointmentType, SYSTEM.appointmentKind, `${at}.appointmentType`, true);
  if (!kind) problem(`${at}.appointmentType`, `must include a coding from ${SYSTEM.appointmentKind}`, 'required');
  else {
    item.kind = kind.code;
    paths.kind = kind.at;
  }

  paths.urgency = `${at}.priority`;
  const urgency = URGENCY_OF_PRIORITY.get(resource.priority);
  if (urgency) item.urgency = urgency;
  else problem(`${at}.priority`, 'must be 1 (two-week wait), 2 (urgent) or 3 (routine)', resource.priority === undefined ? 'required' : 'value');

  const surgical = extensionIndex(resource, EXTENSION.surgicalPriority);
  if (surgical >= 0) {
    const coding = resource.extension[surgical].valueCoding;
    paths.surgicalPriority = `${at}.extension[${surgical}].valueCoding.code`;
    if (!isObject(coding) || coding.system !== SYSTEM.surgicalPriority) problem(`${at}.extension[${surgical}].valueCoding`, `must be a coding from ${SYSTEM.surgicalPriority}`, 'value');
    else item.surgicalPriority = coding.code;
  }

  const referral = extensionIndex(resource, EXTENSION.referralDate);
  if (referral >= 0) {
    item.referralDate = resource.extension[referral].valueDate;
    paths.referralDate = `${at}.extension[${referral}].valueDate`;
  } else {
    const fromRequest = referralFromBasedOn(resource, at);
    if (fromRequest) {
      item.referralDate = fromRequest.date;
      paths.referralDate = fromRequest.at;
    } else problem(`${at}.extension`, `must give the referral date: extension ${EXTENSION.referralDate} (valueDate), or basedOn a contained ServiceRequest with authoredOn`, 'required');
  }
  if (resource.cancelationReason !== undefined) problem(`${at}.cancelationReason`, 'is not accepted: a booked appointment has no cancellation reason', 'value');
  read.appointments.push({ entry: i, at, externalRef: key.value, patient, slot, item, paths });
}

/** The first coding of `system` in a CodeableConcept or a list of them. */
function codeIn(value: Json, system: string, at: string, single = false): { code: string; at: string } | null {
  const concepts = single ? [value] : list(value);
  for (let c = 0; c < concepts.length; c++) {
    const codings = isObject(concepts[c]) ? list(concepts[c].coding) : [];
    const k = codings.findIndex((coding) => isObject(coding) && coding.system === system);
    if (k >= 0) return { code: codings[k].code, at: single ? `${at}.coding[${k}].code` : `${at}[${c}].coding[${k}].code` };
  }
  return null;
}

function extensionIndex(resource: Json, url: string): number {
  return list(resource.extension).findIndex((extension) => isObject(extension) && extension.url === url);
}

/** basedOn → a contained ServiceRequest (`#id`) with authoredOn: its date is the referral date. */
function referralFromBasedOn(resource: Json, at: string): { date: string; at: string } | null {
  const basedOn = list(resource.basedOn);
  for (const reference of basedOn) {
    const text = isObject(reference) ? reference.reference : undefined;
    if (!isText(text) || !text.startsWith('#')) continue;
    const contained = list(resource.contained);
    const index = contained.findIndex((c) => isObject(c) && c.resourceType === 'ServiceRequest' && c.id === text.slice(1));
    if (index >= 0 && isText(contained[index].authoredOn)) return { date: contained[index].authoredOn.slice(0, 10), at: `${at}.contained[${index}].authoredOn` };
  }
  return null;
}
