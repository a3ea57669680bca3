/**
 * Times in messages are what a patient or consultant reads on a clock in England, whatever the server's
 * zone and whether or not British Summer Time applies, written in GOV.UK style: "9:30am", "10am",
 * "midday", "midnight".
 */
import { DateTime } from 'luxon';

export const MESSAGE_TIME_ZONE = 'Europe/London';

export type Instant = Date | string;

function inLondon(instant: Instant): DateTime {
  const parsed = typeof instant === 'string' ? DateTime.fromISO(instant, { setZone: true }) : DateTime.fromJSDate(instant);
  if (!parsed.isValid) throw new RangeError(`Not a valid time: ${String(instant)}`);
  return parsed.setZone(MESSAGE_TIME_ZONE).setLocale('en-GB');
}

/**
 * Formatting through luxon costs tens of microseconds, and a walkout's notices repeat the same few
 * hundred slot times: a bounded cache of results (keyed by the instant) takes it off the send path.
 */
function memoised(format: (instant: Instant) => string): (instant: Instant) => string {
  const cache = new Map<string, string>();
  return (instant) => {
    const key = typeof instant === 'string' ? instant : instant.toISOString();
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
