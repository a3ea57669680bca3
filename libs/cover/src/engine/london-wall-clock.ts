import { DateTime, IANAZone } from 'luxon';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './working-time-limits';

/**
 * Walkouts, cover periods and rate-card bands are Europe/London wall-clock rules, while instants are
 * stored in UTC. These helpers turn a UTC range into pieces with a constant UTC offset; inside such a
 * piece wall-clock time is plain arithmetic, which keeps the hot paths free of per-minute zone lookups
 * and makes the clock changes (23 h and 25 h days) fall out naturally.
 */
export const LONDON_TIME_ZONE = 'Europe/London';

export interface ConstantOffsetSpan {
  start: number;
  end: number;
  /** Wall-clock time = UTC + offsetMs inside this span. */
  offsetMs: number;
}

function zoneFor(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`Unknown time zone "${timeZone}"`);
  return zone;
}

export function utcOffsetMsAt(instantMs: number, timeZone: string = LONDON_TIME_ZONE): number {
  return zoneFor(timeZone).offset(instantMs) * MS_PER_MINUTE;
}

/**
 * Probing a week at a time assumes a zone never changes offset and changes back within 7 days, which
 * holds for Europe/London (two changes a year) and every zone in use today.
 */
const OFFSET_PROBE_MS = 7 * MS_PER_DAY;

export function splitAtUtcOffsetChanges(
  startMs: number,
  endMs: number,
  timeZone: string = LONDON_TIME_ZONE,
): ConstantOffsetSpan[] {
  if (!(endMs > startMs)) return [];
  const zone = zoneFor(timeZone);
  const offsetAt = (t: number): number => zone.offset(t) * MS_PER_MINUTE;
  const spans: ConstantOffsetSpan[] = [];
  let spanStart = startMs;
  let spanOffset = offsetAt(startMs);
  let lastSameOffset = startMs;
  for (;;) {
    const probe = Math.min(endMs - 1, lastSameOffset + OFFSET_PROBE_MS);
    if (offsetAt(probe) === spanOffset) {
      if (probe >= endMs - 1) break;
      lastSameOffset = probe;
      continue;
    }
    let lo = lastSameOffset;
    let hi = probe;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid) === spanOffset) lo = mid;
      else hi = mid;
    }
    spans.push({ start: spanStart, end: hi, offsetMs: spanOffset });
    spanStart = hi;
    spanOffset = offsetAt(hi);
    lastSameOffset = hi;
  }
  spans.push({ start: spanStart, end: endMs, offsetMs: spanOffset });
  return spans;
}

/**
 * Instants where the wall-clock hour changes inside [startMs, endMs), plus both ends, ascending. On the
 * autumn change the repeated 01:00 hour yields two boundaries an hour apart; on the spring change the
 * missing hour yields none. A clock change is itself a boundary, which only matters for zones whose
 * changes are not on the hour.
 */
export function wallClockHourBoundaries(
  startMs: number,
  endMs: number,
  timeZone: string = LONDON_TIME_ZONE,
): number[] {
  if (!(endMs > startMs)) return [];
  const boundaries: number[] = [];
  for (const span of splitAtUtcOffsetChanges(startMs, endMs, timeZone)) {
    boundaries.push(span.start);
    let t = Math.ceil((span.start + span.offsetMs) / MS_PER_HOUR) * MS_PER_HOUR - span.offsetMs;
    if (t === span.start) t += MS_PER_HOUR;
    for (; t < span.end; t += MS_PER_HOUR) boundaries.push(t);
  }
  boundaries.push(endMs);
  return boundaries;
}

/** Hours since the wall-clock epoch: equal for both 01:00 hours on the autumn change, by design. */
export function wallClockHourNumber(instantMs: number, timeZone: string = LONDON_TIME_ZONE): number {
  return Math.floor((instantMs + utcOffsetMsAt(instantMs, timeZone)) / MS_PER_HOUR);
}

/** "Sun 25 Oct 2026 01:30 GMT": the zone abbreviation disambiguates the repeated autumn hour. */
export function formatLondonTime(instantMs: number): string {
  return DateTime.fromMillis(instantMs, { zone: LONDON_TIME_ZONE })
    .setLocale('en-GB')
    .toFormat('ccc d LLL yyyy HH:mm ZZZZ');
}

/** "13 h", "13 h 1 min", "45 min". */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.round(ms / MS_PER_MINUTE);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}
