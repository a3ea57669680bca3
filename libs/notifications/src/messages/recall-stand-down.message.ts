import { clampText, contactSentence, FIELD_LIMITS, finishMessage, fitSms, longForm, MessageText, StaffMessageBase } from './message-text';
import { RecallReason, sitesPhrase } from './recall.message';

export interface RecallStandDownPersonalisation extends StaffMessageBase {
  sites: string[];
  reason: RecallReason;
}

/** Goes to everyone recalled, whatever they answered, so nobody travels in for nothing. */
export function recallStandDownMessage(personalisation: RecallStandDownPersonalisation, _publicBaseUrl: string): MessageText {
  const name = clampText(personalisation.givenName, FIELD_LIMITS.givenName);
  const trust = clampText(personalisation.trustName, FIELD_LIMITS.trustName);
  const situation = (sites: string) =>
    personalisation.reason === 'major-incident'
      ? `${trust} has stood down the major incident at ${sites}. You no longer need to return to work.`
      : `${trust} no longer needs you to return to work at ${sites}.`;
  const onSite = 'If you are already at work, check with the person in charge before you leave. Thank you.';
  const contact = contactSentence(personalisation.contactPhone);
  const sites = personalisation.sites;

  const sms = fitSms(sites.length, (shown) =>
    [`Dear ${name}, ${situation(sitesPhrase(sites, shown))}`, onSite, contact].filter(Boolean).join('\n'),
  );
  const body = longForm([`Dear ${name},`, situation(sitesPhrase(sites)), onSite, contact]);

  return finishMessage({
    sms,
    emailSubject:
      personalisation.reason === 'major-incident'
        ? 'Major incident stood down: you no longer need to return to work'
        : 'Recall stood down: you no longer need to return to work',
    emailBody: body,
    letterBody: body,
  });
}
