import { londonDayNumber } from './london-calendar';

/**
 * Bank holidays in England and Wales, as data: the dates GOV.UK publishes (https://www.gov.uk/bank-holidays,
 * its `bank-holidays.json`, division "england-and-wales"), substitute days included (a holiday that falls
 * on a weekend moves to the next weekday). Years later than GOV.UK publishes were worked out by the same
 * rules (Easter from the Gregorian computus; first and last Mondays of May, last Monday of August) and are
 * marked so in docs/domain.md; extend the table when GOV.UK publishes the next year, and replace a worked-out
 * year with the published one (a year can gain a one-off holiday, as 2022 did).
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS_SOURCE = 'GOV.UK, UK bank holidays (www.gov.uk/bank-holidays), England and Wales';

export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly { date: string; title: string }[] = Object.freeze([
  { date: '2025-01-01', title: 'New Year’s Day' },
  { date: '2025-04-18', title: 'Good Friday' },
  { date: '2025-04-21', title: 'Easter Monday' },
  { date: '2025-05-05', title: 'Early May bank holiday' },
  { date: '2025-05-26', title: 'Spring bank holiday' },
  { date: '2025-08-25', title: 'Summer bank holiday' },
  { date: '2025-12-25', title: 'Christmas Day' },
  { date: '2025-12-26', title: 'Boxing Day' },
  { date: '2026-01-01', title: 'New Year’s Day' },
  { date: '2026-04-03', title: 'Good Friday' },
  { date: '2026-04-06', title: 'Easter Monday' },
  { date: '2026-05-04', title: 'Early May bank holiday' },
  { date: '2026-05-25', title: 'Spring bank holiday' },
  { date: '2026-08-31', title: 'Summer bank holiday' },
  { date: '2026-12-25', title: 'Christmas Day' },
  { date: '2026-12-28', title: 'Boxing Day (substitute day)' },
  { date: '2027-01-01', title: 'New Year’s Day' },
  { date: '2027-03-26', title: 'Good Friday' },
  { date: '2027-03-29', title: 'Easter Monday' },
  { date: '2027-05-03', title: 'Early May bank holiday' },
  { date: '2027-05-31', title: 'Spring bank holiday' },
  { date: '2027-08-30', title: 'Summer bank holiday' },
  { date: '2027-12-27', title: 'Christmas Day (substitute day)' },
  { date: '2027-12-28', title: 'Boxing Day (substitute day)' },
  { date: '2028-01-03', title: 'New Year’s Day (substitute day)' },
  { date: '2028-04-14', title: 'Good Friday' },
  { date: '2028-04-17', title: 'Easter Monday' },
  { date: '2028-05-01', title: 'Early May bank holiday' },
  { date: '2028-05-29', title: 'Spring bank holiday' },
  { date: '2028-08-28', title: 'Summer bank holiday' },
  { date: '2028-12-25', title: 'Christmas Day' },
  { date: '2028-12-26', title: 'Boxing Day' },
]);

/** The first and last calendar years the table covers; outside them nothing is known to be a bank holiday. */
export const BANK_HOLIDAY_YEARS = { first: 2025, last: 2028 } as const;

const DAY_NUMBERS = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => Date.parse(`${h.date}T00:00:00Z`) / 86_400_000));

/** Whether the London calendar date an instant falls on is a bank holiday in England and Wales. */
export function isEnglandAndWalesBankHoliday(utcMs: number): boolean {
  return DAY_NUMBERS.has(londonDayNumber(utcMs));
}

/** The same for a London day number (days since 1970-01-01, as londonDayNumber gives). */
export function isBankHolidayDayNumber(dayNumber: number): boolean {
  return DAY_NUMBERS.has(dayNumber);
}
