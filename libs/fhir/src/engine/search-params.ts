import { CommonError, ErrorDetail, londonWallClock, parseInstantWithOffset } from '@app/core';
import type { AppointmentStatus, TimeBounds } from '@app/rebooking';

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 500;

type Query = Record<string, string | string[] | undefined>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PREFIXED = /^(ge|gt|le|lt)(.+)$/;

/** FHIR Appointment.status → ours (docs/fhir.md has the table). */
export const STATUSES_OF_FHIR: Record<string, AppointmentStatus[]> = {
  booked: ['booked', 'confirmed'],
  pending: ['offered'],
  cancelled: ['cancelled', 'declined'],
  proposed: [],
};

export interface AppointmentSearch {
  patient?: { id: string } | { nhsNumber: string };
  statuses?: AppointmentStatus[];
  starts?: TimeBounds;
  updated?: TimeBounds;
  count: number;
  cursor?: string;
}

export interface SlotSearch {
  free?: boolean;
  starts?: TimeBounds;
  updated?: TimeBounds;
  count: number;
  cursor?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const APPOINTMENT_PARAMS = new Set(['patient', 'patient:identifier', 'status', 'date', '_lastUpdated', '_count', '_cursor']);
const SLOT_PARAMS = new Set(['status', 'start', '_lastUpdated', '_count', '_cursor']);

/**
 * The search parameters of GET Appointment (as the CapabilityStatement lists them). Every bad one is
 * named; an unknown parameter is refused rather than ignored, so a client never reads an unfiltered
 * list as a filtered one.
 */
export function parseAppointmentSearch(query: Query): AppointmentSearch {
  const problems: ErrorDetail[] = unknownParameters(query, APPOINTMENT_PARAMS);
  const search: AppointmentSearch = { count: count(query, problems) };
  const patient = single(query, 'patient', problems);
  const patientIdentifier = single(query, 'patient:identifier', problems);
  if (patient !== undefined && patientIdentifier !== undefined) problems.push({ field: 'patient', message: 'give patient or patient:identifier, not both' });
  if (patient !== undefined) {
    const id = patient.startsWith('Patient/') ? patient.slice(8) : patient;
    if (UUID.test(id)) search.patient = { id: id.toLowerCase() };
    else problems.push({ field: 'patient', message: 'must be Patient/<id> (the id in participant.actor.reference); search by NHS number with patient:identifier' });
  }
  if (patientIdentifier !== undefined) {
    const [system, value] = patientIdentifier.split('|');
    if (system !== 'https://fhir.nhs.uk/Id/nhs-number' || !/^\d{10}$/.test(value ?? '')) problems.push({ field: 'patient:identifier', message: 'must be https://fhir.nhs.uk/Id/nhs-number|<10 digits>' });
    else search.patient = { nhsNumber: value };
  }
  const status = single(query, 'status', problems);
  if (status !== undefined) {
    const codes = status.split(',');
    const unknown = codes.filter((code) => !(code in STATUSES_OF_FHIR));
    if (unknown.length) problems.push({ field: 'status', message: `must be one or more of ${Object.keys(STATUSES_OF_FHIR).join(', ')} (comma-separated)` });
    else search.statuses = [...new Set(codes.flatMap((code) => STATUSES_OF_FHIR[code]))];
  }
  search.starts = timeBounds(query, 'date', problems);
  search.updated = timeBounds(query, '_lastUpdated', problems);
  search.cursor = single(query, '_cursor', problems);
  if (problems.length) throw CommonError.validation(problems, 'The search parameters are not valid');
  return search;
}

export function parseSlotSearch(query: Query): SlotSearch {
  const problems: ErrorDetail[] = unknownParameters(query, SLOT_PARAMS);
  const search: SlotSearch = { count: count(query, problems) };
  const status = single(query, 'status', problems);
  if (status !== undefined) {
    if (status === 'free' || status === 'busy') search.free = status === 'free';
    else problems.push({ field: 'status', message: 'must be free or busy' });
  }
  search.starts = timeBounds(query, 'start', problems);
  search.updated = timeBounds(query, '_lastUpdated', problems);
  search.cursor = single(query, '_cursor', problems);
  if (problems.length) throw CommonError.validation(problems, 'The search parameters are not valid');
  return search;
}

function unknownParameters(query: Query, known: Set<string>): ErrorDetail[] {
  return Object.keys(query)
    .filter((name) => !known.has(name))
    .map((name) => ({ field: name, message: `is not a search parameter here (supported: ${[...known].join(', ')})` }));
}

function values(query: Query, name: string): string[] {
  const value = query[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function single(query: Query, name: string, problems: ErrorDetail[]): string | undefined {
  const all = values(query, name);
  if (all.length > 1) problems.push({ field: name, message: 'may be given once' });
  if (all.length === 1 && all[0] === '') problems.push({ field: name, message: 'must not be empty' });
  return all.length === 1 && all[0] !== '' ? all[0] : undefined;
}

function count(query: Query, problems: ErrorDetail[]): number {
  const value = single(query, '_count', problems);
  if (value === undefined) return DEFAULT_COUNT;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_COUNT) {
    problems.push({ field: '_count', message: `must be a whole number from 1 to ${MAX_COUNT}` });
    return DEFAULT_COUNT;
  }
  return n;
}

/**
 * `ge`/`gt`/`le`/`lt` on an instant with its offset (2026-01-12T09:00:00Z) or a day (2026-01-12, a
 * London day); repeat the parameter for both ends. Kept as `>= from` and `< before`.
 */
function timeBounds(query: Query, name: string, problems: ErrorDetail[]): TimeBounds | undefined {
  const all = values(query, name);
  if (!all.length) return undefined;
  const bounds: TimeBounds = {};
  for (const value of all) {
    const match = PREFIXED.exec(value);
    const point = match ? instantOrDay(match[2]) : null;
    if (!match || !point) {
      problems.push({ field: name, message: 'must be ge, gt, le or lt followed by an instant with its offset (2026-01-12T09:00:00Z) or a day (2026-01-12)' });
      continue;
    }
    const [start, end] = point;
    const prefix = match[1];
    if (prefix === 'ge' || prefix === 'gt') {
      const from = prefix === 'ge' ? start : end;
      if (!bounds.from || from > bounds.from) bounds.from = from;
    } else {
      const before = prefix === 'lt' ? start : end;
      if (!bounds.before || before < bounds.before) bounds.before = before;
    }
  }
  return bounds;
}

/** The period a value stands for: [start, end) — an instant is one millisecond, a day is the London day. */
function instantOrDay(value: string): [Date, Date] | null {
  if (DAY.test(value)) {
    try {
      const next = new Date(`${value}T12:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      return [londonWallClock(value, '00:00'), londonWallClock(next.toISOString().slice(0, 10), '00:00')];
    } catch {
      return null;
    }
  }
  const instant = parseInstantWithOffset(value);
  return instant ? [instant, new Date(instant.getTime() + 1)] : null;
}
