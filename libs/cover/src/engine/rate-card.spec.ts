import { london, shift } from '@app/cover/testing';
import { BMA_2023_RATE_CARD, RateCard, priceShift, priceShifts } from './rate-card';

const price = (from: string, to: string, card?: RateCard) => priceShift(london(from), london(to), card);

describe('priceShift', () => {
  it('prices a day shift at £158 an hour', () => {
    expect(price('2026-06-01T08:00', '2026-06-01T18:00')).toEqual({
      totalPence: 158_000,
      totalMinutes: 600,
      byBand: {
        day: { minutes: 600, pence: 158_000 },
        evening: { minutes: 0, pence: 0 },
        night: { minutes: 0, pence: 0 },
      },
    });
  });

  it('splits a shift across the day, evening and night bands at 19:00 and 23:00', () => {
    const result = price('2026-06-01T17:00', '2026-06-02T01:00');
    expect(result.byBand).toEqual({
      day: { minutes: 120, pence: 31_600 },
      evening: { minutes: 240, pence: 84_000 },
      night: { minutes: 120, pence: 52_400 },
    });
    expect(result.totalPence).toBe(168_000);
  });

  it('is minute-accurate at a band boundary', () => {
    const result = price('2026-06-01T18:59', '2026-06-01T19:01');
    expect(result.byBand.day).toEqual({ minutes: 1, pence: 263 }); // 15800 / 60 = 263.33
    expect(result.byBand.evening).toEqual({ minutes: 1, pence: 350 });
    expect(result.totalPence).toBe(613);
  });

  it('splits a full 07:00 → 07:00 day into 12 h day, 4 h evening and 8 h night', () => {
    const result = price('2026-06-01T07:00', '2026-06-02T07:00');
    expect([result.byBand.day.minutes, result.byBand.evening.minutes, result.byBand.night.minutes]).toEqual([
      720, 240, 480,
    ]);
    expect(result.totalPence).toBe(12 * 15_800 + 4 * 21_000 + 8 * 26_200);
  });

  it('pays 9 night hours for 23:00 → 07:00 over the autumn clock change', () => {
    const result = price('2026-10-24T23:00', '2026-10-25T07:00');
    expect(result.byBand.night).toEqual({ minutes: 540, pence: 9 * 26_200 });
    expect(result.totalPence).toBe(235_800);
  });

  it('pays 7 night hours for 23:00 → 07:00 over the spring clock change', () => {
    const result = price('2026-03-28T23:00', '2026-03-29T07:00');
    expect(result.byBand.night).toEqual({ minutes: 420, pence: 7 * 26_200 });
    expect(result.totalPence).toBe(183_400);
  });

  it('prices the repeated 01:00 hour by the wall clock under a card whose band starts at 01:30', () => {
    const card: RateCard = {
      ...BMA_2023_RATE_CARD,
      bandStartsAt: { day: '07:00', evening: '19:00', night: '01:30' },
    };
    // 00:00 BST → 02:00 GMT is 3 h elapsed; 00:00-01:30 BST evening, 01:30-02:00 BST night,
    // 01:00-01:30 GMT evening again, 01:30-02:00 GMT night.
    const result = priceShift(new Date('2026-10-24T23:00Z'), new Date('2026-10-25T02:00Z'), card);
    expect(result.byBand.evening.minutes).toBe(120);
    expect(result.byBand.night.minutes).toBe(60);
  });

  it('uses a configured card with other boundaries and rates', () => {
    const card: RateCard = {
      name: 'Local agreement',
      pencePerHour: { day: 10_000, evening: 15_000, night: 20_000 },
      bandStartsAt: { day: '08:00', evening: '18:00', night: '00:00' },
      timeZone: 'Europe/London',
    };
    const result = price('2026-06-01T07:00', '2026-06-01T19:00', card);
    expect(result.byBand).toEqual({
      day: { minutes: 600, pence: 100_000 },
      evening: { minutes: 60, pence: 15_000 },
      night: { minutes: 60, pence: 20_000 },
    });
  });

  it('prices a zero-length shift at nothing and refuses one that ends before it starts', () => {
    expect(price('2026-06-01T08:00', '2026-06-01T08:00').totalPence).toBe(0);
    expect(() => price('2026-06-01T08:00', '2026-06-01T07:00')).toThrow(RangeError);
  });

  it('refuses a card with a malformed time, two bands starting together or a fractional rate', () => {
    const at = (bandStartsAt: RateCard['bandStartsAt']) => ({ ...BMA_2023_RATE_CARD, bandStartsAt });
    expect(() => price('2026-06-01T08:00', '2026-06-01T09:00', at({ day: '7:00', evening: '19:00', night: '23:00' }))).toThrow(
      /HH:mm/,
    );
    expect(() => price('2026-06-01T08:00', '2026-06-01T09:00', at({ day: '07:00', evening: '23:00', night: '23:00' }))).toThrow(
      /same time/,
    );
    expect(() =>
      price('2026-06-01T08:00', '2026-06-01T09:00', {
        ...BMA_2023_RATE_CARD,
        pencePerHour: { day: 158.5, evening: 21_000, night: 26_200 },
      }),
    ).toThrow(/pence/);
  });
});

describe('priceShifts', () => {
  it('adds up a rota band by band', () => {
    const total = priceShifts([shift('2026-06-01T07:00', '2026-06-01T19:00'), shift('2026-06-01T19:00', '2026-06-02T07:00')]);
    expect(total.totalPence).toBe(12 * 15_800 + 4 * 21_000 + 8 * 26_200);
    expect(total.totalMinutes).toBe(24 * 60);
    expect(total.byBand.evening).toEqual({ minutes: 240, pence: 84_000 });
  });
});
