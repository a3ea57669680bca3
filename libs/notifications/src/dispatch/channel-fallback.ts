import { normaliseUkMobile } from '@app/core';
/**
 * Picks how to reach one recipient: their preferred channel when its contact detail is usable, otherwise
 * SMS, then email, then letter. A recipient nobody can reach is a permanent failure whose reason tells the
 * trust what to fix; it names no contact detail, because reasons end up in logs and the admin screens.
 */
import { NotifyChannel } from '../messages/notify-purpose';

export interface PostalAddress {
  /** Street lines, town, county: everything but the postcode. May include the addressee's name. */
  lines: string[];
  postcode: string;
}

export interface MessageRecipient {
  preferredChannel?: NotifyChannel | null;
  mobile?: string | null;
  email?: string | null;
  address?: PostalAddress | null;
}

/** Notify's letter personalisation: at least 3 lines, at most 7, postcode last. */
export type NotifyLetterAddress = { address_line_1: string; address_line_2: string; address_line_3: string } & Partial<
  Record<'address_line_4' | 'address_line_5' | 'address_line_6' | 'address_line_7', string>
>;

export type ChannelChoice =
  | { channel: 'sms'; to: string }
  | { channel: 'email'; to: string }
  | { channel: 'letter'; to: NotifyLetterAddress };

export type ChannelFailure = { failure: string };

export const NO_CONTACT_DETAILS_REASON = 'no mobile, email or postal address with a postcode';

const NOTIFY_MAX_ADDRESS_LINES = 7;
const MIN_ADDRESS_LINES_BEFORE_POSTCODE = 2;
const FALLBACK_ORDER: readonly NotifyChannel[] = ['sms', 'email', 'letter'];

const EMAIL_LOCAL_PART = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
const HOSTNAME_LABEL = /^(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;

/** The same shape of check Notify makes, so an address we choose is one Notify will take. */
export function normaliseEmailAddress(raw: string): string | null {
  const email = raw.trim();
  if (email.length > 320 || /\s/.test(email)) return null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return null;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!EMAIL_LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => HOSTNAME_LABEL.test(label))) return null;
  if (!/^[a-zA-Z]{2,}$/.test(labels[labels.length - 1]) && !/^xn--/i.test(labels[labels.length - 1])) return null;
  return email;
}

const UK_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

/** Upper case with one space before the inward code, as Royal Mail prints it; null when not a postcode. */
export function normaliseUkPostcode(raw: string): string | null {
  const compact = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  if (compact.replace(' ', '') === 'GIR0AA') return 'GIR 0AA';
  const match = UK_POSTCODE.exec(compact);
  return match ? `${match[1]} ${match[2]}` : null;
}

/** Builds Notify's address_line_1..7, postcode last; extra lines are folded into the last street line. */
export function toNotifyLetterAddress(address: PostalAddress): NotifyLetterAddress | null {
  const postcode = normaliseUkPostcode(address.postcode);
  if (postcode === null) return null;
  let lines = address.lines.map((line) => line.trim().replace(/\s+/g, ' ')).filter((line) => line !== '');
  // Imports often repeat the postcode as the last line; it must appear once, at the end.
  if (lines.length > 0 && normaliseUkPostcode(lines[lines.length - 1]) === postcode) lines = lines.slice(0, -1);
  if (lines.length < MIN_ADDRESS_LINES_BEFORE_POSTCODE) return null;

  const maxStreetLines = NOTIFY_MAX_ADDRESS_LINES - 1;
  if (lines.length > maxStreetLines) {
    lines = [...lines.slice(0, maxStreetLines - 1), lines.slice(maxStreetLines - 1).join(', ')];
  }
  const all = [...lines, postcode];
  const result: Record<string, string> = {};
  all.forEach((line, index) => {
    result[`address_line_${index + 1}`] = line;
  });
  return result as NotifyLetterAddress;
}

function contactFor(channel: NotifyChannel, recipient: MessageRecipient): ChannelChoice | null {
  switch (channel) {
    case 'sms': {
      const to = recipient.mobile ? normaliseUkMobile(recipient.mobile) : null;
      return to === null ? null : { channel, to };
    }
    case 'email': {
      const to = recipient.email ? normaliseEmailAddress(recipient.email) : null;
      return to === null ? null : { channel, to };
    }
    case 'letter': {
      const to = recipient.address ? toNotifyLetterAddress(recipient.address) : null;
      return to === null ? null : { channel, to };
    }
  }
}

function failureReason(recipient: MessageRecipient): string {
  const problems: string[] = [];
  if (recipient.mobile) problems.push('the mobile number is not a UK mobile (07… or +447…)');
  if (recipient.email) problems.push('the email address is not valid');
  if (recipient.address) problems.push('the postal address needs at least 2 lines and a valid UK postcode');
  if (problems.length === 0) return NO_CONTACT_DETAILS_REASON;
  return `no usable contact details: ${problems.join('; ')}`;
}

/** `unavailable`: channels not to use now (e.g. the day's texts are used up), tried as if absent. */
export function chooseChannel(recipient: MessageRecipient, unavailable: ReadonlySet<NotifyChannel> = new Set()): ChannelChoice | ChannelFailure {
  const order = recipient.preferredChannel
    ? [recipient.preferredChannel, ...FALLBACK_ORDER.filter((channel) => channel !== recipient.preferredChannel)]
    : FALLBACK_ORDER;
  for (const channel of order) {
    if (unavailable.has(channel)) continue;
    const choice = contactFor(channel, recipient);
    if (choice) return choice;
  }
  return { failure: failureReason(recipient) };
}

export function isChannelFailure(result: ChannelChoice | ChannelFailure): result is ChannelFailure {
  return 'failure' in result;
}
