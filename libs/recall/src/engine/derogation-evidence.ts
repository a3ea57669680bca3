/**
 * The evidence a derogation request carries, as NHS England's process asks for it (pure): the services
 * at risk, the staff needed by grade and specialty, the hours, and what was tried first, each with a
 * note. A draft may be incomplete; a submission must be whole (`requireComplete`). Every problem is
 * named by its field, at once.
 */
import { DateTime } from 'luxon';
import type { ValidationDetail } from './derogation';

/** What NHS England expects a trust to have tried before asking the union (letters of 2023–2025). */
export const MITIGATIONS = ['electivesCancelled', 'premiumRatesOffered', 'bankAndAgencyApproached', 'consultantsRedeployed', 'mutualAidAsked'] as const;
export type Mitigation = (typeof MITIGATIONS)[number];

export interface StaffNeed {
  grade: string;
  specialty: string;
  count: number;
  siteId: string | null;
}

export interface MitigationRecord {
  tried: boolean;
  note: string;
}

export interface DerogationEvidence {
  servicesAtRisk: string[] | null;
  staffNeeded: StaffNeed[] | null;
  hours: { from: Date; to: Date } | null;
  mitigations: Partial<Record<Mitigation, MitigationRecord>> | null;
}

export interface DerogationEvidenceInput {
  servicesAtRisk?: unknown;
  staffNeeded?: unknown;
  hours?: unknown;
  mitigations?: unknown;
}

export const SPECIALTY_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_WITH_OFFSET = /T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const MAX_ITEMS = 50;
const MAX_NOTE = 2000;

const isGiven = (value: unknown): boolean => value !== undefined && value !== null;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export type EvidenceValidation = { ok: true; value: DerogationEvidence } | { ok: false; details: ValidationDetail[] };

