import { ConfigError } from '@app/core';
import { london } from '@app/cover/testing';
import { BMA_2025_RATE_CARD, priceShift } from './rate-card';
import { parseRateCardConfig } from './rate-card-config';

describe('COVER_RATE_CARD', () => {
  it('defaults to the BMA 2025 card when unset or empty', () => {
    expect(parseRateCardConfig(undefined)).toBe(BMA_2025_RATE_CARD);
    expect(parseRateCardConfig('  ')).toBe(BMA_2025_RATE_CARD);
  });

  it('overrides only the rates given, by band and region, and prices with them', () => {
    const card = parseRateCardConfig('{"name":"Local 2026","pencePerHour":{"weekday-day":{"outsideLondon":19000}},"nonResidentAvailabilityPencePerHour":{"london":13000}}');
    expect(card.name).toBe('Local 2026');
    expect(card.bands.find((b) => b.id === 'weekday-day')!.pencePerHour).toEqual({ 'outside-london': 19_000, london: 20_100 });
    expect(card.nonResidentAvailabilityPencePerHour).toEqual({ 'outside-london': 12_500, london: 13_000 });
    expect(priceShift(london('2026-01-12T08:00'), london('2026-01-12T09:00'), card).totalPence).toBe(19_000);
    // The default card is untouched.
    expect(BMA_2025_RATE_CARD.bands[0].pencePerHour['outside-london']).toBe(18_800);
  });

  it('takes a whole card of its own bands', () => {
    const card = parseRateCardConfig(
      JSON.stringify({
        bands: [
          { id: 'flat-weekday', dayType: 'weekday', startsAt: '00:00', pencePerHour: { outsideLondon: 100, london: 200 } },
          { id: 'flat-weekend', dayType: 'weekend', startsAt: '00:00', pencePerHour: { outsideLondon: 300, london: 400 } },
        ],
      }),
    );
    // Friday 20:00 → Saturday 04:00: four weekday hours, four weekend hours.
    expect(priceShift(london('2026-01-16T20:00'), london('2026-01-17T04:00'), card, { region: 'london' }).totalPence).toBe(4 * 200 + 4 * 400);
  });

  it.each([
    ['not json', /must be JSON/],
    ['[1]', /must be a JSON object/],
    ['{"rates":{}}', /unknown field\(s\): rates/],
    ['{"name":""}', /name must be/],
    ['{"pencePerHour":{"weekday-day":{"outsideLondon":158.5}}}', /pencePerHour.weekday-day.outsideLondon must be a whole number/],
    ['{"pencePerHour":{"weekday-day":{"outsideLondon":-1}}}', /must be a whole number/],
    ['{"pencePerHour":{"weekend":{"london":100}}}', /pencePerHour.weekend is not a band/],
    ['{"pencePerHour":{"weekday-day":{"paris":100}}}', /paris is not a region/],
    ['{"bands":[]}', /bands must be a list/],
    ['{"bands":[{"id":"a","dayType":"weekday","startsAt":"25:00","pencePerHour":{"outsideLondon":1,"london":1}}]}', /bands\[0\].startsAt must be an "HH:mm" time/],
    ['{"bands":[{"id":"a","dayType":"weekday","startsAt":"07:00","pencePerHour":{"outsideLondon":1}}]}', /must give both/],
    ['{"bands":[{"id":"a","dayType":"weekday","startsAt":"07:00","pencePerHour":{"outsideLondon":1,"london":1}}]}', /not a usable rate card: .*no weekend band/],
    [
      '{"bands":[{"id":"a","dayType":"weekday","startsAt":"07:00","pencePerHour":{"outsideLondon":1,"london":1}},{"id":"b","dayType":"weekday","startsAt":"07:00","pencePerHour":{"outsideLondon":1,"london":1}},{"id":"c","dayType":"weekend","startsAt":"07:00","pencePerHour":{"outsideLondon":1,"london":1}}]}',
      /not a usable rate card: .*start at the same time/,
    ],
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
