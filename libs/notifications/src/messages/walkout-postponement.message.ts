import {
  AppointmentDetails,
  clampText,
  contactSentence,
  describeAppointment,
  FIELD_LIMITS,
  finishMessage,
  fitSms,
  longForm,
  MessageText,
  PATIENT_WORDING,
  PatientMessageBase,
  plural,
  soonestFirst,
} from './message-text';

export interface WalkoutPostponementPersonalisation extends PatientMessageBase {
  /** Every appointment of this patient postponed by the walkout; one notice covers them all. */
  appointments: AppointmentDetails[];
}

/**
 * Tells a patient that appointments are postponed. No link: there is nothing to answer yet; the
 * rebooking offer follows. The SMS lists the soonest appointments that fit and counts the rest.
 */
export function walkoutPostponementMessage(personalisation: WalkoutPostponementPersonalisation, _publicBaseUrl: string): MessageText {
  if (personalisation.appointments.length === 0) throw new RangeError('A postponement notice needs at least one appointment');
  const appointments = soonestFirst(personalisation.appointments).map(describeAppointment);
  const count = appointments.length;
  const name = clampText(personalisation.givenName, FIELD_LIMITS.givenName);
  const trust = clampText(personalisation.trustName, FIELD_LIMITS.trustName);
  const yourAppointments = plural(count, 'your appointment', 'these appointments');
  const intro = `Because of industrial action, ${trust} has postponed ${yourAppointments}`;
  const doNotGo =
    `Do not go to ${plural(count, 'this appointment', 'these appointments')}. ` +
    `We will contact you with ${plural(count, 'a new date', 'new dates')} as soon as we can.`;
  const contact = contactSentence(personalisation.contactPhone);

  const sms = fitSms(count, (shown, hidden) =>
    [
      `Dear ${name}, ${intro.charAt(0).toLowerCase()}${intro.slice(1)}:`,
      ...appointments.slice(0, shown).map((appointment) => `- ${appointment}`),
      ...(hidden > 0 ? [`- and ${hidden} more ${plural(hidden, 'appointment', 'appointments')}`] : []),
      doNotGo,
      PATIENT_WORDING.attendOtherAppointments,
      ...(contact ? [contact] : []),
      PATIENT_WORDING.urgentHelpSms,
    ].join('\n'),
  );

  const body = (urgentHelp: string) =>
    longForm([
      `Dear ${name},`,
      `${intro}:`,
      { bullets: appointments },
      doNotGo,
      PATIENT_WORDING.attendOtherAppointments,
      contact,
      urgentHelp,
      'We are sorry for the disruption.',
    ]);

  return finishMessage({
    sms,
    emailSubject: count === 1 ? 'Your hospital appointment has been postponed' : 'Your hospital appointments have been postponed',
    emailBody: body(PATIENT_WORDING.urgentHelpLongForm),
    letterBody: body(PATIENT_WORDING.urgentHelpLetter),
  });
}