/** `grades`: the staff list's grades (organisations' STAFF_GRADES), passed in so this stays free of Nest. */
export function validateDerogationEvidence(input: DerogationEvidenceInput, options: { requireComplete: boolean; grades: readonly string[] }): EvidenceValidation {
  const details: ValidationDetail[] = [];
  const required = (field: string, what: string): void => {
    if (options.requireComplete) details.push({ field, message: `is required to submit: ${what}` });
  };

  let servicesAtRisk: string[] | null = null;
  if (!isGiven(input.servicesAtRisk)) required('servicesAtRisk', 'name the services at risk');
  else if (!Array.isArray(input.servicesAtRisk) || input.servicesAtRisk.length === 0 || input.servicesAtRisk.length > MAX_ITEMS) {
    details.push({ field: 'servicesAtRisk', message: `must be a list of 1–${MAX_ITEMS} services` });
  } else {
    servicesAtRisk = [];
    input.servicesAtRisk.forEach((service: unknown, index) => {
      if (typeof service !== 'string' || service.trim() === '' || service.length > 500) details.push({ field: `servicesAtRisk[${index}]`, message: 'must be a service name of 1–500 characters' });
      else servicesAtRisk!.push(service.trim());
    });
  }

  let staffNeeded: StaffNeed[] | null = null;
  if (!isGiven(input.staffNeeded)) required('staffNeeded', 'say how many staff are needed, by grade and specialty');
  else if (!Array.isArray(input.staffNeeded) || input.staffNeeded.length === 0 || input.staffNeeded.length > MAX_ITEMS) {
    details.push({ field: 'staffNeeded', message: `must be a list of 1–${MAX_ITEMS} needs` });
  } else {
    staffNeeded = [];
    input.staffNeeded.forEach((need: unknown, index) => {
      const at = `staffNeeded[${index}]`;
      if (!isObject(need)) return void details.push({ field: at, message: 'must be an object {grade, specialty, count, siteId?}' });
      const problems = details.length;
      if (typeof need.grade !== 'string' || !options.grades.includes(need.grade)) details.push({ field: `${at}.grade`, message: `must be one of ${options.grades.join(', ')}` });
      if (typeof need.specialty !== 'string' || need.specialty.length > 64 || !SPECIALTY_PATTERN.test(need.specialty)) details.push({ field: `${at}.specialty`, message: 'must be a specialty in kebab-case, e.g. anaesthetics' });
      if (typeof need.count !== 'number' || !Number.isInteger(need.count) || need.count < 1 || need.count > 1000) details.push({ field: `${at}.count`, message: 'must be a whole number from 1 to 1000' });
      if (isGiven(need.siteId) && (typeof need.siteId !== 'string' || !UUID.test(need.siteId))) details.push({ field: `${at}.siteId`, message: 'must be a site id' });
      if (details.length === problems) staffNeeded!.push({ grade: need.grade as string, specialty: need.specialty as string, count: need.count as number, siteId: isGiven(need.siteId) ? (need.siteId as string).toLowerCase() : null });
    });
  }

  let hours: { from: Date; to: Date } | null = null;
  if (!isGiven(input.hours)) required('hours', 'give the hours the staff are needed for ({from, to})');
  else if (!isObject(input.hours)) details.push({ field: 'hours', message: 'must be an object {from, to}' });
  else {
    const from = instant(input.hours.from, 'hours.from', details);
    const to = instant(input.hours.to, 'hours.to', details);
    if (from && to && to.getTime() <= from.getTime()) details.push({ field: 'hours.to', message: 'must be after hours.from' });
    else if (from && to) hours = { from, to };
  }

  let mitigations: Partial<Record<Mitigation, MitigationRecord>> | null = null;
  if (!isGiven(input.mitigations)) required('mitigations', `say what was tried first (${MITIGATIONS.join(', ')})`);
  else if (!isObject(input.mitigations)) details.push({ field: 'mitigations', message: `must be an object with ${MITIGATIONS.join(', ')}` });
  else {
    mitigations = {};
    const given = input.mitigations;
    for (const key of Object.keys(given)) {
      if (!(MITIGATIONS as readonly string[]).includes(key)) details.push({ field: `mitigations.${key}`, message: `is not one of ${MITIGATIONS.join(', ')}` });
    }
    for (const key of MITIGATIONS) {
      const at = `mitigations.${key}`;
      const entry = given[key];
      if (!isGiven(entry)) {
        required(at, 'say whether it was tried, with a note');
        continue;
      }
      if (!isObject(entry)) {
        details.push({ field: at, message: 'must be an object {tried, note}' });
        continue;
      }
      const problems = details.length;
      if (typeof entry.tried !== 'boolean') details.push({ field: `${at}.tried`, message: 'must be true or false' });
      // A note either way: what was done, or why it could not be.
      if (typeof entry.note !== 'string' || entry.note.trim() === '' || entry.note.length > MAX_NOTE) details.push({ field: `${at}.note`, message: `is required: 1–${MAX_NOTE} characters on what was done or why not` });
      if (details.length === problems) mitigations[key] = { tried: entry.tried as boolean, note: (entry.note as string).trim() };
    }
  }

  if (details.length) return { ok: false, details };
  return { ok: true, value: { servicesAtRisk, staffNeeded, hours, mitigations } };
}

function instant(value: unknown, field: string, details: ValidationDetail[]): Date | null {
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value.trim())) {
    details.push({ field, message: 'must be an ISO 8601 date-time with an offset' });
    return null;
  }
  const parsed = DateTime.fromISO(value.trim(), { setZone: true });
  if (!parsed.isValid) {
    details.push({ field, message: 'must be a valid date-time' });
    return null;
  }
  return parsed.toJSDate();
}

/** The grades a request names (its staff needed), for the check that a walkout covers them. */
export function gradesNamed(evidence: Pick<DerogationEvidence, 'staffNeeded'>): string[] {
  return [...new Set((evidence.staffNeeded ?? []).map((need) => need.grade))];
}
