import {
  clampText,
  contactSentence,
  FIELD_LIMITS,
  finishMessage,
  fitSms,
  joinWithAnd,
  longForm,
  MessageText,
  plural,
  publicLink,
  StaffMessageBase,
} from './message-text';

/** A major incident, or a derogation: a recall for patient safety agreed with the union outside one. */
export const RECALL_REASONS = ['major-incident', 'derogation'] as const;
export type RecallReason = (typeof RECALL_REASONS)[number];

export interface RecallPersonalisation extends StaffMessageBase {
  sites: string[];
  /** Token of the staff member's recall link (`/s/:token`). */
  linkToken: string;
  reason: RecallReason;
  /**
   * Set when the message is sent, not when it is written: the Notify service sending it has an inbound
   * number, so the text says how to answer by replying (docs/domain.md "Replies by text").
   */
  replyBySms?: boolean;
  /** A drill: the message says so before anything else. */
  exercise?: boolean;
}

/** How a drill's message starts, so nobody mistakes an exercise for a real recall. */
export const EXERCISE_OPENING = 'EXERCISE EXERCISE EXERCISE. This is a drill, not a real incident.';

/** Puts the exercise opening first (texts, email bodies and letters) when the message is a drill's. */
export function exerciseFirst(exercise: boolean | undefined, text: string): string {
  return exercise ? `${EXERCISE_OPENING} ${text}` : text;
}

/** The line recall texts carry where the sending Notify service has an inbound number. */
export const RECALL_REPLY_INSTRUCTION = 'Reply YES and minutes to arrival, e.g. YES 20, or NO';

export function recallLink(publicBaseUrl: string, linkToken: string): string {
  return publicLink(publicBaseUrl, 's', linkToken);
}

/** "A, B and 2 other sites": as many site names as the caller chose to show, the rest counted. */
export function sitesPhrase(sites: string[], shown = sites.length): string {
  if (sites.length === 0) throw new RangeError('A recall names at least one site');
  const names = sites.slice(0, shown).map((site) => clampText(site, FIELD_LIMITS.place));
  const hidden = sites.length - names.length;
  return joinWithAnd(hidden > 0 ? [...names, `${hidden} other ${plural(hidden, 'site', 'sites')}`] : names);
}

export function recallSituation(reason: RecallReason, trustName: string, sites: string): string {
  const trust = clampText(trustName, FIELD_LIMITS.trustName);
  return reason === 'major-incident'
    ? `${trust} has declared a major incident at ${sites}. As agreed with your union, staff taking part in industrial action are asked to return to work now.`
    : `${trust} needs staff taking part in industrial action to return to work at ${sites} to keep patients safe. Your union has agreed to this recall.`;
}

export const RECALL_EMAIL_SUBJECT: Record<RecallReason, string> = {
  'major-incident': 'URGENT: major incident - can you return to work?',
  derogation: 'URGENT: can you return to work to keep patients safe?',
};

/**
 * The wording shared by the first recall and its reminder, which differ only in how they open.
 * `opening` starts the SMS ("URGENT. Dear Sam,") and the first paragraph of the email and letter.
 */
export function recallWording(personalisation: RecallPersonalisation, publicBaseUrl: string, opening: (name: string) => string, subject: string): MessageText {
  const name = clampText(personalisation.givenName, FIELD_LIMITS.givenName);
  const link = recallLink(publicBaseUrl, personalisation.linkToken);
  const respond = `Tell us now if you are coming and when you will arrive, or that you cannot: ${link}`;
  const contact = contactSentence(personalisation.contactPhone, 'If you cannot use the link, call');
  const sites = personalisation.sites;

  const reply = personalisation.replyBySms ? `${RECALL_REPLY_INSTRUCTION}.` : null;
  const first = exerciseFirst(personalisation.exercise, opening(name));
  const sms = fitSms(sites.length, (shown) =>
    [`${first} ${recallSituation(personalisation.reason, personalisation.trustName, sitesPhrase(sites, shown))}`, respond, reply, contact]
      .filter(Boolean)
      .join('\n'),
  );
  const body = longForm([first, recallSituation(personalisation.reason, personalisation.trustName, sitesPhrase(sites)), respond, contact]);

  return finishMessage({ sms, emailSubject: personalisation.exercise ? `EXERCISE - ${subject}` : subject, emailBody: body, letterBody: body });
}

/** Recall messages pre-empt every other message; they ask for one answer through the link. */
export function recallMessage(personalisation: RecallPersonalisation, publicBaseUrl: string): MessageText {
  return recallWording(personalisation, publicBaseUrl, (name) => `URGENT. Dear ${name},`, RECALL_EMAIL_SUBJECT[personalisation.reason]);
}
