import { formatLondonDate } from '@app/core';
import { CoverShiftDetails, describeCoverShift } from './cover-shift.message';
import { clampText, contactSentence, FIELD_LIMITS, finishMessage, longForm, MessageText, smsFromLines, StaffMessageBase } from './message-text';

export const COVER_SHIFT_CANCELLATION_REASONS = ['walkout-called-off', 'cover-no-longer-needed'] as const;
export type CoverShiftCancellationReason = (typeof COVER_SHIFT_CANCELLATION_REASONS)[number];

export interface CoverShiftCancelledPersonalisation extends StaffMessageBase {
  shift: CoverShiftDetails;
  reason: CoverShiftCancellationReason;
}

const BECAUSE: Record<CoverShiftCancellationReason, string> = {
  'walkout-called-off': 'because the industrial action has been called off',
  'cover-no-longer-needed': 'because the cover is no longer needed',
};

export function coverShiftCancelledMessage(personalisation: CoverShiftCancelledPersonalisation, _publicBaseUrl: string): MessageText {
  const name = clampText(personalisation.givenName, FIELD_LIMITS.givenName);
  const trust = clampText(personalisation.trustName, FIELD_LIMITS.trustName);
  const shift = describeCoverShift(personalisation.shift);
  const intro = `${trust} has cancelled your cover shift ${BECAUSE[personalisation.reason]}`;
  const doNotWork = 'You do not need to work this shift. Thank you for offering to cover.';
  const contact = contactSentence(personalisation.contactPhone);

  const sms = smsFromLines([`Dear ${name}, ${intro}:`, ...shift, doNotWork, contact]);
  const body = longForm([`Dear ${name},`, `${intro}:`, { bullets: shift }, doNotWork, contact]);

  return finishMessage({
    sms,
    emailSubject: `Cover shift cancelled: ${formatLondonDate(personalisation.shift.startsAt)}`,
    emailBody: body,
    letterBody: body,
  });
}
