/** Why a message is sent; each purpose has one wording (see render-message.ts). */
export const NOTIFY_PURPOSES = [
  'walkout-postponement',
  'rebooking-offer',
  'rebooking-confirmed',
  'cover-shift',
  'cover-shift-cancelled',
  'cover-request',
  'recall',
  'recall-reminder',
  'recall-stand-down',
  'participation-declaration',
] as const;
export type NotifyPurpose = (typeof NOTIFY_PURPOSES)[number];

export const NOTIFY_CHANNELS = ['sms', 'email', 'letter'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

export function isNotifyPurpose(value: unknown): value is NotifyPurpose {
  return typeof value === 'string' && (NOTIFY_PURPOSES as readonly string[]).includes(value);
}
