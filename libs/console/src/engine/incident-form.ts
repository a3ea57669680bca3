import type { FieldProblem } from '@app/web';
import { FormFieldMap } from './form-problems';

export const METHANE_FIELDS = [
  { name: 'majorIncident', label: 'M – Major incident', hint: 'Declared, or on standby' },
  { name: 'exactLocation', label: 'E – Exact location', hint: 'For example, A4 Cromwell Road eastbound at Earls Court Road' },
  { name: 'typeOfIncident', label: 'T – Type of incident', hint: 'For example, bus and lorry collision' },
  { name: 'hazards', label: 'H – Hazards', hint: 'Present and possible' },
  { name: 'access', label: 'A – Access', hint: 'Routes in and out, entrances to use' },
  { name: 'numberOfCasualties', label: 'N – Number of casualties', hint: 'A number or a description, for example “about 40, 12 P1”' },
  { name: 'emergencyServices', label: 'E – Emergency services', hint: 'Present and required' },
] as const;

export const INCIDENT_FORM_FIELDS: FormFieldMap = {
  level: { id: 'level', label: 'The level' },
  state: { id: 'state', label: 'Declare now or standby' },
  siteIds: { id: 'siteIds', label: 'The sites' },
  departmentIds: { id: 'departmentIds', label: 'The departments' },
  description: { id: 'description', label: 'The description' },
  attendingTarget: { id: 'attendingTarget', label: 'The number of staff needed' },
  ...Object.fromEntries(METHANE_FIELDS.map((f) => [`methane.${f.name}`, { id: `methane-${f.name}`, label: `The ${f.label.slice(4).toLowerCase()}` }])),
};

const one = (body: Record<string, unknown>, name: string): string => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
const many = (body: Record<string, unknown>, name: string): string[] => {
  const value = body[name];
  if (typeof value === 'string') return value ? [value] : [];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
};

/**
 * The major incident form as the API's request (CreateMajorIncidentDto). METHANE is all or nothing:
 * any box filled means every box is needed, as the METHANE report is read as a whole.
 */
export function parseIncidentForm(body: Record<string, unknown>): { ok: true; request: Record<string, unknown> } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const level = one(body, 'level');
  const state = one(body, 'state') || 'declared';
  const siteIds = many(body, 'siteIds');
  const departmentIds = many(body, 'departmentIds');
  const description = one(body, 'description');
  const target = one(body, 'attendingTarget');
  if (!level) problems.push({ field: 'level', message: 'Select the level of the incident' });
  if (!siteIds.length) problems.push({ field: 'siteIds', message: 'Select the sites affected' });
  if (!description) problems.push({ field: 'description', message: 'Describe the incident in a sentence, for example “Multiple casualties from a bus collision on the A4”' });
  if (target && (!/^\d{1,6}$/.test(target) || Number(target) < 1)) problems.push({ field: 'attendingTarget', message: 'The number of staff needed must be a whole number, 1 or more' });
  const methane = Object.fromEntries(METHANE_FIELDS.map((f) => [f.name, one(body, `methane-${f.name}`)]));
  const filled = Object.values(methane).some(Boolean);
  if (filled) for (const f of METHANE_FIELDS) if (!methane[f.name]) problems.push({ field: `methane-${f.name}`, message: `Enter ${f.label.slice(4).toLowerCase()}, or leave every METHANE box empty` });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    request: {
      level,
      state,
      siteIds,
      ...(departmentIds.length ? { departmentIds } : {}),
      description,
      ...(filled ? { methane } : {}),
      ...(target ? { attendingTarget: Number(target) } : {}),
    },
  };
}

export function incidentFormValues(body: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = { level: one(body, 'level'), state: one(body, 'state') || 'declared', siteIds: many(body, 'siteIds'), departmentIds: many(body, 'departmentIds'), description: one(body, 'description'), attendingTarget: one(body, 'attendingTarget') };
  for (const f of METHANE_FIELDS) values[`methane-${f.name}`] = one(body, `methane-${f.name}`);
  return values;
}
