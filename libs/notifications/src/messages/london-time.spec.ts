import { formatLondonDate, formatLondonDateTime, formatLondonPeriod, formatLondonTime } from './london-time';

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
});
