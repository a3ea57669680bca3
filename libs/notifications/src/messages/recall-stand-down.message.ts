import { clampText, contactSentence, FIELD_LIMITS, finishMessage, fitSms, longForm, MessageText, StaffMessageBase } from './message-text';
import { exerciseFirst, RecallReason, sitesPhrase } from './recall.message';

export interface RecallStandDownPersonalisation extends StaffMessageBase {
  sites: string[];
  reason: RecallReason;
  /** Fill count: enough colleagues are coming for the group this person was asked from; the incident goes on. */
  standBy?: boolean;
  /** A drill: the message says so before anything else. */
  exercise?: boolean;
}

/**
 * Goes to everyone recalled, whatever they answered, so nobody travels in for nothing. The stand-by
 * variant goes to those of a filled need's group who have not answered: the incident is not over, so
 * they are asked to stay ready rather than told it has ended.
 */
export function recallStandDownMessage(personalisation: RecallStandDownPersonalisation, _publicBaseUrl: string): MessageText {
  const name = clampText(personalisation.givenName, FIELD_LIMITS.givenName);
  const trust = clampText(personalisation.trustName, FIELD_LIMITS.trustName);
  const situation = (sites: string) =>
    personalisation.standBy
      ? `Thank you: enough colleagues are coming in to ${trust} at ${sites}. You do not need to come in now; please stand by in case we ask again.`
      : personalisation.reason === 'major-incident'
        ? `${trust} has stood down the major incident at ${sites}. You no longer need to return to work.`
        : `${trust} no longer needs you to return to work at ${sites}.`;
  const onSite = personalisation.standBy ? 'If you are already on your way or at work, check with the person in charge.' : 'If you are already at work, check with the person in charge before you leave. Thank you.';
  const contact = contactSentence(personalisation.contactPhone);
  const sites = personalisation.sites;
  const greeting = exerciseFirst(personalisation.exercise, `Dear ${name},`);

  const sms = fitSms(sites.length, (shown) => [`${greeting} ${situation(sitesPhrase(sites, shown))}`, onSite, contact].filter(Boolean).join('\n'));
  const body = longForm([greeting, situation(sitesPhrase(sites)), onSite, contact]);
  const subject = personalisation.standBy
    ? 'Enough colleagues are coming in: please stand by'
    : personalisation.reason === 'major-incident'
      ? 'Major incident stood down: you no longer need to return to work'
      : 'Recall stood down: you no longer need to return to work';

  return finishMessage({ sms, emailSubject: personalisation.exercise ? `EXERCISE - ${subject}` : subject, emailBody: body, letterBody: body });
}
