/**
 * The wording lives here, in code, not in GOV.UK Notify. Each trust's Notify service needs only three
 * "generic" templates, one per channel, whose whole content is personalisation:
 *
 *   SMS     body: ((body))
 *   email   subject: ((subject))   body: ((body))
 *   letter  heading: ((subject))   body: ((body))   (Notify adds the address block from address_line_1..7)
 *
 * Why: the wording is reviewed, versioned and tested with the code (length, safety wording, no NHS
 * number), eight purposes × three channels × every trust would otherwise be 24 templates per trust to keep
 * in step by hand, and a wording change ships with a deploy instead of a Notify admin session.
 * Notify still formats what we put in `body`: blank lines make paragraphs and "* " lines bullets.
 * Turn off "Start all text messages with your service name": our texts name the trust themselves and the
 * prefix would count towards the 918 characters.
 */
import { CoverShiftCancelledPersonalisation, coverShiftCancelledMessage } from './cover-shift-cancelled.message';
import { CoverShiftPersonalisation, coverShiftMessage } from './cover-shift.message';
import { CoverRequestPersonalisation, coverRequestMessage } from './cover-request.message';
import { MessageText } from './message-text';
import { ParticipationDeclarationPersonalisation, participationDeclarationMessage } from './participation-declaration.message';
import { NotifyChannel, NotifyPurpose } from './notify-purpose';
import { RebookingConfirmedPersonalisation, rebookingConfirmedMessage } from './rebooking-confirmed.message';
import { RebookingOfferPersonalisation, rebookingOfferMessage } from './rebooking-offer.message';
import { RecallReminderPersonalisation, recallReminderMessage } from './recall-reminder.message';
import { RecallStandDownPersonalisation, recallStandDownMessage } from './recall-stand-down.message';
import { RecallPersonalisation, recallMessage } from './recall.message';
import { WalkoutPostponementPersonalisation, walkoutPostponementMessage } from './walkout-postponement.message';

export interface PersonalisationByPurpose {
  'walkout-postponement': WalkoutPostponementPersonalisation;
  'rebooking-offer': RebookingOfferPersonalisation;
  'rebooking-confirmed': RebookingConfirmedPersonalisation;
  'cover-shift': CoverShiftPersonalisation;
  'cover-shift-cancelled': CoverShiftCancelledPersonalisation;
  'cover-request': CoverRequestPersonalisation;
  recall: RecallPersonalisation;
  'recall-reminder': RecallReminderPersonalisation;
  'recall-stand-down': RecallStandDownPersonalisation;
  'participation-declaration': ParticipationDeclarationPersonalisation;
}

type MessageBuilder<P extends NotifyPurpose> = (personalisation: PersonalisationByPurpose[P], publicBaseUrl: string) => MessageText;

const MESSAGE_BUILDERS: { [P in NotifyPurpose]: MessageBuilder<P> } = {
  'walkout-postponement': walkoutPostponementMessage,
  'rebooking-offer': rebookingOfferMessage,
  'rebooking-confirmed': rebookingConfirmedMessage,
  'cover-shift': coverShiftMessage,
  'cover-shift-cancelled': coverShiftCancelledMessage,
  'cover-request': coverRequestMessage,
  recall: recallMessage,
  'recall-reminder': recallReminderMessage,
  'recall-stand-down': recallStandDownMessage,
  'participation-declaration': participationDeclarationMessage,
};

/** The personalisation to send with the channel's generic template. */
export type GenericTemplatePersonalisation = { body: string } | { subject: string; body: string };

/** All channels' wording for one purpose. */
export function composeMessage<P extends NotifyPurpose>(
  purpose: P,
  personalisation: PersonalisationByPurpose[P],
  publicBaseUrl: string,
): MessageText {
  const build = MESSAGE_BUILDERS[purpose] as MessageBuilder<P>;
  return build(personalisation, publicBaseUrl);
}

/**
 * What to pass as Notify `personalisation` for the generic template of `channel`. For a letter, add the
 * `address_line_*` fields from `chooseChannel` (dispatch/channel-fallback.ts) to this object.
 */
export function renderMessage<P extends NotifyPurpose>(
  purpose: P,
  channel: NotifyChannel,
  personalisation: PersonalisationByPurpose[P],
  publicBaseUrl: string,
): GenericTemplatePersonalisation {
  const message = composeMessage(purpose, personalisation, publicBaseUrl);
  switch (channel) {
    case 'sms':
      return { body: message.sms };
    case 'email':
      return { subject: message.emailSubject, body: message.emailBody };
    case 'letter':
      return { subject: message.emailSubject, body: message.letterBody };
  }
}
