import { ConfigError } from '@app/core';
import { BMA_2023_RATE_CARD, priceShift } from './rate-card';
import { parseRateCardConfig } from './rate-card-config';
import { london } from '@app/cover/testing';

describe('COVER_RATE_CARD', () => {
  it('defaults to the BMA 2023 card when unset or empty', () => {
    expect(parseRateCardConfig(undefined)).toBe(BMA_2023_RATE_CARD);
    expect(parseRateCardConfig('  ')).toBe(BMA_2023_RATE_CARD);
  });

  it('overrides only the parts given, and prices with them', () => {
    const card = parseRateCardConfig('{"name":"Local 2025","pencePerHour":{"day":16500},"bandStartsAt":{"evening":"20:00"}}');
    expect(card).toEqual({
      name: 'Local 2025',
      pencePerHour: { day: 16_500, evening: 21_000, night: 26_200 },
      bandStartsAt: { day: '07:00', evening: '20:00', night: '23:00' },
      timeZone: 'Europe/London',
    });
    // 19:00–20:00 is now day rate.
    expect(priceShift(london('2026-01-12T19:00'), london('2026-01-12T20:00'), card).totalPence).toBe(16_500);
  });

  it.each([
    ['not json', /must be JSON/],
    ['[1]', /must be a JSON object/],
    ['{"rates":{}}', /unknown field\(s\): rates/],
    ['{"name":""}', /name must be/],
    ['{"pencePerHour":{"day":158.5}}', /pencePerHour.day must be a whole number/],
    ['{"pencePerHour":{"day":-1}}', /pencePerHour.day must be a whole number/],
    ['{"pencePerHour":{"weekend":100}}', /pencePerHour.weekend is not a band/],
    ['{"bandStartsAt":{"night":"25:00"}}', /bandStartsAt.night must be an "HH:mm" time/],
    ['{"bandStartsAt":{"night":"19:00"}}', /not a usable rate card: .*start at the same time/],
  ])('refuses %s at start-up, naming the variable', (raw, message) => {
    let error: unknown;
    try {
      parseRateCardConfig(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('COVER_RATE_CARD');
    expect((error as Error).message).toMatch(/^Invalid configuration: COVER_RATE_CARD /);
    expect((error as Error).message).toMatch(message);
  });
});
