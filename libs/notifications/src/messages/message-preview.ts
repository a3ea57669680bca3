/**
 * A message's wording as the trust's admins may read it in the API: what the recipient gets on each
 * channel (the channel is chosen only when it is sent). Before sending it includes the real links;
 * once sent the stored link tokens are gone (only the recipient holds them), so the wording shows a
 * placeholder where the link was.
 */
import { composeMessage, PersonalisationByPurpose } from './render-message';
import { NotifyPurpose } from './notify-purpose';

export interface MessagePreview {
  sms: string;
  email: { subject: string; body: string };
  letter: { subject: string; body: string };
  /** The message has been sent: its links were removed from what we keep. */
  linksRemoved: boolean;
}

export const REMOVED_LINK_TOKEN = 'link-removed-after-sending';

const TOKEN_FIELD: Partial<Record<NotifyPurpose, 'linkToken' | 'calendarToken'>> = {
  recall: 'linkToken',
  'recall-reminder': 'linkToken',
  'rebooking-offer': 'linkToken',
  'cover-shift': 'calendarToken',
  'cover-request': 'linkToken',
  'participation-declaration': 'linkToken',
};

export function previewMessage(purpose: NotifyPurpose, personalisation: Record<string, unknown>, publicBaseUrl: string, unsent: boolean): MessagePreview | null {
  const field = TOKEN_FIELD[purpose];
  const linksRemoved = !unsent && field !== undefined && !personalisation[field];
  const values = linksRemoved ? { ...personalisation, [field!]: REMOVED_LINK_TOKEN } : personalisation;
  try {
    const text = composeMessage(purpose, values as unknown as PersonalisationByPurpose[typeof purpose], publicBaseUrl);
    return { sms: text.sms, email: { subject: text.emailSubject, body: text.emailBody }, letter: { subject: text.emailSubject, body: text.letterBody }, linksRemoved };
  } catch {
    // Stored by an older version in a shape the wording no longer takes: nothing to show rather than a 500.
    return null;
  }
}
