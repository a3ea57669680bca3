import { IANAZone } from 'luxon';
import { DAY_MS, HOUR_MS, LONDON, MINUTE_MS } from './london-time';

/**
 * Walkouts, cover periods and rate-card bands are Europe/London wall-clock rules, while instants are
 * stored in UTC. These helpers turn a UTC range into pieces with a constant UTC offset; inside such a
 * piece wall-clock time is plain arithmetic, which keeps the hot paths free of per-minute zone lookups
 * and makes the clock changes (23 h and 25 h days) fall out naturally.
 */
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

export function utcOffsetMsAt(instantMs: number, timeZone: string = LONDON): number {
  return zoneFor(timeZone).offset(instantMs) * MINUTE_MS;
}

/**
 * Probing a week at a time assumes a zone never changes offset and changes back within 7 days, which
 * holds for Europe/London (two changes a year) and every zone in use today.
 */
const OFFSET_PROBE_MS = 7 * DAY_MS;

export function splitAtUtcOffsetChanges(
  startMs: number,
  endMs: number,
  timeZone: string = LONDON,
): ConstantOffsetSpan[] {
  if (!(endMs > startMs)) return [];
  const zone = zoneFor(timeZone);
  const offsetAt = (t: number): number => zone.offset(t) * MINUTE_MS;
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
  timeZone: string = LONDON,
): number[] {
  if (!(endMs > startMs)) return [];
  const boundaries: number[] = [];
  for (const span of splitAtUtcOffsetChanges(startMs, endMs, timeZone)) {
    boundaries.push(span.start);
    let t = Math.ceil((span.start + span.offsetMs) / HOUR_MS) * HOUR_MS - span.offsetMs;
    if (t === span.start) t += HOUR_MS;
    for (; t < span.end; t += HOUR_MS) boundaries.push(t);
  }
  boundaries.push(endMs);
  return boundaries;
}

/** Hours since the wall-clock epoch: equal for both 01:00 hours on the autumn change, by design. */
export function wallClockHourNumber(instantMs: number, timeZone: string = LONDON): number {
  return Math.floor((instantMs + utcOffsetMsAt(instantMs, timeZone)) / HOUR_MS);
}
