import { BANK_HOLIDAY_YEARS, ENGLAND_AND_WALES_BANK_HOLIDAYS, isEnglandAndWalesBankHoliday } from './bank-holidays';

describe('England and Wales bank holidays', () => {
  it('has eight a year for 2025–2028, each on a weekday (substitute days replace weekend ones)', () => {
    for (let year = BANK_HOLIDAY_YEARS.first; year <= BANK_HOLIDAY_YEARS.last; year++) {
      const dates = ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((h) => h.date.startsWith(`${year}-`));
      expect({ year, count: dates.length }).toEqual({ year, count: 8 });
      for (const { date } of dates) expect([1, 2, 3, 4, 5]).toContain(new Date(`${date}T12:00:00Z`).getUTCDay());
    }
  });

  it('answers by the London date: 00:30 BST on the summer bank holiday is that holiday, 23:30 BST the day before is not', () => {
    expect(isEnglandAndWalesBankHoliday(Date.parse('2026-08-30T23:30:00Z'))).toBe(true); // 00:30 BST, Monday 31 August
    expect(isEnglandAndWalesBankHoliday(Date.parse('2026-08-30T22:30:00Z'))).toBe(false); // 23:30 BST, Sunday 30 August
    expect(isEnglandAndWalesBankHoliday(Date.parse('2026-12-28T12:00:00Z'))).toBe(true); // Boxing Day's substitute
    expect(isEnglandAndWalesBankHoliday(Date.parse('2026-12-26T12:00:00Z'))).toBe(false); // Boxing Day itself is a Saturday
  });
});
