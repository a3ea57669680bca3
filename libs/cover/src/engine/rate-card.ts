import { DAY_MS, HOUR_MS, isBankHolidayDayNumber, LONDON, MINUTE_MS, splitAtUtcOffsetChanges } from '@app/core';
import { ShiftTimes } from './cover-rule-violation';

/** Bank holidays (England and Wales) are priced as weekend days. */
export const DAY_TYPES = ['weekday', 'weekend'] as const;
export type DayType = (typeof DAY_TYPES)[number];

/** The BMA's card has a London variant; a trust is priced at one of them (cover settings). */
export const RATE_REGIONS = ['outside-london', 'london'] as const;
export type RateRegion = (typeof RATE_REGIONS)[number];

/** Resident cover is on site for the whole shift; non-resident on-call is available from home and comes in when called. */
export const ON_CALL_KINDS = ['resident', 'non-resident'] as const;
export type OnCallKind = (typeof ON_CALL_KINDS)[number];

/** The line a non-resident on-call period's availability hours are priced on. */
export const NON_RESIDENT_AVAILABILITY_BAND = 'non-resident-availability';

export interface RateBand {
  /** Stable id, kebab-case (`weekday-day`); the price breakdown names it. */
  id: string;
  dayType: DayType;
  /** Europe/London wall-clock "HH:mm" at which the band starts; it runs until the next band of its day type starts, wrapping at midnight. */
  startsAt: string;
  /** Whole pence per hour, so costs add up exactly. */
  pencePerHour: Record<RateRegion, number>;
}

/** A rate card as data (docs/domain.md, "Cost at the BMA rate card"). */
export interface RateCard {
  name: string;
  bands: readonly RateBand[];
  /** Paid per hour of non-resident on-call availability; hours called in are paid at the band rates instead. */
  nonResidentAvailabilityPencePerHour: Record<RateRegion, number>;
  timeZone: string;
}

const both = (outsideLondon: number, london: number): Record<RateRegion, number> => Object.freeze({ 'outside-london': outsideLondon, london });

/**
 * The BMA's 2025 card for consultants' non-contractual work in England, as far as it could be confirmed:
 * docs/domain.md lists which figures were confirmed and from where, and how the others were derived.
 */
export const BMA_2025_RATE_CARD: Readonly<RateCard> = Object.freeze({
  name: 'BMA consultant rate card 2025',
  bands: Object.freeze([
    { id: 'weekday-day', dayType: 'weekday', startsAt: '07:00', pencePerHour: both(18_800, 20_100) },
    { id: 'weekday-evening', dayType: 'weekday', startsAt: '19:00', pencePerHour: both(25_100, 26_800) },
    { id: 'weekday-night', dayType: 'weekday', startsAt: '23:00', pencePerHour: both(31_300, 33_400) },
    { id: 'weekend-day', dayType: 'weekend', startsAt: '07:00', pencePerHour: both(25_100, 26_800) },
    { id: 'weekend-night', dayType: 'weekend', startsAt: '23:00', pencePerHour: both(31_300, 33_400) },
  ] as RateBand[]),
  nonResidentAvailabilityPencePerHour: both(12_500, 12_500),
  timeZone: LONDON,
});

/** The 2023 card (day, evening, night; no weekend or London band), kept for shifts priced under it and for comparison. */
export const BMA_2023_RATE_CARD: Readonly<RateCard> = Object.freeze({
  name: 'BMA consultant rate card 2023',
  bands: Object.freeze(
    DAY_TYPES.flatMap((dayType) => [
      { id: `${dayType}-day`, dayType, startsAt: '07:00', pencePerHour: both(15_800, 15_800) },
      { id: `${dayType}-evening`, dayType, startsAt: '19:00', pencePerHour: both(21_000, 21_000) },
      { id: `${dayType}-night`, dayType, startsAt: '23:00', pencePerHour: both(26_200, 26_200) },
    ]),
  ),
  nonResidentAvailabilityPencePerHour: both(0, 0),
  timeZone: LONDON,
});

export interface BandPrice {
  band: string;
  /** Fractional only if the times carry seconds. */
  minutes: number;
  pencePerHour: number;
  pence: number;
}

