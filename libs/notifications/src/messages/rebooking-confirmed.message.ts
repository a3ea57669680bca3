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
  smsFromLines,
} from './message-text';
import { rebookingOfferLink } from './rebooking-offer.message';

export interface RebookingConfirmedPersonalisation extends PatientMessageBase {
  appointment: AppointmentDetails;
  /** When the patient's link still works, the message points to it for changes. */
  linkToken?: string | null;
}

export function rebookingConfirmedMessage(personalisation: RebookingConfirmedPersonalisation, publicBaseUrl: string): MessageText {
  const name = clampText(personalisation.givenName, FIELD_LIMITS.givenName);
  const trust = clampText(personalisation.trustName, FIELD_LIMITS.trustName);
  const appointment = describeAppointment(personalisation.appointment);
  const link = personalisation.linkToken ? rebookingOfferLink(publicBaseUrl, personalisation.linkToken) : null;
  const change = link ? `If you need to change it: ${link}` : null;
  const contact = contactSentence(personalisation.contactPhone);
  const intro = `thank you for confirming your appointment with ${trust}`;

  const sms = smsFromLines([
    `Dear ${name}, ${intro}:`,
    appointment,
    PATIENT_WORDING.attendThisAppointment,
    change,
    { optional: contact },
    PATIENT_WORDING.urgentHelpSms,
  ]);

  const body = (urgentHelp: string) =>
    longForm([
      `Dear ${name},`,
      `Thank you for confirming your appointment with ${trust}:`,
      { bullets: [appointment] },
      PATIENT_WORDING.attendThisAppointment,
      change,
      contact,
      urgentHelp,
    ]);

  return finishMessage({
    sms,
    emailSubject: 'Your hospital appointment is confirmed',
    emailBody: body(PATIENT_WORDING.urgentHelpLongForm),
    letterBody: body(PATIENT_WORDING.urgentHelpLetter),
  });
}
