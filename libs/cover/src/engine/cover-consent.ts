import { HOUR_MS } from '@app/core';
import { ShiftTimes } from './cover-rule-violation';

/**
 * Cover is extra-contractual (docs/domain.md, "Consent"): a shift counts as assigned only once the
 * consultant has agreed to it. A shift autofill makes is `requested` until the consultant answers through
 * their link (or by text): `accepted`, or `declined`; a request nobody answers in time is `expired`.
 */
export const CONSENT_STATES = ['requested', 'accepted', 'declined', 'expired'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** How the consent of an accepted shift was given. */
export const CONSENT_SOURCES = ['manual', 'link', 'availability-window', 'text-reply'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** The states that hold the consultant's time: a request stands until it is answered or expires. */
export const LIVE_CONSENT_STATES: readonly ConsentState[] = ['requested', 'accepted'];

/**
 * Expiry is computed on read: a request past its expiry is expired whether or not a writer has stored it
 * so yet (writers that lock the consultant store it first; docs/domain.md).
 */
export function effectiveConsentState(state: ConsentState, expiresAt: Date | null, now: Date): ConsentState {
  return state === 'requested' && expiresAt !== null && expiresAt.getTime() <= now.getTime() ? 'expired' : state;
}

/** A request lapses after the configured hours, and never later than the shift's start (an answer after it is no use). */
export function requestExpiresAt(now: Date, shiftStartsAt: Date, expiryHours: number): Date {
  return new Date(Math.min(now.getTime() + expiryHours * HOUR_MS, shiftStartsAt.getTime()));
}

export interface AvailabilityWindow extends ShiftTimes {
  id: string;
}

/** The window a consultant declared that holds the whole shift (their consent for it), or null. The earliest wins. */
export function windowHolding(shift: ShiftTimes, windows: readonly AvailabilityWindow[]): AvailabilityWindow | null {
  let best: AvailabilityWindow | null = null;
  for (const window of windows) {
    if (window.startsAt.getTime() <= shift.startsAt.getTime() && window.endsAt.getTime() >= shift.endsAt.getTime()) {
      if (!best || window.startsAt < best.startsAt) best = window;
    }
  }
  return best;
}

export type CoverReply = { kind: 'answer'; accept: boolean } | { kind: 'unparseable'; reason: string };

/** The line a cover request text carries where the trust's Notify service has an inbound number. */
export const COVER_REPLY_INSTRUCTION = 'Reply YES to accept or NO to decline';

const ACCEPT = new Set(['yes', 'y', 'yeah', 'yep', 'ok', 'okay', 'accept', 'accepted', 'agree', 'agreed', 'confirm', 'confirmed', 'happy to', 'can do', 'i can', 'yes please']);
const DECLINE = new Set(['no', 'n', 'nope', 'decline', 'declined', 'cant', 'cannot', 'can not', 'unable', 'not available', 'unavailable', 'sorry no', 'no sorry', 'no thanks', 'no thank you', 'sorry cant', 'i cant', 'i cannot']);
const TRAILING = new Set(['thanks', 'thank', 'you', 'x', 'please', 'sorry']);

/**
 * A text reply to a cover request, read tolerantly but never guessed at: it must say yes or no and
 * nothing else that could change its meaning ("yes but only till 2" is unparseable and goes to a person).
 * The answer applies to every shift the request still asks of them.
 */
export function parseCoverReply(text: string): CoverReply {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
  if (!words.length) return { kind: 'unparseable', reason: 'empty reply' };
  let end = words.length;
  while (end > 1 && TRAILING.has(words[end - 1])) end--;
  const phrase = words.slice(0, end).join(' ');
  if (ACCEPT.has(phrase)) return { kind: 'answer', accept: true };
  if (DECLINE.has(phrase)) return { kind: 'answer', accept: false };
  return { kind: 'unparseable', reason: 'not a plain yes or no' };
}
