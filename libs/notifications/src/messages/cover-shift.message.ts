import { formatLondonPeriod, Instant } from '@app/core';
import { clampText, FIELD_LIMITS, finishMessage, longForm, MessageText, publicLink, smsFromLines, StaffMessageBase } from './message-text';

export interface CoverShiftDetails {
  startsAt: Instant;
  endsAt: Instant;
  department: string;
  site: string;
}

export interface CoverShiftPersonalisation extends StaffMessageBase {
  shift: CoverShiftDetails;
  /** Token of the consultant's calendar feed (`/api/v1/cover/:token/calendar.ics`). */
  calendarToken?: string | null;
}

export function coverCalendarLink(publicBaseUrl: string, calendarToken: string): string {
  return publicLink(publicBaseUrl, 'api/v1/cover', calendarToken, '/calendar.ics');
}

export function describeCoverShift(shift: CoverShiftDetails): string[] {
  return [
    `${clampText(shift.department, FIELD_LIMITS.department)}, ${clampText(shift.site, FIELD_LIMITS.place)}`,
    formatLondonPeriod(shift.startsAt, shift.endsAt),
  ];
}

/** Confirms a cover shift the consultant consented to; cover is extra-contractual, so it thanks them. */
export function coverShiftMessage(personalisation: CoverShiftPersonalisation, publicBaseUrl: string): MessageText {
  const name = clampText(personalisation.givenName, FIELD_LIMITS.givenName);
  const trust = clampText(personalisation.trustName, FIELD_LIMITS.trustName);
  const shift = describeCoverShift(personalisation.shift);
  const calendar = personalisation.calendarToken
    ? `Add your cover shifts to your calendar: ${coverCalendarLink(publicBaseUrl, personalisation.calendarToken)}`
    : null;
  const cannotWork = personalisation.contactPhone
    ? `If you can no longer work this shift, call ${clampText(personalisation.contactPhone, FIELD_LIMITS.contactPhone)} as soon as possible.`
    : 'If you can no longer work this shift, tell the strike planning team as soon as possible.';
  const intro = `thank you for agreeing to provide cover for ${trust} during industrial action. You are booked for`;

  const sms = smsFromLines([`Dear ${name}, ${intro}:`, ...shift, calendar, cannotWork]);
  const body = longForm([
    `Dear ${name},`,
    `Thank you for agreeing to provide cover for ${trust} during industrial action. You are booked for:`,
    { bullets: shift },
    calendar,
    cannotWork,
  ]);

  return finishMessage({
    sms,
    emailSubject: `Your cover shift: ${formatLondonPeriod(personalisation.shift.startsAt, personalisation.shift.endsAt)}`,
    emailBody: body,
    letterBody: body,
  });
}
