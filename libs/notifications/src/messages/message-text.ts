import { formatLondonDateTime, Instant } from '@app/core';
import { SMS_MAX_CHARACTERS, smsLength } from './sms-fragments';
/**
 * Building blocks shared by every message wording: the text limits Notify imposes, the safety wording
 * patients must always get, and the guards that keep a message sendable and free of NHS numbers.
 */

/** The same wording in the shapes each channel needs. Letters use `emailSubject` as their heading. */
export interface MessageText {
  sms: string;
  emailSubject: string;
  emailBody: string;
  letterBody: string;
}

/** Notify's limit and its count live with the fragment rules (sms-fragments.ts). */
export { SMS_MAX_CHARACTERS };

/**
 * Longest text of each field that appears in a message; longer values are shortened with "..." so that
 * every wording provably fits in one SMS of at most 918 characters (see the worst-case tests).
 * Trust names reach ~75 characters ("The Robert Jones and Agnes Hunt Orthopaedic Hospital NHS Foundation
 * Trust"); a given name longer than 35 is shortened only in the greeting.
 */
export const FIELD_LIMITS = {
  givenName: 35,
  trustName: 80,
  place: 60,
  description: 60,
  department: 50,
  contactPhone: 20,
} as const;

/** Standard patient wording (docs/domain.md "Channels, wording and statuses"): attend unless told otherwise; 111 online; 999. */
export const PATIENT_WORDING = {
  attendOtherAppointments: 'Please attend any other appointments unless we tell you otherwise.',
  attendThisAppointment: 'Please attend this appointment unless we tell you otherwise.',
  urgentHelpSms: 'For urgent medical help, use NHS 111 online (111.nhs.uk). In an emergency, call 999.',
  urgentHelpLongForm: 'If you need medical help urgently, use NHS 111 online at https://111.nhs.uk. In an emergency, call 999.',
  urgentHelpLetter: 'If you need medical help urgently, use NHS 111 online at 111.nhs.uk or call 111. In an emergency, call 999.',
} as const;

export interface PatientMessageBase {
  /** Used in the greeting only. */
  givenName: string;
  trustName: string;
  /** The trust's number for questions about these appointments. */
  contactPhone?: string | null;
}

export interface StaffMessageBase {
  givenName: string;
  trustName: string;
  /** The strike planning cell's number. */
  contactPhone?: string | null;
}

export interface AppointmentDetails {
  startsAt: Instant;
  /** What it is, in words the patient knows: "Cardiology outpatient appointment", "Knee operation". */
  description: string;
  /** Where: the hospital or site. */
  place: string;
}

export function clampText(value: string, max: number): string {
  const text = value.replace(/\s+/g, ' ').trim();
  return text.length <= max ? text : `${text.slice(0, max - 3).trimEnd()}...`;
}

/** Characters as Notify counts them against its 918 (the one count: smsLength in sms-fragments.ts). */
export function smsCharacterCount(text: string): number {
  return smsLength(text);
}

function isValidNhsNumber(digits: string): boolean {
  let total = 0;
  for (let i = 0; i < 9; i += 1) total += Number(digits[i]) * (10 - i);
  const check = 11 - (total % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

const NHS_NUMBER_SHAPE = /(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)/g;
// Shorter than the ten digits it replaces, so redaction never pushes an SMS over the limit.
export const REDACTED_NUMBER = '(removed)';

/** A safety net: personalisation is ids-free by type, but free text from trust data might not be. */
export function redactNhsNumbers(text: string): string {
  return text.replace(NHS_NUMBER_SHAPE, (match, a: string, b: string, c: string) =>
    isValidNhsNumber(`${a}${b}${c}`) ? REDACTED_NUMBER : match,
  );
}

/** A link into the service's public pages (docs/api.md "The link pages"); the token is opaque and goes in the path. */
export function publicLink(publicBaseUrl: string, pathBefore: string, token: string, pathAfter = ''): string {
  let base: URL;
  try {
    base = new URL(publicBaseUrl);
  } catch {
    throw new RangeError(`publicBaseUrl must be an absolute URL, got "${publicBaseUrl}"`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new RangeError(`publicBaseUrl must be http(s), got "${publicBaseUrl}"`);
  if (token.trim() === '') throw new RangeError('A link needs a token');
  return `${publicBaseUrl.replace(/\/+$/, '')}/${pathBefore}/${encodeURIComponent(token)}${pathAfter}`;
}

/** "A", "A and B", "A, B and C" */
export function joinWithAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

export function describeAppointment(appointment: AppointmentDetails): string {
  return [
    clampText(appointment.description, FIELD_LIMITS.description),
    formatLondonDateTime(appointment.startsAt),
    clampText(appointment.place, FIELD_LIMITS.place),
  ].join(', ');
}

export function soonestFirst<T extends { startsAt: Instant }>(items: T[]): T[] {
  return [...items].sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime());
}

/**
 * For a text that lists things: lists as many as fit in one SMS, dropping from the end of the list, and
 * lets the builder say how many it left out ("and 3 more").
 */
export function fitSms(total: number, build: (shown: number, hidden: number) => string): string {
  for (let shown = total; shown >= 1; shown -= 1) {
    const text = build(shown, total - shown);
    if (smsCharacterCount(text) <= SMS_MAX_CHARACTERS) return text;
  }
  throw new RangeError('The message does not fit in one SMS even with a single item listed');
}

export type SmsLine = string | null | undefined | false | { optional: string | null | undefined };

/**
 * Joins the lines of an SMS. Lines marked optional (a phone number where the link already does the job)
 * are left out, last first, only when the text would otherwise be too long for Notify.
 */
export function smsFromLines(lines: SmsLine[]): string {
  const kept = lines.filter((line): line is string | { optional: string } =>
    typeof line === 'string' ? line !== '' : Boolean(line && line.optional),
  );
  const join = (items: typeof kept) => items.map((line) => (typeof line === 'string' ? line : line.optional)).join('\n');
  let text = join(kept);
  for (let i = kept.length - 1; i >= 0 && smsCharacterCount(text) > SMS_MAX_CHARACTERS; i -= 1) {
    if (typeof kept[i] !== 'string') {
      kept.splice(i, 1);
      text = join(kept);
    }
  }
  return text;
}

export type LongFormBlock = string | { bullets: string[] } | null | undefined | false;

/** Email and letter bodies: Notify formats blank-line paragraphs and "* " bullets in personalisation. */
export function longForm(blocks: LongFormBlock[]): string {
  return blocks
    .filter((block): block is string | { bullets: string[] } => Boolean(block))
    .map((block) => (typeof block === 'string' ? block : block.bullets.map((item) => `* ${item}`).join('\n')))
    .join('\n\n');
}

export function contactSentence(contactPhone: string | null | undefined, lead = 'If you have any questions, call'): string | null {
  if (!contactPhone || contactPhone.trim() === '') return null;
  return `${lead} ${clampText(contactPhone, FIELD_LIMITS.contactPhone)}.`;
}

/** Last step of every wording: strip NHS numbers and refuse an SMS Notify would refuse. */
export function finishMessage(message: MessageText): MessageText {
  const finished: MessageText = {
    sms: redactNhsNumbers(message.sms),
    emailSubject: redactNhsNumbers(message.emailSubject),
    emailBody: redactNhsNumbers(message.emailBody),
    letterBody: redactNhsNumbers(message.letterBody),
  };
  const length = smsCharacterCount(finished.sms);
  if (length > SMS_MAX_CHARACTERS) throw new RangeError(`SMS is ${length} characters; Notify allows ${SMS_MAX_CHARACTERS}`);
  return finished;
}
