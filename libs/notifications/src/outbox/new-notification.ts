import { PersonalisationByPurpose } from '../messages/render-message';
import { NotifyPurpose } from '../messages/notify-purpose';
import { NotificationSourceType } from '../notifications/notification-status';

export type NotificationRecipient = { type: 'patient'; patientId: string } | { type: 'staff'; staffId: string };

/** What a feature asks to send. Created with the change that causes it, in the same transaction. */
export type NewNotification = {
  [P in NotifyPurpose]: {
    trustId: string;
    recipient: NotificationRecipient;
    purpose: P;
    personalisation: PersonalisationByPurpose[P];
    /** When sending becomes useless (e.g. the appointment time); soonest deadlines are sent first. */
    deadline?: Date | null;
    walkoutId?: string | null;
    /** The thing it is about (appointment, incident, assignment), for cancelling and reporting. */
    subjectId?: string | null;
    /** The record that caused it (a recall row), so its owner can ask for the delivery state of its messages. */
    source?: { type: NotificationSourceType; id: string } | null;
    /** Makes creation idempotent: a second notification with the same key is silently skipped. */
    dedupeKey?: string | null;
    /**
     * Waits this long before the relay may send it, so that a correction made in the meantime (a shift
     * removed, an incident re-declared) can withdraw it and nothing is sent at all.
     */
    holdForSeconds?: number;
  };
}[NotifyPurpose];