export interface ShiftPrice {
  /** The sum of the band amounts (each rounded to the penny), so the breakdown always adds up. */
  totalPence: number;
  totalMinutes: number;
  /** Only bands the shift touches, in the card's order (availability last). */
  bands: BandPrice[];
}

export interface PricingOptions {
  region?: RateRegion;
  onCall?: OnCallKind;
  /** Non-resident only: the periods called in, priced at the band rates instead of availability. */
  callIns?: readonly ShiftTimes[];
}

interface BandStart {
  index: number;
  msOfDay: number;
}

interface CompiledCard {
  card: RateCard;
  byDayType: Record<DayType, BandStart[]>;
}

function parseWallClockTime(value: string, band: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new RangeError(`Rate card band ${band} start "${value}" is not a HH:mm time`);
  return Number(match[1]) * HOUR_MS + Number(match[2]) * MINUTE_MS;
}

const isRate = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10_000_000;

const compiled = new WeakMap<RateCard, CompiledCard>();

/** Checks the card as a whole (every day type has bands, no two start together, rates are whole pence) and indexes it. */
export function compileRateCard(card: RateCard): CompiledCard {
  const known = compiled.get(card);
  if (known) return known;
  const ids = new Set<string>();
  const byDayType: Record<DayType, BandStart[]> = { weekday: [], weekend: [] };
  card.bands.forEach((band, index) => {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(band.id) || band.id.length > 60) throw new RangeError(`Rate card band id "${band.id}" must be kebab-case`);
    if (band.id === NON_RESIDENT_AVAILABILITY_BAND) throw new RangeError(`Rate card band id "${band.id}" is reserved`);
    if (ids.has(band.id)) throw new RangeError(`Rate card band ${band.id} appears twice`);
    ids.add(band.id);
    if (!(DAY_TYPES as readonly string[]).includes(band.dayType)) throw new RangeError(`Rate card band ${band.id} dayType must be weekday or weekend`);
    for (const region of RATE_REGIONS) {
      if (!isRate(band.pencePerHour?.[region])) throw new RangeError(`Rate card band ${band.id} ${region} rate must be a whole, non-negative number of pence per hour`);
    }
    byDayType[band.dayType].push({ index, msOfDay: parseWallClockTime(band.startsAt, band.id) });
  });
  for (const region of RATE_REGIONS) {
    if (!isRate(card.nonResidentAvailabilityPencePerHour?.[region])) throw new RangeError(`Rate card non-resident availability ${region} rate must be a whole, non-negative number of pence per hour`);
  }
  for (const dayType of DAY_TYPES) {
    const starts = byDayType[dayType].sort((a, b) => a.msOfDay - b.msOfDay);
    if (!starts.length) throw new RangeError(`Rate card has no ${dayType} band`);
    for (let i = 1; i < starts.length; i++) {
      if (starts[i].msOfDay === starts[i - 1].msOfDay) {
        throw new RangeError(`Rate card bands ${card.bands[starts[i - 1].index].id} and ${card.bands[starts[i].index].id} start at the same time`);
      }
    }
  }
  const result = { card, byDayType };
  compiled.set(card, result);
  return result;
}

