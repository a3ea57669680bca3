import { ConfigError } from '@app/core';
import { BMA_2023_RATE_CARD, priceShift, RATE_BANDS, RateBand, RateCard } from './rate-card';

/** The environment variable that overrides the rate card; see README "Configuration". */
export const COVER_RATE_CARD_ENV = 'COVER_RATE_CARD';

/** The core ConfigError, so start-up fails with the same one-line message as every other variable. */
class RateCardConfigError extends ConfigError {
  constructor(problem: string) {
    super(COVER_RATE_CARD_ENV, problem);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * COVER_RATE_CARD is optional JSON overriding any part of the BMA 2023 card, e.g.
 * `{"name":"Local 2025","pencePerHour":{"day":16500},"bandStartsAt":{"evening":"20:00"}}`.
 * Rates are whole pence per hour; band starts are Europe/London "HH:mm". Anything else is refused at
 * start-up, naming the variable, rather than mis-pricing a rota later.
 */
export function parseRateCardConfig(raw: string | undefined): RateCard {
  if (raw === undefined || raw.trim() === '') return BMA_2023_RATE_CARD;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new RateCardConfigError('must be JSON like {"pencePerHour":{"day":15800,"evening":21000,"night":26200},"bandStartsAt":{"day":"07:00","evening":"19:00","night":"23:00"}}');
  }
  if (!isObject(parsed)) throw new RateCardConfigError('must be a JSON object');
  const unknownKeys = Object.keys(parsed).filter((key) => !['name', 'pencePerHour', 'bandStartsAt'].includes(key));
  if (unknownKeys.length) throw new RateCardConfigError(`has unknown field(s): ${unknownKeys.join(', ')}`);

  const name = parsed.name ?? 'Configured rate card';
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200) throw new RateCardConfigError('name must be 1–200 characters');

  const pencePerHour = { ...BMA_2023_RATE_CARD.pencePerHour };
  const bandStartsAt = { ...BMA_2023_RATE_CARD.bandStartsAt };
  for (const [field, target, valid, expected] of [
    ['pencePerHour', pencePerHour, (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10_000_000, 'a whole number of pence per hour'],
    ['bandStartsAt', bandStartsAt, (v: unknown) => typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'an "HH:mm" time'],
  ] as const) {
    const given = parsed[field];
    if (given === undefined) continue;
    if (!isObject(given)) throw new RateCardConfigError(`${field} must be an object with day, evening and/or night`);
    for (const [band, value] of Object.entries(given)) {
      if (!(RATE_BANDS as readonly string[]).includes(band)) throw new RateCardConfigError(`${field}.${band} is not a band (day, evening, night)`);
      if (!valid(value)) throw new RateCardConfigError(`${field}.${band} must be ${expected}`);
      (target as Record<RateBand, unknown>)[band as RateBand] = value;
    }
  }

  const card: RateCard = { name: name.trim(), pencePerHour, bandStartsAt, timeZone: BMA_2023_RATE_CARD.timeZone };
  try {
    // The pricing function checks the card as a whole (e.g. two bands starting at the same time).
    priceShift(new Date(0), new Date(0), card);
  } catch (error) {
    throw new RateCardConfigError(`is not a usable rate card: ${(error as Error).message}`);
  }
  return card;
}
