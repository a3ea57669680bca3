/**
 * The mobile networks' per-number caps (pure rules; docs/domain.md "Notify's limits"): in any rolling
 * hour a number gets at most 20 texts with the same content and at most 100 texts in all. Past them the
 * networks drop texts silently, so we hold the message back instead (it stays pending and goes when
 * the window has room), never drop it.
 *
 * The shared, atomic version of this rule runs in Redis (sms-number-caps.ts, one Lua script); this is
 * its reference: the unit tests pin the rule here and the integration test holds the script to it.
 */
import { createHash } from 'node:crypto';
import { normaliseUkMobile } from '@app/core';

export const NUMBER_CAP_WINDOW_MS = 3_600_000;

export interface NumberCaps {
  /** Texts to one number in any rolling hour (the networks' 100). */
  perHour: number;
  /** Texts with the same content to one number in any rolling hour (the networks' 20). */
  identicalPerHour: number;
}

/** A text already counted against the number: when it was admitted, and a digest of its content. */
export interface CountedText {
  at: number;
  content: string;
}

export type NumberCapDecision = { allowed: true } | { allowed: false; cap: 'per-hour' | 'identical-per-hour'; retryAt: number };

/**
 * Whether one more text with `content` may go to a number that has had `history` (any order), at
 * `now`. Refused: the earliest moment it would fit, when the oldest text that fills the window leaves it.
 */
export function decideNumberCap(history: readonly CountedText[], content: string, now: number, caps: NumberCaps): NumberCapDecision {
  const inWindow = history.filter((text) => text.at > now - NUMBER_CAP_WINDOW_MS).sort((a, b) => a.at - b.at);
  const identical = inWindow.filter((text) => text.content === content);
  const freesAt = (texts: CountedText[], cap: number) => texts[texts.length - cap].at + NUMBER_CAP_WINDOW_MS;
  let refusal: NumberCapDecision | null = null;
  if (inWindow.length >= caps.perHour) refusal = { allowed: false, cap: 'per-hour', retryAt: freesAt(inWindow, caps.perHour) };
  if (identical.length >= caps.identicalPerHour) {
    const retryAt = freesAt(identical, caps.identicalPerHour);
    if (!refusal || retryAt > refusal.retryAt) refusal = { allowed: false, cap: 'identical-per-hour', retryAt };
  }
  return refusal ?? { allowed: true };
}

/**
 * One spelling per number, so "07700 900123", "+447700900123" and Notify's "447700900123" (how it
 * writes a received text's sender) are the same number for the caps and for matching replies.
 */
export function canonicalPhoneNumber(value: string): string {
  const compact = value.replace(/[\s().-]/g, '');
  const uk = normaliseUkMobile(compact) ?? (/^447\d{9}$/.test(compact) ? normaliseUkMobile(`+${compact}`) : null);
  if (uk) return uk;
  const digits = compact.replace(/^(\+|00)/, '');
  return `+${digits}`;
}

/**
 * What is stored and keyed instead of the number itself: a digest of its canonical spelling. It is a
 * pseudonym, not a secret (the person's record holds the number), and keeps contact details out of the
 * message table and out of Redis keys.
 */
export function phoneNumberDigest(value: string): string {
  return createHash('sha256').update(`phone:${canonicalPhoneNumber(value)}`).digest('hex');
}

/** Digest of a text's content, for "identical texts". */
export function contentDigest(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 32);
}
