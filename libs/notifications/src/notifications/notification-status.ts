import { NotifyPurpose } from '../messages/notify-purpose';

export const NOTIFICATION_STATUSES = [
  'pending',
  'queued',
  'sending',
  'sent',
  'delivered',
  'temporary-failure',
  'permanent-failure',
  'technical-failure',
  'cancelled',
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Nothing moves a notification out of these: a late or repeated receipt cannot undo a delivery. */
export const FINAL_STATUSES: ReadonlySet<NotificationStatus> = new Set(['delivered', 'temporary-failure', 'permanent-failure', 'technical-failure', 'cancelled']);

/** Not yet handed to the provider: what the relay, the dispatcher and the send-time estimate work on. */
export const UNSENT_STATUSES: readonly NotificationStatus[] = ['pending', 'queued', 'sending'];

export type NotificationLane = 'staff-alert' | 'notice';
export type RecipientType = 'patient' | 'staff';

const STAFF_ALERT_PURPOSES: ReadonlySet<NotifyPurpose> = new Set(['recall', 'recall-reminder', 'recall-stand-down']);

/** Recall traffic has its own lane, always served first (docs/decisions/0002-two-send-lanes.md: recall messages pre-empt everything). */
export function laneOf(purpose: NotifyPurpose): NotificationLane {
  return STAFF_ALERT_PURPOSES.has(purpose) ? 'staff-alert' : 'notice';
}

/**
 * Notify's delivery-receipt statuses mapped to ours. `created` and `sending` mean "Notify has it" — we
 * already record that as `sent` — so they change nothing.
 */
export function statusFromReceipt(notifyStatus: string): NotificationStatus | null {
  switch (notifyStatus) {
    case 'delivered':
    case 'permanent-failure':
    case 'temporary-failure':
    case 'technical-failure':
      return notifyStatus;
    default:
      return null;
  }
}

/**
 * Kinds of record a notification can name as its source (`notification.source_type`, whose CHECK lists
 * the same values): their owners read the delivery state of their messages through NotificationDeliveries.
 */
export const NOTIFICATION_SOURCE_TYPES = ['recall', 'participation-declaration'] as const;
export type NotificationSourceType = (typeof NOTIFICATION_SOURCE_TYPES)[number];
