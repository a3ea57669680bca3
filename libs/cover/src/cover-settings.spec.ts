import { ConfigError, loadConfig } from '@app/core';
import { loadCoverSettings, noticeHoldSeconds } from './cover-settings';

describe('cover settings', () => {
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'https://strike.example.nhs.uk/' });

  it('uses the BMA 2025 card by default, a day to answer a request, and the public host for calendar UIDs', () => {
    const settings = loadCoverSettings(config);
    expect(settings.rateCard.name).toBe('BMA consultant rate card 2025');
    expect(settings.requestExpiryHours).toBe(24);
    expect(settings.calendarUidDomain).toBe('strike.example.nhs.uk');
    expect(settings.publicBaseUrl).toBe('https://strike.example.nhs.uk');
    expect(settings.limits).toEqual(expect.objectContaining({ maxShiftHours: 13, minRestHours: 11, maxHoursInRollingWindow: 72 }));
  });

  it('stops start-up on a bad COVER_RATE_CARD, naming it', () => {
    expect(() => loadCoverSettings(loadConfig({ NODE_ENV: 'test', COVER_RATE_CARD: '{"pencePerHour":{"weekday-day":{"london":"lots"}}}' }))).toThrow(ConfigError);
    expect(() => loadCoverSettings(loadConfig({ NODE_ENV: 'test', COVER_RATE_CARD: '{' }))).toThrow(/^Invalid configuration: COVER_RATE_CARD /);
  });

  it('derives the calendar key from CALENDAR_LINK_KEY, so it changes when that key does and not when JWT_SECRET does', () => {
    const otherKey = loadConfig({ NODE_ENV: 'test', CALENDAR_LINK_KEY: 'another-calendar-key-of-32-characters-long' });
    const otherJwt = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'another-secret-that-is-32-characters-long' });
    expect(loadCoverSettings(config).calendarKey.equals(loadCoverSettings(otherKey).calendarKey)).toBe(false);
    expect(loadCoverSettings(config).calendarKey.equals(loadCoverSettings(otherJwt).calendarKey)).toBe(true);
  });

  it('holds a shift notice for COVER_NOTICE_HOLD_SECONDS, but not for a shift starting within the hour after it', () => {
    const settings = loadCoverSettings(loadConfig({ NODE_ENV: 'test', COVER_NOTICE_HOLD_SECONDS: '120' }));
    const now = new Date('2026-01-12T08:00:00Z');
    expect(noticeHoldSeconds(settings, new Date('2026-01-13T08:00:00Z'), now)).toBe(120);
    expect(noticeHoldSeconds(settings, new Date('2026-01-12T09:00:00Z'), now)).toBe(0);
  });
});
