import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * A consultant's calendar link is a bearer token in a URL (calendar apps cannot log in), so:
 * - it is unguessable: HMAC-SHA256 under a server key of a 256-bit random seed;
 * - cover_calendar_token holds only SHA-256(token), for lookup, and the seed, which gives nothing without
 *   the server key (the token itself travels in the cover-shift notice, like every link in a message);
 * - it is stable per consultant, so a calendar subscribed from the first shift notice keeps updating,
 *   and every later assignment response can carry the same link without storing the token itself.
 * Rotating the server key changes every derived token; the next assignment re-registers the new one
 * (see CoverAssignmentRepository.ensureCalendarToken) and old links answer 404.
 */
export const CALENDAR_SEED_BYTES = 32;

/** 32 bytes of HMAC output in base64url, no padding. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A key for calendar tokens only, so a token can never be confused with anything else the secret signs. */
export function calendarKeyFrom(serverSecret: string): Buffer {
  return createHmac('sha256', serverSecret).update('strike-ops/cover-calendar-token/v1').digest();
}

export function newCalendarSeed(): Buffer {
  return randomBytes(CALENDAR_SEED_BYTES);
}

export function deriveCalendarToken(key: Buffer, seed: Buffer): string {
  return createHmac('sha256', key).update(seed).digest('base64url');
}

export function hashCalendarToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Anything else cannot be a token we issued: answer 404 without a database lookup. */
export function isWellFormedCalendarToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

export function calendarUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/api/v1/cover/${token}/calendar.ics`;
}
