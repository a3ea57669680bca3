/**
 * Every way the service writes a time: what someone reads on a clock in England, whatever the server's
 * zone and whether or not British Summer Time applies. One function per format, each taking any
 * `Instant` (a Date, an ISO string with an offset, or epoch milliseconds).
 *
 * - GOV.UK style, for patients and staff (messages, patient pages): "9:30am", "10am", "midday",
 *   "midnight"; "Tuesday 12 January 2027"; "Tuesday 12 January 2027 at 9:30am".
 * - 24-hour, for the strike cell (console, rota): "07:00"; "Mon 12 Jan 2026, 07:00".
 * - With the zone, where the repeated autumn hour must be told apart (cover rule messages):
 *   "Sun 25 Oct 2026 01:30 GMT".
 */
import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import { HOUR_MS, LONDON, MINUTE_MS } from './london-time';

export type Instant = Date | string | number;

function parse(instant: Instant): DateTime {
  const parsed =
    typeof instant === 'string'
      ? DateTime.fromISO(instant, { setZone: true })
      : typeof instant === 'number'
        ? DateTime.fromMillis(instant)
        : DateTime.fromJSDate(instant);
  if (!parsed.isValid) throw new RangeError(`Not a valid time: ${String(instant)}`);
  return parsed;
}

const LONDON_ZONE = IANAZone.create(LONDON);
const londonZoneByUtcHour = new Map<number, FixedOffsetZone>();

/**
 * London's offset at `ms` as a fixed-offset zone. Asking the IANA zone goes through Intl on every call
 * (it was the largest single cost of the console's pages); Europe/London has only ever changed its
 * offset on the hour in UTC, so one lookup per UTC hour serves every instant in it, and a fixed-offset
 * zone formats without Intl.
 */
function londonZoneAt(ms: number): FixedOffsetZone {
  const hour = Math.floor(ms / HOUR_MS);
  let zone = londonZoneByUtcHour.get(hour);
  if (zone === undefined) {
    if (londonZoneByUtcHour.size >= 100_000) londonZoneByUtcHour.clear();
    zone = FixedOffsetZone.instance(LONDON_ZONE.offset(ms));
    londonZoneByUtcHour.set(hour, zone);
  }
  return zone;
}

/** The instant on London's clock (its offset fixed for the instant: no zone name, see formatLondonZonedDateTime). */
function inLondon(instant: Instant): DateTime {
  const parsed = parse(instant);
  return parsed.setZone(londonZoneAt(parsed.toMillis())).setLocale('en-GB');
}

/**
 * Formatting through luxon costs tens of microseconds, and a walkout's notices repeat the same few
 * hundred slot times: a bounded cache of results (keyed by the instant) takes it off the send path.
 */
function memoised(format: (instant: Instant) => string): (instant: Instant) => string {
  const cache = new Map<string, string>();
  return (instant) => {
    const key = typeof instant === 'string' ? instant : typeof instant === 'number' ? `ms:${instant}` : instant.toISOString();
    let text = cache.get(key);
    if (text === undefined) {
      text = format(instant);
      if (cache.size >= 10_000) cache.clear();
      cache.set(key, text);
    }
    return text;
  };
}

/** "9:30am", "10am", "midday", "midnight" */
export const formatLondonTime = memoised((instant) => {
  const time = inLondon(instant);
  if (time.minute === 0 && time.hour === 0) return 'midnight';
  if (time.minute === 0 && time.hour === 12) return 'midday';
  const hour = time.hour % 12 === 0 ? 12 : time.hour % 12;
  const minutes = time.minute === 0 ? '' : `:${String(time.minute).padStart(2, '0')}`;
  return `${hour}${minutes}${time.hour < 12 ? 'am' : 'pm'}`;
});

/** "Tuesday 12 January 2027" */
export const formatLondonDate = memoised((instant) => inLondon(instant).toFormat('cccc d LLLL yyyy'));

/** "Tuesday 12 January 2027 at 9:30am" */
export function formatLondonDateTime(instant: Instant): string {
  return `${formatLondonDate(instant)} at ${formatLondonTime(instant)}`;
}

/** "Tuesday 12 January 2027, 8am to 8pm", or with both dates when the period crosses midnight. */
export function formatLondonPeriod(startsAt: Instant, endsAt: Instant): string {
  const start = inLondon(startsAt);
  const end = inLondon(endsAt);
  if (start.hasSame(end, 'day')) return `${formatLondonDate(startsAt)}, ${formatLondonTime(startsAt)} to ${formatLondonTime(endsAt)}`;
  return `${formatLondonDateTime(startsAt)} to ${formatLondonDateTime(endsAt)}`;
}

/** "07:00": the 24-hour clock, as the strike cell's rota writes it. */
export function formatLondonClockTime(instant: Instant): string {
  return inLondon(instant).toFormat('HH:mm');
}

/** "Mon 12 Jan 2026, 07:00"; nothing for no time (a column left blank). */
export function formatLondonShortDateTime(instant: Instant | null): string {
  return instant === null ? '' : inLondon(instant).toFormat('ccc d LLL yyyy, HH:mm');
}

/** "Mon 12 Jan 2026, 07:00 to Wed 14 Jan 2026, 07:00", or one date when both ends fall on the same London day. */
export function formatLondonShortPeriod(startsAt: Instant, endsAt: Instant): string {
  const start = inLondon(startsAt);
  const end = inLondon(endsAt);
  if (start.hasSame(end, 'day')) return `${start.toFormat('ccc d LLL yyyy')}, ${start.toFormat('HH:mm')} to ${end.toFormat('HH:mm')}`;
  return `${formatLondonShortDateTime(startsAt)} to ${formatLondonShortDateTime(endsAt)}`;
}

/** "Sun 25 Oct 2026 01:30 GMT": the zone abbreviation disambiguates the repeated autumn hour. */
export function formatLondonZonedDateTime(instant: Instant): string {
  return parse(instant).setZone(LONDON).setLocale('en-GB').toFormat('ccc d LLL yyyy HH:mm ZZZZ');
}

/** "13 h", "13 h 1 min", "45 min". */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.round(ms / MINUTE_MS);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}
