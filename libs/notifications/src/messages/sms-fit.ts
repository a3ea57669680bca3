/**
 * "A text that would be too long is refused when it is written, not when Notify refuses it" (docs/domain.md
 * "Channels, wording and statuses"). Wording is rendered when a message is sent, so the check at writing
 * time is one of two kinds:
 *
 * - **By construction**: a purpose whose every field has a limit (FIELD_LIMITS) and whose lists shorten
 *   to fit (fitSms) cannot exceed 918 characters whatever it is given; messages.spec.ts renders each
 *   such purpose at its longest (reply line included) to prove it. Bulk notices are all of this kind, so
 *   writing 120,000 of them renders none.
 * - **Rendered**: any other purpose (one that carries text an admin wrote, as cover shift requests and
 *   daily strike declarations will) is rendered in the writing transaction and refused with
 *   MESSAGE_TOO_LONG, naming the field, when its text would not fit.
 */
import { ErrorDetail } from '@app/core';
import { NOTIFY_PURPOSES, NotifyPurpose } from './notify-purpose';
import { composeMessage, PersonalisationByPurpose } from './render-message';
import { SMS_MAX_CHARACTERS, smsLength } from './sms-fragments';

/** Purposes proven to fit at their longest (messages.spec.ts, "fits in one Notify SMS of 918 characters"). */
export const SMS_FITS_BY_CONSTRUCTION: ReadonlySet<NotifyPurpose> = new Set(NOTIFY_PURPOSES);

/**
 * The problem with a message's text, if it would be longer than Notify allows: rendered as it would be
 * sent at its longest (with the reply line). `field` names what the caller's client wrote.
 */
export function smsTooLong<P extends NotifyPurpose>(purpose: P, personalisation: PersonalisationByPurpose[P], publicBaseUrl: string, field: string): ErrorDetail | null {
  let text: string;
  try {
    text = composeMessage(purpose, { ...personalisation, replyBySms: true }, publicBaseUrl).sms;
  } catch (error) {
    // finishMessage refuses a text over the limit as it renders it.
    if (error instanceof RangeError && /SMS is (\d+) characters/.test(error.message)) return tooLong(field, Number(/SMS is (\d+)/.exec(error.message)![1]));
    throw error;
  }
  const length = smsLength(text);
  return length > SMS_MAX_CHARACTERS ? tooLong(field, length) : null;
}

/** For a lib checking the text an admin wrote before it goes into a message: its share of the 918. */
export function textTooLongForSms(field: string, text: string, room: number): ErrorDetail | null {
  const length = smsLength(text);
  return length > room ? { field, message: `is ${length} characters as a text message counts them; at most ${room} fit in the message (GOV.UK Notify allows ${SMS_MAX_CHARACTERS} in all)` } : null;
}

function tooLong(field: string, length: number): ErrorDetail {
  return { field, message: `would make the text message ${length} characters; GOV.UK Notify allows ${SMS_MAX_CHARACTERS}` };
}
