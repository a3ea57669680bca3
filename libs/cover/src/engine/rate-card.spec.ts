import { london, shift } from '@app/cover/testing';
import { BMA_2023_RATE_CARD, BMA_2025_RATE_CARD, dayTypeOf, priceShift, priceShifts, RateCard } from './rate-card';

const price = (from: string, to: string, options: Parameters<typeof priceShift>[3] = {}, card: RateCard = BMA_2025_RATE_CARD) => priceShift(london(from), london(to), card, options);
const lines = (from: string, to: string, options: Parameters<typeof priceShift>[3] = {}, card?: RateCard) =>
  Object.fromEntries(price(from, to, options, card).bands.map((b) => [b.band, [b.minutes, b.pence]]));

describe('priceShift at the BMA 2025 card', () => {
  it('prices a weekday day shift at £188 an hour outside London', () => {
    // Monday 1 June 2026.
    expect(price('2026-06-01T08:00', '2026-06-01T18:00')).toEqual({
      totalPence: 10 * 18_800,
      totalMinutes: 600,
      bands: [{ band: 'weekday-day', minutes: 600, pencePerHour: 18_800, pence: 188_000 }],
    });
  });

  it('prices weekend nights at £313 outside London and £334 in London', () => {
    // Saturday 6 June 2026, 23:00 → Sunday 07:00: all weekend night.
    expect(lines('2026-06-06T23:00', '2026-06-07T07:00')).toEqual({ 'weekend-night': [480, 8 * 31_300] });
    expect(lines('2026-06-06T23:00', '2026-06-07T07:00', { region: 'london' })).toEqual({ 'weekend-night': [480, 8 * 33_400] });
  });

  it('splits a shift that crosses bands, band by band', () => {
    // Monday 17:00 → Tuesday 01:00: 2 h day, 4 h evening, 2 h night.
    expect(lines('2026-06-01T17:00', '2026-06-02T01:00')).toEqual({
      'weekday-day': [120, 2 * 18_800],
      'weekday-evening': [240, 4 * 25_100],
      'weekday-night': [120, 2 * 31_300],
    });
  });

  it('takes the day type from each instant’s London date: Friday night into Saturday is one weekday and seven weekend hours', () => {
    expect(lines('2026-06-05T23:00', '2026-06-06T07:00')).toEqual({ 'weekday-night': [60, 31_300], 'weekend-night': [420, 7 * 31_300] });
    // Sunday 22:00 → Monday 08:00: Sunday day, Sunday night to midnight, Monday night, Monday day.
    expect(lines('2026-06-07T22:00', '2026-06-08T08:00')).toEqual({
      'weekend-day': [60, 25_100],
      'weekend-night': [60, 31_300],
      'weekday-night': [420, 7 * 31_300],
      'weekday-day': [60, 18_800],
    });
  });

  it('prices a bank holiday as a weekend day (the summer bank holiday, Monday 31 August 2026)', () => {
    expect(dayTypeOf(Math.floor(Date.parse('2026-08-31T12:00:00Z') / 86_400_000))).toBe('weekend');
    expect(lines('2026-08-31T08:00', '2026-08-31T18:00')).toEqual({ 'weekend-day': [600, 10 * 25_100] });
    // Midnight into Tuesday 1 September the weekday bands apply again.
    expect(lines('2026-08-31T23:00', '2026-09-01T01:00')).toEqual({ 'weekend-night': [60, 31_300], 'weekday-night': [60, 31_300] });
  });

  it('is minute-accurate at a band boundary', () => {
    expect(lines('2026-06-01T18:59', '2026-06-01T19:01')).toEqual({ 'weekday-day': [1, 313], 'weekday-evening': [1, 418] });
  });

  it('pays 9 night hours for 23:00 → 07:00 over the autumn clock change and 7 over the spring one', () => {
    // Both changes fall on a Sunday morning: weekend nights.
    expect(lines('2026-10-24T23:00', '2026-10-25T07:00')).toEqual({ 'weekend-night': [540, 9 * 31_300] });
    expect(lines('2026-03-28T23:00', '2026-03-29T07:00')).toEqual({ 'weekend-night': [420, 7 * 31_300] });
  });

  it('prices non-resident on-call availability at £125 an hour, and the hours called in at the band rates instead', () => {
    expect(lines('2026-06-01T19:00', '2026-06-02T07:00', { onCall: 'non-resident' })).toEqual({ 'non-resident-availability': [720, 12 * 12_500] });
    const called = price('2026-06-01T19:00', '2026-06-02T07:00', { onCall: 'non-resident', callIns: [shift('2026-06-01T22:00', '2026-06-02T00:00')] });
    expect(Object.fromEntries(called.bands.map((b) => [b.band, [b.minutes, b.pence]]))).toEqual({
      'weekday-evening': [60, 25_100],
      'weekday-night': [60, 31_300],
      'non-resident-availability': [600, 10 * 12_500],
    });
    expect(called.totalPence).toBe(25_100 + 31_300 + 10 * 12_500);
    // A call-in is counted only inside the on-call period.
    expect(price('2026-06-01T19:00', '2026-06-01T20:00', { onCall: 'non-resident', callIns: [shift('2026-06-01T18:00', '2026-06-01T19:30')] }).totalPence).toBe(12_550 + 6_250);
  });

  it('keeps the 2023 card as data: £158 day, £210 evening, £262 night on every day', () => {
    expect(lines('2026-06-06T17:00', '2026-06-07T01:00', {}, BMA_2023_RATE_CARD)).toEqual({
      'weekend-day': [120, 2 * 15_800],
      'weekend-evening': [240, 4 * 21_000],
      'weekend-night': [120, 2 * 26_200],
    });
  });

  it('prices a zero-length shift at nothing and refuses one that ends before it starts', () => {
    expect(price('2026-06-01T08:00', '2026-06-01T08:00').totalPence).toBe(0);
    expect(() => price('2026-06-01T08:00', '2026-06-01T07:00')).toThrow(RangeError);
  });

  it('refuses a card with a malformed time, two bands starting together, a missing day type or a fractional rate', () => {
    const withBands = (bands: RateCard['bands']): RateCard => ({ ...BMA_2025_RATE_CARD, bands });
    const band = (id: string, dayType: 'weekday' | 'weekend', startsAt: string, rate = 100) => ({ id, dayType, startsAt, pencePerHour: { 'outside-london': rate, london: rate } });
    expect(() => price('2026-06-01T08:00', '2026-06-01T09:00', {}, withBands([band('a', 'weekday', '7:00'), band('b', 'weekend', '07:00')]))).toThrow(/HH:mm/);
    expect(() => price('2026-06-01T08:00', '2026-06-01T09:00', {}, withBands([band('a', 'weekday', '07:00'), band('b', 'weekday', '07:00'), band('c', 'weekend', '07:00')]))).toThrow(/same time/);
    expect(() => price('2026-06-01T08:00', '2026-06-01T09:00', {}, withBands([band('a', 'weekday', '07:00')]))).toThrow(/no weekend band/);
    expect(() => price('2026-06-01T08:00', '2026-06-01T09:00', {}, withBands([band('a', 'weekday', '07:00', 158.5), band('b', 'weekend', '07:00')]))).toThrow(/pence/);
  });
});

describe('priceShifts', () => {
  it('adds up a rota band by band', () => {
    const total = priceShifts([shift('2026-06-01T07:00', '2026-06-01T19:00'), shift('2026-06-01T19:00', '2026-06-02T07:00')]);
    expect(total.totalPence).toBe(12 * 18_800 + 4 * 25_100 + 8 * 31_300);
    expect(total.totalMinutes).toBe(24 * 60);
    expect(total.bands.map((b) => b.band)).toEqual(['weekday-day', 'weekday-evening', 'weekday-night']);
  });
});
