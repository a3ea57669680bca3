import { ConfigError } from '@app/core';
import { BMA_2025_RATE_CARD, compileRateCard, DAY_TYPES, RateBand, RateCard, RateRegion } from './rate-card';

/** The environment variable that overrides the rate card; see README "Configuration". */
export const COVER_RATE_CARD_ENV = 'COVER_RATE_CARD';

/** The core ConfigError, so start-up fails with the same one-line message as every other variable. */
class RateCardConfigError extends ConfigError {
  constructor(problem: string) {
    super(COVER_RATE_CARD_ENV, problem);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isRate = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10_000_000;

/** JSON spells the regions in camelCase. */
const REGION_KEYS: Record<string, RateRegion> = { outsideLondon: 'outside-london', london: 'london' };

const EXAMPLE =
  '{"name":"Local 2026","pencePerHour":{"weekday-day":{"outsideLondon":19000}},"nonResidentAvailabilityPencePerHour":{"london":13000}} or a whole card with "bands":[{"id":"weekday-day","dayType":"weekday","startsAt":"07:00","pencePerHour":{"outsideLondon":18800,"london":20100}},…]';

function regionRates(value: unknown, field: string, base: Record<RateRegion, number> | null): Record<RateRegion, number> {
  if (!isObject(value)) throw new RateCardConfigError(`${field} must be an object with outsideLondon and/or london`);
  const result = { ...(base ?? {}) } as Record<RateRegion, number>;
  for (const [key, rate] of Object.entries(value)) {
    const region = REGION_KEYS[key];
    if (!region) throw new RateCardConfigError(`${field}.${key} is not a region (outsideLondon, london)`);
    if (!isRate(rate)) throw new RateCardConfigError(`${field}.${key} must be a whole number of pence per hour`);
    result[region] = rate;
  }
  if (!base && Object.keys(result).length < 2) throw new RateCardConfigError(`${field} must give both outsideLondon and london`);
  return result;
}

function parseBands(value: unknown): RateBand[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 48) throw new RateCardConfigError('bands must be a list of 1–48 bands');
  return value.map((band, index) => {
    const field = `bands[${index}]`;
    if (!isObject(band)) throw new RateCardConfigError(`${field} must be an object`);
    const unknown = Object.keys(band).filter((k) => !['id', 'dayType', 'startsAt', 'pencePerHour'].includes(k));
    if (unknown.length) throw new RateCardConfigError(`${field} has unknown field(s): ${unknown.join(', ')}`);
    if (typeof band.id !== 'string') throw new RateCardConfigError(`${field}.id must be a kebab-case name`);
    if (typeof band.dayType !== 'string' || !(DAY_TYPES as readonly string[]).includes(band.dayType)) throw new RateCardConfigError(`${field}.dayType must be weekday or weekend`);
    if (typeof band.startsAt !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(band.startsAt)) throw new RateCardConfigError(`${field}.startsAt must be an "HH:mm" time`);
    return { id: band.id, dayType: band.dayType as RateBand['dayType'], startsAt: band.startsAt, pencePerHour: regionRates(band.pencePerHour, `${field}.pencePerHour`, null) };
  });
}

/**
 * COVER_RATE_CARD is optional JSON: a whole card (`bands`), and/or overrides of the default card's rates
 * by band id and region, and of the non-resident availability rate. Rates are whole pence per hour; band
 * starts are Europe/London "HH:mm". Anything else is refused at start-up, naming the variable, rather
 * than mis-pricing a rota later.
 */
export function parseRateCardConfig(raw: string | undefined): RateCard {
  if (raw === undefined || raw.trim() === '') return BMA_2025_RATE_CARD;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new RateCardConfigError(`must be JSON like ${EXAMPLE}`);
  }
  if (!isObject(parsed)) throw new RateCardConfigError('must be a JSON object');
  const unknownKeys = Object.keys(parsed).filter((key) => !['name', 'bands', 'pencePerHour', 'nonResidentAvailabilityPencePerHour'].includes(key));
  if (unknownKeys.length) throw new RateCardConfigError(`has unknown field(s): ${unknownKeys.join(', ')}`);

  const name = parsed.name ?? 'Configured rate card';
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200) throw new RateCardConfigError('name must be 1–200 characters');

  const bands = parsed.bands === undefined ? BMA_2025_RATE_CARD.bands.map((b) => ({ ...b, pencePerHour: { ...b.pencePerHour } })) : parseBands(parsed.bands);
  if (parsed.pencePerHour !== undefined) {
    if (!isObject(parsed.pencePerHour)) throw new RateCardConfigError('pencePerHour must be an object keyed by band id');
    for (const [id, rates] of Object.entries(parsed.pencePerHour)) {
      const band = bands.find((b) => b.id === id);
      if (!band) throw new RateCardConfigError(`pencePerHour.${id} is not a band (${bands.map((b) => b.id).join(', ')})`);
      band.pencePerHour = regionRates(rates, `pencePerHour.${id}`, band.pencePerHour);
    }
  }
  const availability =
    parsed.nonResidentAvailabilityPencePerHour === undefined
      ? { ...BMA_2025_RATE_CARD.nonResidentAvailabilityPencePerHour }
      : regionRates(parsed.nonResidentAvailabilityPencePerHour, 'nonResidentAvailabilityPencePerHour', BMA_2025_RATE_CARD.nonResidentAvailabilityPencePerHour);

  const card: RateCard = { name: name.trim(), bands, nonResidentAvailabilityPencePerHour: availability, timeZone: BMA_2025_RATE_CARD.timeZone };
  try {
    compileRateCard(card);
  } catch (error) {
    throw new RateCardConfigError(`is not a usable rate card: ${(error as Error).message}`);
  }
  return card;
}
