import { DateTime } from 'luxon';
import {
  formatDuration,
  formatLondonClockTime,
  formatLondonDate,
  formatLondonDateTime,
  formatLondonPeriod,
  formatLondonShortDateTime,
  formatLondonShortPeriod,
  formatLondonTime,
  formatLondonZonedDateTime,
} from './london-format';

describe('London wall-clock formatting for messages', () => {
  it('writes a winter (GMT) time as the clock in London shows it', () => {
    expect(formatLondonDateTime(new Date('2027-01-12T09:30:00Z'))).toBe('Tuesday 12 January 2027 at 9:30am');
  });

  it('adds the hour in British Summer Time', () => {
    expect(formatLondonDateTime('2026-07-14T08:15:00Z')).toBe('Tuesday 14 July 2026 at 9:15am');
  });

  it('uses the London date when UTC is still on the previous day', () => {
    expect(formatLondonDate('2026-06-30T23:30:00Z')).toBe('Wednesday 1 July 2026');
  });

  it('follows GOV.UK style for whole hours, midday and midnight', () => {
    expect(formatLondonTime('2027-01-12T14:00:00Z')).toBe('2pm');
    expect(formatLondonTime('2027-01-12T12:00:00Z')).toBe('midday');
    expect(formatLondonTime('2027-01-12T00:00:00Z')).toBe('midnight');
    expect(formatLondonTime('2027-01-12T12:05:00Z')).toBe('12:05pm');
    expect(formatLondonTime('2027-01-12T00:45:00Z')).toBe('12:45am');
  });

  it('reads an ISO time with an offset as the instant it names', () => {
    expect(formatLondonDateTime('2026-03-29T09:00:00+01:00')).toBe('Sunday 29 March 2026 at 9am');
  });

  it('writes a shift on one day once, and an overnight shift with both dates', () => {
    expect(formatLondonPeriod('2027-01-12T08:00:00Z', '2027-01-12T20:00:00Z')).toBe('Tuesday 12 January 2027, 8am to 8pm');
    expect(formatLondonPeriod('2027-01-12T20:00:00Z', '2027-01-13T08:00:00Z')).toBe(
      'Tuesday 12 January 2027 at 8pm to Wednesday 13 January 2027 at 8am',
    );
  });

  it('refuses an unreadable time rather than printing "Invalid DateTime" to a patient', () => {
    expect(() => formatLondonDateTime('next Tuesday')).toThrow(RangeError);
  });

  it('tells the two 01:30s of the autumn change apart by their zone', () => {
    expect(formatLondonZonedDateTime(Date.parse('2026-10-25T00:30Z'))).toBe('Sun 25 Oct 2026 01:30 BST');
    expect(formatLondonZonedDateTime(Date.parse('2026-10-25T01:30Z'))).toBe('Sun 25 Oct 2026 01:30 GMT');
  });
});

describe('London wall-clock formatting for the strike cell (24-hour)', () => {
  it('writes the clock time, the short date and time, and nothing for no time', () => {
    expect(formatLondonClockTime(new Date('2026-07-01T06:00:00Z'))).toBe('07:00');
    expect(formatLondonShortDateTime(new Date('2026-01-12T07:00:00Z'))).toBe('Mon 12 Jan 2026, 07:00');
    expect(formatLondonShortDateTime(null)).toBe('');
  });

  it('writes a period on one London day with one date, and across days with both', () => {
    expect(formatLondonShortPeriod(new Date('2026-01-12T07:00:00Z'), new Date('2026-01-12T19:00:00Z'))).toBe('Mon 12 Jan 2026, 07:00 to 19:00');
    expect(formatLondonShortPeriod(new Date('2026-01-12T07:00:00Z'), new Date('2026-01-14T07:00:00Z'))).toBe(
      'Mon 12 Jan 2026, 07:00 to Wed 14 Jan 2026, 07:00',
    );
  });

  it('writes durations in hours and minutes', () => {
    expect(formatDuration(13 * 3_600_000)).toBe('13 h');
    expect(formatDuration(13 * 3_600_000 + 60_000)).toBe('13 h 1 min');
    expect(formatDuration(45 * 60_000)).toBe('45 min');
  });
});

describe('London wall-clock formatting across the clock changes', () => {
  it('writes every minute around the spring and autumn changes (and in 1995, under the older rules) as the IANA zone does', () => {
    const changes = ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2027-03-28T01:00:00Z', '1995-10-22T01:00:00Z'];
    for (const change of changes) {
      const at = Date.parse(change);
      for (let ms = at - 2 * 3_600_000; ms <= at + 2 * 3_600_000; ms += 60_000) {
        const expected = DateTime.fromMillis(ms, { zone: 'Europe/London', locale: 'en-GB' }).toFormat('ccc d LLL yyyy, HH:mm');
        expect([new Date(ms).toISOString(), formatLondonShortDateTime(new Date(ms))]).toEqual([new Date(ms).toISOString(), expected]);
      }
    }
    expect(formatLondonShortDateTime(new Date('2026-03-29T00:59:00Z'))).toBe('Sun 29 Mar 2026, 00:59');
    expect(formatLondonShortDateTime(new Date('2026-03-29T01:00:00Z'))).toBe('Sun 29 Mar 2026, 02:00');
    expect(formatLondonShortDateTime(new Date('2026-10-25T00:59:00Z'))).toBe('Sun 25 Oct 2026, 01:59');
    expect(formatLondonShortDateTime(new Date('2026-10-25T01:00:00Z'))).toBe('Sun 25 Oct 2026, 01:00');
  });
});
