import type { FieldProblem } from '@app/web';
import { FormFieldMap } from './form-problems';
import { dateTimeFieldsOf, londonDateTimeValues, parseLondonDateTime } from './london-form-time';

/** What the "Record a walkout" form sends (formbody: a repeated field is an array). */
export type FormBody = Record<string, unknown>;

/** The walkout's request as the JSON API takes it (RecordWalkoutDto), built from the form. */
export interface WalkoutRequest {
  union: string;
  staffGroups: string[];
  mode: string;
  startsAt: string;
  endsAt: string;
  noticeReceivedAt?: string;
  siteIds?: string[];
}

export const WALKOUT_FORM_FIELDS: FormFieldMap = {
  union: { id: 'union', label: 'The union' },
  staffGroups: { id: 'staffGroups', label: 'The staff groups' },
  mode: { id: 'mode', label: 'The kind of action' },
  startsAt: { id: 'startsAt-day', label: 'The start' },
  endsAt: { id: 'endsAt-day', label: 'The end' },
  noticeReceivedAt: { id: 'noticeReceivedAt-day', label: 'The date notice arrived' },
  siteIds: { id: 'siteIds', label: 'The sites' },
};

const one = (body: FormBody, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
};
const many = (body: FormBody, name: string): string[] => {
  const value = body[name];
  if (typeof value === 'string') return value ? [value] : [];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
};

const isoUtc = (instant: Date): string => instant.toISOString();

/**
 * The form's own checks, in plain words on the box to fix; what passes is the API's request, which the
 * API's DTO and the walkout service then check as they would a JSON one.
 */
export function parseWalkoutForm(body: FormBody): { ok: true; request: WalkoutRequest; notes: string[] } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const notes: string[] = [];
  const union = one(body, 'union');
  if (!union) problems.push({ field: 'union', message: 'Enter the union that gave notice, for example BMA' });
  const staffGroups = many(body, 'staffGroups');
  if (!staffGroups.length) problems.push({ field: 'staffGroups', message: 'Select the staff groups taking action' });
  const mode = one(body, 'mode');
  if (!mode) problems.push({ field: 'mode', message: 'Select the kind of action' });
  const start = parseLondonDateTime(dateTimeFieldsOf(body, 'startsAt'), 'startsAt', 'The start');
  const end = parseLondonDateTime(dateTimeFieldsOf(body, 'endsAt'), 'endsAt', 'The end');
  for (const parsed of [start, end]) {
    if (!parsed.ok) problems.push(...parsed.problems);
    else if (parsed.note) notes.push(parsed.note);
  }
  const noticeBoxes = dateTimeFieldsOf(body, 'noticeReceivedAt');
  const noticeGiven = [noticeBoxes.day, noticeBoxes.month, noticeBoxes.year].some((v) => typeof v === 'string' && v.trim() !== '');
  let noticeReceivedAt: string | undefined;
  if (noticeGiven) {
    const notice = parseLondonDateTime({ ...noticeBoxes, time: typeof noticeBoxes.time === 'string' && noticeBoxes.time.trim() ? noticeBoxes.time : '00:00' }, 'noticeReceivedAt', 'The date notice arrived');
    if (notice.ok) noticeReceivedAt = isoUtc(notice.instant);
    else problems.push(...notice.problems);
  }
  if (start.ok && end.ok && end.instant <= start.instant) problems.push({ field: 'endsAt-day', message: 'The end must be after the start' });
  if (problems.length) return { ok: false, problems };
  const siteIds = many(body, 'siteIds');
  return {
    ok: true,
    notes,
    request: {
      union,
      staffGroups,
      mode,
      startsAt: isoUtc((start as { instant: Date }).instant),
      endsAt: isoUtc((end as { instant: Date }).instant),
      ...(noticeReceivedAt ? { noticeReceivedAt } : {}),
      ...(siteIds.length ? { siteIds } : {}),
    },
  };
}

/** The form's boxes as they were sent, to show again with its problems. */
export function walkoutFormValues(body: FormBody): Record<string, unknown> {
  const values: Record<string, unknown> = { union: one(body, 'union'), mode: one(body, 'mode'), staffGroups: many(body, 'staffGroups'), siteIds: many(body, 'siteIds') };
  for (const field of ['startsAt', 'endsAt', 'noticeReceivedAt']) {
    for (const part of ['day', 'month', 'year', 'time']) values[`${field}-${part}`] = one(body, `${field}-${part}`);
  }
  return values;
}

/** A fresh form: BMA, resident doctors, a full walkout 07:00 → 07:00 in two weeks, notice today. */
export function newWalkoutFormValues(now: Date): Record<string, unknown> {
  const day = 86_400_000;
  const startDay = londonDateTimeValues(new Date(now.getTime() + 14 * day));
  const endDay = londonDateTimeValues(new Date(now.getTime() + 16 * day));
  const today = londonDateTimeValues(now);
  return {
    union: 'BMA',
    mode: 'full-walkout',
    staffGroups: ['resident-doctor'],
    siteIds: [],
    'startsAt-day': startDay.day,
    'startsAt-month': startDay.month,
    'startsAt-year': startDay.year,
    'startsAt-time': '07:00',
    'endsAt-day': endDay.day,
    'endsAt-month': endDay.month,
    'endsAt-year': endDay.year,
    'endsAt-time': '07:00',
    'noticeReceivedAt-day': today.day,
    'noticeReceivedAt-month': today.month,
    'noticeReceivedAt-year': today.year,
    'noticeReceivedAt-time': '',
  };
}
