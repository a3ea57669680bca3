import { LONDON } from '@app/core';
import { DateTime } from 'luxon';
import type { FieldProblem } from '@app/web';

/**
 * The NHS.UK date input (day, month and year boxes) plus a 24-hour time box, read as a Europe/London
 * wall-clock time and turned into the UTC instant the services take. Problems are in plain words, on
 * the box to fix (`<field>-day`, `<field>-month`, `<field>-year`, `<field>-time`), so the error summary
 * links straight to it.
 */
export interface DateTimeFields {
  day?: unknown;
  month?: unknown;
  year?: unknown;
  time?: unknown;
}

export type DateTimeParse = { ok: true; instant: Date; note: string | null } | { ok: false; problems: FieldProblem[] };

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** Reads the four boxes of `field` from a form body: `<field>-day`, `<field>-month`, `<field>-year`, `<field>-time`. */
export function dateTimeFieldsOf(body: Record<string, unknown>, field: string): DateTimeFields {
  return { day: body[`${field}-day`], month: body[`${field}-month`], year: body[`${field}-year`], time: body[`${field}-time`] };
}

/**
 * `label` is how the message names the thing ("The start of the walkout"). A time in the hour the
 * clocks skip in spring does not exist and is refused; in the hour repeated in autumn the first (BST)
 * one is taken and `note` says so.
 */
export function parseLondonDateTime(fields: DateTimeFields, field: string, label: string): DateTimeParse {
  const day = text(fields.day);
  const month = text(fields.month);
  const year = text(fields.year);
  const time = text(fields.time);
  const problems: FieldProblem[] = [];
  if (!day && !month && !year && !time) return { ok: false, problems: [{ field: `${field}-day`, message: `Enter ${lowerFirst(label)}` }] };
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean) as string[];
  if (missing.length) {
    problems.push({ field: `${field}-${missing[0]}`, message: `${label} must include a ${missing.join(' and ')}` });
  } else if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    const bad = !/^\d{1,2}$/.test(day) ? 'day' : !/^\d{1,2}$/.test(month) ? 'month' : 'year';
    problems.push({ field: `${field}-${bad}`, message: `${label} must be a real date, with the year in 4 digits, for example 12 1 2026` });
  } else if (!DateTime.fromObject({ year: Number(year), month: Number(month), day: Number(day) }, { zone: LONDON }).isValid) {
    problems.push({ field: `${field}-day`, message: `${label} must be a real date` });
  }
  const clock = /^(\d{1,2})[:.](\d{2})$/.exec(time) ?? /^(\d{2})(\d{2})$/.exec(time);
  if (!time) problems.push({ field: `${field}-time`, message: `${label} must include a time, for example 07:00` });
  else if (!clock || Number(clock[1]) > 23 || Number(clock[2]) > 59) problems.push({ field: `${field}-time`, message: `${label} must be a time on the 24-hour clock, for example 07:00 or 19:30` });
  if (problems.length) return { ok: false, problems };

  const wallClock = { year: Number(year), month: Number(month), day: Number(day), hour: Number(clock![1]), minute: Number(clock![2]) };
  const local = DateTime.fromObject(wallClock, { zone: LONDON });
  // Luxon moves a time in the spring gap forward an hour; a time nobody's clock showed is a mistake.
  if (local.hour !== wallClock.hour || local.minute !== wallClock.minute) {
    return { ok: false, problems: [{ field: `${field}-time`, message: `${label}: ${clock![0]} does not exist on that date, because the clocks go forward an hour at 1am` }] };
  }
  // In the hour repeated in autumn luxon may pick either reading; the first (BST) is the one people mean.
  const sameWallClock = (other: DateTime) => other.hour === local.hour && other.minute === local.minute;
  const hourEarlier = local.minus({ hours: 1 });
  const first = sameWallClock(hourEarlier) ? hourEarlier : local;
  const repeated = first !== local || sameWallClock(local.plus({ hours: 1 }));
  return { ok: true, instant: first.toJSDate(), note: repeated ? `${label}: ${clock![0]} happens twice that night as the clocks go back; the first one (BST) was used` : null };
}

/** The boxes' values for a form shown again or filled in from a stored instant. */
export function londonDateTimeValues(instant: Date): { day: string; month: string; year: string; time: string } {
  const local = DateTime.fromJSDate(instant, { zone: LONDON });
  return { day: String(local.day), month: String(local.month), year: String(local.year), time: local.toFormat('HH:mm') };
}

function lowerFirst(value: string): string {
  return value.charAt(0).toLowerCase() + value.slice(1);
}
