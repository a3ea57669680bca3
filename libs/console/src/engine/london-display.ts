import { LONDON } from '@app/core';
import { DateTime } from 'luxon';

/** How the console writes times: the wall clock in England, 24-hour, as the strike cell's rota does. */
function inLondon(instant: Date): DateTime {
  return DateTime.fromJSDate(instant, { zone: LONDON }).setLocale('en-GB');
}

/** "Mon 12 Jan 2026, 07:00" */
export function londonDateTime(instant: Date | null): string {
  return instant ? inLondon(instant).toFormat('ccc d LLL yyyy, HH:mm') : '';
}

/** "Monday 12 January 2026" */
export function londonDate(instant: Date): string {
  return inLondon(instant).toFormat('cccc d LLLL yyyy');
}

/** "07:00" */
export function londonTime(instant: Date): string {
  return inLondon(instant).toFormat('HH:mm');
}

/** A page lists hundreds of shifts over the same few periods: each period is written once (a bounded memo). */
const periods = new Map<string, string>();
const PERIOD_MEMO_LIMIT = 10_000;

/** "Mon 12 Jan 2026, 07:00 to Wed 14 Jan 2026, 07:00", or one date when both ends fall on the same London day. */
export function londonPeriod(startsAt: Date, endsAt: Date): string {
  const key = `${startsAt.getTime()}/${endsAt.getTime()}`;
  const known = periods.get(key);
  if (known !== undefined) return known;
  const start = inLondon(startsAt);
  const end = inLondon(endsAt);
  const text = start.hasSame(end, 'day') ? `${start.toFormat('ccc d LLL yyyy')}, ${start.toFormat('HH:mm')} to ${end.toFormat('HH:mm')}` : `${londonDateTime(startsAt)} to ${londonDateTime(endsAt)}`;
  if (periods.size >= PERIOD_MEMO_LIMIT) periods.clear();
  periods.set(key, text);
  return text;
}

/** The London calendar day [start, end) holding `now`: what "today" means on the national view. */
export function londonDayAround(now: Date): { from: Date; to: Date } {
  const start = inLondon(now).startOf('day');
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}

// One formatter each (toLocaleString builds a new one on every call).
const POUNDS = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const COUNT = new Intl.NumberFormat('en-GB');

/** "£1,234.56" from whole pence. */
export function pounds(pence: number): string {
  return `£${POUNDS.format(pence / 100)}`;
}

/** "1,234" */
export function count(value: number | null | undefined): string {
  return COUNT.format(value ?? 0);
}

/** A stored mobile (+447…) as the call centre dials it: "07700 900123". */
export function phoneNumber(value: string | null | undefined): string {
  if (!value) return '';
  const national = value.startsWith('+44') ? `0${value.slice(3)}` : value;
  return /^07\d{9}$/.test(national) ? `${national.slice(0, 5)} ${national.slice(5)}` : national;
}
