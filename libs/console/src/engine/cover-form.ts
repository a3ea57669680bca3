import type { FieldProblem } from '@app/web';
import { FormFieldMap } from './form-problems';
import { dateTimeFieldsOf, parseLondonDateTime } from './london-form-time';

export const ASSIGNMENT_FORM_FIELDS: FormFieldMap = {
  staffNumber: { id: 'staffNumber', label: 'The consultant' },
  departmentId: { id: 'departmentId', label: 'The department' },
  startsAt: { id: 'startsAt-day', label: 'The start' },
  endsAt: { id: 'endsAt-day', label: 'The end' },
  consentRecorded: { id: 'consentRecorded', label: 'Consent' },
};

/** Which field a cover rule is shown next to, and the rule's name in front of its sentence. */
export const COVER_RULE_FIELDS: Record<string, string> = {
  OUTSIDE_WALKOUT: 'startsAt',
  TAKING_PART_IN_WALKOUT: 'staffNumber',
  SCOPE_OF_PRACTICE: 'staffNumber',
  SHIFT_OVERLAP: 'startsAt',
  WORKING_TIME_SHIFT_TOO_LONG: 'endsAt',
  WORKING_TIME_REST: 'startsAt',
  WORKING_TIME_WEEKLY_LIMIT: 'startsAt',
  CONSENT_NOT_RECORDED: 'consentRecorded',
};

export const COVER_RULE_NAMES: Record<string, string> = {
  OUTSIDE_WALKOUT: 'Within the walkout',
  TAKING_PART_IN_WALKOUT: 'Taking part in the walkout',
  SCOPE_OF_PRACTICE: 'Scope of practice',
  SHIFT_OVERLAP: 'Overlapping shifts',
  WORKING_TIME_SHIFT_TOO_LONG: 'Shift length (13 hours at most)',
  WORKING_TIME_REST: 'Rest between shifts (11 hours at least)',
  WORKING_TIME_WEEKLY_LIMIT: 'Hours in any 7 days (72 at most)',
};

export interface AssignmentRequest {
  staffNumber: string;
  departmentId: string;
  startsAt: string;
  endsAt: string;
  consentRecorded: boolean;
}

const one = (body: Record<string, unknown>, name: string): string => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');

export function parseAssignmentForm(body: Record<string, unknown>): { ok: true; request: AssignmentRequest } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const staffNumber = one(body, 'staffNumber');
  const departmentId = one(body, 'departmentId');
  if (!staffNumber) problems.push({ field: 'staffNumber', message: 'Select the consultant' });
  if (!departmentId) problems.push({ field: 'departmentId', message: 'Select the department' });
  const start = parseLondonDateTime(dateTimeFieldsOf(body, 'startsAt'), 'startsAt', 'The start of the shift');
  const end = parseLondonDateTime(dateTimeFieldsOf(body, 'endsAt'), 'endsAt', 'The end of the shift');
  if (!start.ok) problems.push(...start.problems);
  if (!end.ok) problems.push(...end.problems);
  if (start.ok && end.ok && end.instant <= start.instant) problems.push({ field: 'endsAt-day', message: 'The end of the shift must be after its start' });
  if (one(body, 'consentRecorded') !== 'yes') problems.push({ field: 'consentRecorded', message: 'Cover is extra-contractual: confirm the consultant has agreed to this shift' });
  if (problems.length || !start.ok || !end.ok) return { ok: false, problems };
  return { ok: true, request: { staffNumber, departmentId, startsAt: start.instant.toISOString(), endsAt: end.instant.toISOString(), consentRecorded: true } };
}

export function assignmentFormValues(body: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = { staffNumber: one(body, 'staffNumber'), departmentId: one(body, 'departmentId'), consentRecorded: one(body, 'consentRecorded') };
  for (const field of ['startsAt', 'endsAt']) for (const part of ['day', 'month', 'year', 'time']) values[`${field}-${part}`] = one(body, `${field}-${part}`);
  return values;
}
