import { DAY_MS, HOUR_MS, LONDON, MINUTE_MS, splitAtUtcOffsetChanges } from '@app/core';
import { ShiftTimes } from './cover-rule-violation';

export const RATE_BANDS = ['day', 'evening', 'night'] as const;
export type RateBand = (typeof RATE_BANDS)[number];

export interface RateCard {
  name: string;
  /** Integer pence, so costs add up exactly. */
  pencePerHour: Record<RateBand, number>;
  /** Wall-clock "HH:mm" at which each band starts; a band runs until the next one starts, wrapping at midnight. */
  bandStartsAt: Record<RateBand, string>;
  timeZone: string;
}

export const BMA_2023_RATE_CARD: Readonly<RateCard> = Object.freeze({
  name: 'BMA consultant rate card 2023',
  pencePerHour: Object.freeze({ day: 15_800, evening: 21_000, night: 26_200 }),
  bandStartsAt: Object.freeze({ day: '07:00', evening: '19:00', night: '23:00' }),
  timeZone: LONDON,
});

export interface BandPrice {
  /** Fractional only if the shift times carry seconds. */
  minutes: number;
  pence: number;
}

export interface ShiftPrice {
  /** The sum of the band amounts (each rounded to the penny), so the breakdown always adds up. */
  totalPence: number;
  totalMinutes: number;
  byBand: Record<RateBand, BandPrice>;
}

interface BandStart {
  band: RateBand;
  msOfDay: number;
}

function parseWallClockTime(value: string, band: RateBand): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new RangeError(`Rate card ${band} band start "${value}" is not a HH:mm time`);
  return Number(match[1]) * HOUR_MS + Number(match[2]) * MINUTE_MS;
}

function bandStartsInDayOrder(card: RateCard): BandStart[] {
  const starts = RATE_BANDS.map((band) => ({ band, msOfDay: parseWallClockTime(card.bandStartsAt[band], band) }));
  starts.sort((a, b) => a.msOfDay - b.msOfDay);
  for (let i = 1; i < starts.length; i++) {
    if (starts[i].msOfDay === starts[i - 1].msOfDay) {
      throw new RangeError(`Rate card bands ${starts[i - 1].band} and ${starts[i].band} start at the same time`);
    }
  }
  for (const band of RATE_BANDS) {
    const rate = card.pencePerHour[band];
    if (!Number.isInteger(rate) || rate < 0) {
      throw new RangeError(`Rate card ${band} rate must be a whole, non-negative number of pence per hour`);
    }
  }
  return starts;
}

/**
 * Splits the shift at every band boundary on the wall clock and prices each band at its rate. Elapsed
 * time is what is paid, so the 25 h autumn day pays one more night hour and the 23 h spring day one
 * fewer; during the repeated 01:00 hour the wall clock (not UTC) decides the band.
 */
export function priceShift(startsAt: Date, endsAt: Date, card: RateCard = BMA_2023_RATE_CARD): ShiftPrice {
  const startMs = startsAt.getTime();
  const endMs = endsAt.getTime();
  if (endMs < startMs) throw new RangeError('A shift cannot end before it starts');
  const bandStarts = bandStartsInDayOrder(card);

  const msByBand: Record<RateBand, number> = { day: 0, evening: 0, night: 0 };
  for (const span of splitAtUtcOffsetChanges(startMs, endMs, card.timeZone)) {
    let cursor = span.start;
    while (cursor < span.end) {
      const msOfDay = mod(cursor + span.offsetMs, DAY_MS);
      let current = bandStarts.length - 1;
      for (let i = 0; i < bandStarts.length; i++) if (bandStarts[i].msOfDay <= msOfDay) current = i;
      const nextStart = bandStarts[(current + 1) % bandStarts.length].msOfDay;
      const untilNextBand = mod(nextStart - msOfDay, DAY_MS) || DAY_MS;
      const segmentEnd = Math.min(span.end, cursor + untilNextBand);
      msByBand[bandStarts[current].band] += segmentEnd - cursor;
      cursor = segmentEnd;
    }
  }

  const byBand = {} as Record<RateBand, BandPrice>;
  let totalPence = 0;
  for (const band of RATE_BANDS) {
    const pence = Math.round((msByBand[band] * card.pencePerHour[band]) / HOUR_MS);
    byBand[band] = { minutes: msByBand[band] / MINUTE_MS, pence };
    totalPence += pence;
  }
  return { totalPence, totalMinutes: (endMs - startMs) / MINUTE_MS, byBand };
}

/** The cost of a whole rota (e.g. autofill's proposals), band by band. */
export function priceShifts(shifts: readonly ShiftTimes[], card: RateCard = BMA_2023_RATE_CARD): ShiftPrice {
  const total: ShiftPrice = {
    totalPence: 0,
    totalMinutes: 0,
    byBand: { day: { minutes: 0, pence: 0 }, evening: { minutes: 0, pence: 0 }, night: { minutes: 0, pence: 0 } },
  };
  for (const shift of shifts) {
    const price = priceShift(shift.startsAt, shift.endsAt, card);
    total.totalPence += price.totalPence;
    total.totalMinutes += price.totalMinutes;
    for (const band of RATE_BANDS) {
      total.byBand[band].minutes += price.byBand[band].minutes;
      total.byBand[band].pence += price.byBand[band].pence;
    }
  }
  return total;
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
