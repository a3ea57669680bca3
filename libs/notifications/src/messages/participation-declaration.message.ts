import { formatLondonDate, formatLondonDateTime } from '@app/core';
import { clampText, contactSentence, FIELD_LIMITS, finishMessage, longForm, MessageText, publicLink, smsFromLines, StaffMessageBase } from './message-text';

/** The evening-before question for one walkout day (docs/domain.md, "Daily declarations"). */
export interface ParticipationDeclarationPersonalisation extends StaffMessageBase {
  /** The walkout day's start and end (ISO instants). */
  dayStartsAt: string;
  dayEndsAt: string;
  /** Token of the declaration link (`/d/:token`). */
  linkToken: string;
  /** Set when the message is sent: the sending Notify service has an inbound number, so the text can be answered by reply. */
  replyBySms?: boolean;
}

export function declarationLink(publicBaseUrl: string, linkToken: string): string {
  return publicLink(publicBaseUrl, 'd', linkToken);
}

/**
 * Asks whether the person is taking part in the walkout that day. A text can be answered by replying
 * YES or NO where the trust's Notify service has an inbound number; the link works everywhere.
 */
export function participationDeclarationMessage(personalisation: ParticipationDeclarationPersonalisation, publicBaseUrl: string): MessageText {
  const name = clampText(personalisation.givenName, FIELD_LIMITS.givenName);
  const trust = clampText(personalisation.trustName, FIELD_LIMITS.trustName);
  const day = formatLondonDate(new Date(personalisation.dayStartsAt));
  const period = `${formatLondonDateTime(new Date(personalisation.dayStartsAt))} to ${formatLondonDateTime(new Date(personalisation.dayEndsAt))}`;
  const link = declarationLink(publicBaseUrl, personalisation.linkToken);
  const question = `${trust} asks everyone called out in the industrial action: are you taking part on ${day}?`;
  const answer = `Tell us here: ${link}`;
  const reply = personalisation.replyBySms ? 'Or reply YES if you are taking part, or NO if you are working.' : null;
  const why = 'Your answer helps plan safe cover and is reported to NHS England as a count. It does not change your right to take part.';
  const contact = contactSentence(personalisation.contactPhone);

  const sms = smsFromLines([`Dear ${name}, ${question}`, answer, reply, contact]);
  const body = longForm([`Dear ${name},`, question, `The day of action runs from ${period}.`, answer, why, contact]);
  return finishMessage({ sms, emailSubject: `Are you taking part in industrial action on ${day}?`, emailBody: body, letterBody: body });
}
