import { MessageText } from './message-text';
import { RECALL_EMAIL_SUBJECT, RecallPersonalisation, recallWording } from './recall.message';

export type RecallReminderPersonalisation = RecallPersonalisation;

/** Sent only to those who have not answered; everyone who answered has stopped getting messages. */
export function recallReminderMessage(personalisation: RecallReminderPersonalisation, publicBaseUrl: string): MessageText {
  return recallWording(
    personalisation,
    publicBaseUrl,
    (name) => `URGENT REMINDER. Dear ${name}, we have not had your answer.`,
    `Reminder - ${RECALL_EMAIL_SUBJECT[personalisation.reason]}`,
  );
}