/** Saturday, Sunday or a bank holiday in England and Wales (the London date of day number `day`). */
export function dayTypeOf(dayNumber: number): DayType {
  const weekday = (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
  return weekday === 0 || weekday === 6 || isBankHolidayDayNumber(dayNumber) ? 'weekend' : 'weekday';
}

/** Elapsed ms in each band index over [startMs, endMs): split at band starts, at midnight (the day type can change) and at clock changes. */
function msByBand(compiledCard: CompiledCard, startMs: number, endMs: number, into: Float64Array): void {
  for (const span of splitAtUtcOffsetChanges(startMs, endMs, compiledCard.card.timeZone)) {
    let cursor = span.start;
    while (cursor < span.end) {
      const wall = cursor + span.offsetMs;
      const dayNumber = Math.floor(wall / DAY_MS);
      const msOfDay = wall - dayNumber * DAY_MS;
      const starts = compiledCard.byDayType[dayTypeOf(dayNumber)];
      let current = starts.length - 1;
      for (let i = 0; i < starts.length; i++) if (starts[i].msOfDay <= msOfDay) current = i;
      // The band ends at the next start of this day type, or at midnight, where the day type may change.
      const boundary = starts.find((s) => s.msOfDay > msOfDay)?.msOfDay ?? DAY_MS;
      const segmentEnd = Math.min(span.end, cursor + (boundary - msOfDay));
      into[starts[current].index] += segmentEnd - cursor;
      cursor = segmentEnd;
    }
  }
}

/**
 * Prices a cover shift band by band. Elapsed time is what is paid, so the 25 h autumn day pays one more
 * night hour and the 23 h spring day one fewer; the London date of each instant decides weekday or
 * weekend (bank holidays are weekend), so Friday 23:00 → Saturday 07:00 is one weekday-night hour and seven
 * weekend-night hours. Non-resident on-call is priced at the availability rate, except the hours called
 * in, which are priced at the band rates like resident work.
 */
export function priceShift(startsAt: Date, endsAt: Date, card: RateCard = BMA_2025_RATE_CARD, options: PricingOptions = {}): ShiftPrice {
  const startMs = startsAt.getTime();
  const endMs = endsAt.getTime();
  if (endMs < startMs) throw new RangeError('A shift cannot end before it starts');
  const compiledCard = compileRateCard(card);
  const region = options.region ?? 'outside-london';
  const worked = new Float64Array(card.bands.length);
  let availabilityMs = 0;
  if ((options.onCall ?? 'resident') === 'resident') {
    msByBand(compiledCard, startMs, endMs, worked);
  } else {
    let calledMs = 0;
    for (const callIn of options.callIns ?? []) {
      const from = Math.max(startMs, callIn.startsAt.getTime());
      const to = Math.min(endMs, callIn.endsAt.getTime());
      if (to <= from) continue;
      msByBand(compiledCard, from, to, worked);
      calledMs += to - from;
    }
    availabilityMs = endMs - startMs - calledMs;
  }

  const bands: BandPrice[] = [];
  let totalPence = 0;
  card.bands.forEach((band, index) => {
    if (worked[index] <= 0) return;
    const pencePerHour = band.pencePerHour[region];
    const pence = Math.round((worked[index] * pencePerHour) / HOUR_MS);
    bands.push({ band: band.id, minutes: worked[index] / MINUTE_MS, pencePerHour, pence });
    totalPence += pence;
  });
  if (availabilityMs > 0) {
    const pencePerHour = card.nonResidentAvailabilityPencePerHour[region];
    const pence = Math.round((availabilityMs * pencePerHour) / HOUR_MS);
    bands.push({ band: NON_RESIDENT_AVAILABILITY_BAND, minutes: availabilityMs / MINUTE_MS, pencePerHour, pence });
    totalPence += pence;
  }
  return { totalPence, totalMinutes: (endMs - startMs) / MINUTE_MS, bands };
}

/** The cost of a whole rota (e.g. autofill's proposals), resident shifts, band by band. */
export function priceShifts(shifts: readonly ShiftTimes[], card: RateCard = BMA_2025_RATE_CARD, region: RateRegion = 'outside-london'): ShiftPrice {
  const byBand = new Map<string, BandPrice>();
  let totalPence = 0;
  let totalMinutes = 0;
  for (const shift of shifts) {
    const price = priceShift(shift.startsAt, shift.endsAt, card, { region });
    totalPence += price.totalPence;
    totalMinutes += price.totalMinutes;
    for (const line of price.bands) {
      const sum = byBand.get(line.band) ?? { ...line, minutes: 0, pence: 0 };
      sum.minutes += line.minutes;
      sum.pence += line.pence;
      byBand.set(line.band, sum);
    }
  }
  const order = new Map(card.bands.map((b, i) => [b.id, i]));
  return { totalPence, totalMinutes, bands: [...byBand.values()].sort((a, b) => (order.get(a.band) ?? 99) - (order.get(b.band) ?? 99)) };
}
