import { formatLondonDateTime, Instant } from '@app/core';
import { CoverShiftDetails, describeCoverShift } from './cover-shift.message';
import { clampText, contactSentence, FIELD_LIMITS, finishMessage, fitSms, longForm, MessageText, plural, publicLink, StaffMessageBase } from './message-text';

export interface CoverRequestPersonalisation extends StaffMessageBase {
  /** The shifts asked of the consultant, soonest first. */
  shifts: CoverShiftDetails[];
  /** Token of the consultant's cover request link (`/c/:token`). */
  linkToken: string;
  /** When the request lapses if unanswered. */
  respondBy: Instant;
  /** The trust's Notify service has an inbound number: the text says a YES or NO reply also answers. */
  replyByText?: boolean;
}

export function coverRequestLink(publicBaseUrl: string, linkToken: string): string {
  return publicLink(publicBaseUrl, 'c', linkToken);
}

/**
 * Asks a consultant to cover (cover is extra-contractual: nothing is booked until they agree). Lists the
 * shifts, as many as fit in one text, and links to the page where they accept or decline each.
 */
export function coverRequestMessage(personalisation: CoverRequestPersonalisation, publicBaseUrl: string): MessageText {
  const name = clampText(personalisation.givenName, FIELD_LIMITS.givenName);
  const trust = clampText(personalisation.trustName, FIELD_LIMITS.trustName);
  const shifts = personalisation.shifts;
  if (shifts.length === 0) throw new RangeError('A cover request asks for at least one shift');
  const link = coverRequestLink(publicBaseUrl, personalisation.linkToken);
  const count = `${shifts.length} consultant cover ${plural(shifts.length, 'shift', 'shifts')}`;
  const ask = `${trust} is asking if you can work ${count} during industrial action. Nothing is booked until you agree.`;
  const answer = `Accept or decline by ${formatLondonDateTime(personalisation.respondBy)}: ${link}`;
  const reply = personalisation.replyByText ? 'Or reply YES to accept all, or NO to decline all.' : null;
  const contact = contactSentence(personalisation.contactPhone, 'If you have questions, call');
  const line = (shift: CoverShiftDetails) => describeCoverShift(shift).join(', ');

  const sms = fitSms(shifts.length, (shown, hidden) =>
    [`Dear ${name}, ${ask}`, ...shifts.slice(0, shown).map(line), hidden > 0 ? `and ${hidden} more (see the link)` : null, answer, reply, contact].filter(Boolean).join('\n'),
  );
  const body = longForm([`Dear ${name},`, ask, { bullets: shifts.map(line) }, answer, reply, contact]);
  return finishMessage({ sms, emailSubject: `Can you provide cover? ${count}`, emailBody: body, letterBody: body });
}
