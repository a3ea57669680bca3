import { AppConfig, DAY_MS, HOUR_MS } from '@app/core';
import { calendarKeyFrom } from './engine/calendar-token';
import { parseRateCardConfig } from './engine/rate-card-config';
import { RateCard } from './engine/rate-card';
import { DEFAULT_WORKING_TIME_LIMITS, WorkingTimeLimits } from './engine/working-time-limits';

export const COVER_SETTINGS = Symbol('COVER_SETTINGS');

/** Everything configurable about cover, read once at start-up. */
export interface CoverSettings {
  rateCard: RateCard;
  limits: WorkingTimeLimits;
  publicBaseUrl: string;
  /** Right-hand side of calendar UIDs: the public host, so UIDs are unique to this service. */
  calendarUidDomain: string;
  calendarKey: Buffer;
  /** Shift notices wait this long before they go, so a shift removed or re-made by mistake sends nothing. */
  noticeHoldSeconds: number;
  /** A cover request lapses after this many hours unanswered (never later than the shift's start). */
  requestExpiryHours: number;
}

/** COVER_RATE_CARD comes through the validated config; its shape is cover's to check (a bad value stops start-up naming it). */
export function loadCoverSettings(config: AppConfig): CoverSettings {
  return {
    rateCard: parseRateCardConfig(config.coverRateCard ?? undefined),
    limits: DEFAULT_WORKING_TIME_LIMITS,
    publicBaseUrl: config.publicBaseUrl,
    calendarUidDomain: new URL(config.publicBaseUrl).hostname,
    calendarKey: calendarKeyFrom(config.calendarLinkKey),
    noticeHoldSeconds: config.messaging.coverNoticeHoldSeconds,
    requestExpiryHours: config.coverRequestExpiryHours,
  };
}

/**
 * How long a shift's notice waits: the configured hold, unless the shift starts within the hour after
 * it, when telling the consultant at once matters more than sparing them a correction.
 */
export function noticeHoldSeconds(settings: CoverSettings, shiftStartsAt: Date, now: Date): number {
  const hold = settings.noticeHoldSeconds;
  return shiftStartsAt.getTime() - now.getTime() > hold * 1000 + HOUR_MS ? hold : 0;
}

/** How far either side of a shift another shift can matter to the rules: the rolling window, plus a day for rest. */
export function neighbourhoodMs(settings: CoverSettings): number {
  return (settings.limits.rollingWindowDays + 1) * DAY_MS;
}
