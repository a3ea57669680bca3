import { formatLondonDate, Instant } from '@app/core';
import {
  AppointmentDetails,
  clampText,
  contactSentence,
  describeAppointment,
  FIELD_LIMITS,
  finishMessage,
  longForm,
  MessageText,
  PATIENT_WORDING,
  PatientMessageBase,
  publicLink,
  smsFromLines,
} from './message-text';

export interface RebookingOfferPersonalisation extends PatientMessageBase {
  /** The new booking: the slot is already held for the patient. */
  appointment: AppointmentDetails;
  /** Opaque token of the patient's link (`/r/:token`). */
  linkToken: string;
  /**
   * The new date is less than 3 weeks away, so the patient may turn it down without penalty; the
   * service decides, as it knows when the offer is sent.
   */
  shortNotice: boolean;
  respondBy?: Instant | null;
}

export function rebookingOfferLink(publicBaseUrl: string, linkToken: string): string {
  return publicLink(publicBaseUrl, 'r', linkToken);
}

/** Offers the new date, with one link to confirm it or ask for another. */
export function rebookingOfferMessage(personalisation: RebookingOfferPersonalisation, publicBaseUrl: string): MessageText {
  const name = clampText(personalisation.givenName, FIELD_LIMITS.givenName);
  const trust = clampText(personalisation.trustName, FIELD_LIMITS.trustName);
  const appointment = describeAppointment(personalisation.appointment);
  const link = rebookingOfferLink(publicBaseUrl, personalisation.linkToken);
  const respondBy = personalisation.respondBy ? `Please reply by ${formatLondonDate(personalisation.respondBy)}.` : null;
  const shortNotice = personalisation.shortNotice
    ? 'As this is less than 3 weeks away, you can ask for another date without losing your place on the waiting list.'
    : null;
  const attend = 'Please attend this appointment unless you ask for another date or we tell you otherwise.';
  const contact = contactSentence(personalisation.contactPhone);
  const intro = `${trust} has booked you a new appointment to replace one postponed by industrial action`;

  const sms = smsFromLines([
    `Dear ${name}, ${intro}:`,
    appointment,
    `Confirm it or ask for another date: ${link}`,
    respondBy,
    shortNotice,
    attend,
    { optional: contact },
    PATIENT_WORDING.urgentHelpSms,
  ]);

  const body = (linkLine: string, urgentHelp: string) =>
    longForm([`Dear ${name},`, `${intro}:`, { bullets: [appointment] }, linkLine, respondBy, shortNotice, attend, contact, urgentHelp]);

  return finishMessage({
    sms,
    emailSubject: 'Your new hospital appointment: please confirm',
    emailBody: body(`Confirm this appointment, or ask for another date: ${link}`, PATIENT_WORDING.urgentHelpLongForm),
    letterBody: body(`To confirm this appointment, or ask for another date, go to ${link}`, PATIENT_WORDING.urgentHelpLetter),
  });
}
