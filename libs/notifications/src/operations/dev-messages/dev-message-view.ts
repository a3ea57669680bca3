import { formatLondonDateTime } from '@app/core';
import { NotifyPurpose } from '../../messages/notify-purpose';
import { RecipientType } from '../../notifications/notification-status';
import { DevMessage } from './dev-message-store';

export interface DevMessageOrigin {
  trustId: string;
  purpose: NotifyPurpose;
  recipientType: RecipientType;
}

export interface DevMessageLink {
  /** As written in the message. */
  text: string;
  /** Links to this service open on the host the viewer is on, whatever PUBLIC_BASE_URL says. */
  href: string;
  /** A patient offer (`/r/…`) or staff recall (`/s/…`) page of this service. */
  kind: 'patient-offer' | 'staff-recall' | 'this-service' | 'elsewhere';
}

export interface DevMessageView {
  id: string;
  href: string;
  channel: string;
  to: string;
  subject: string | null;
  body: string;
  /** The first line of the body, shortened, for the list. */
  preview: string;
  sentAt: string;
  purpose: string;
  recipient: string;
  links: DevMessageLink[];
}

const CHANNEL_NAMES = { sms: 'Text message', email: 'Email', letter: 'Letter' } as const;
const URL_IN_TEXT = /https?:\/\/[^\s<>"')]+/g;

/** The links in a message's wording, so a newcomer can open a patient's or staff member's page (pure). */
export function linksIn(body: string, publicBaseUrl: string): DevMessageLink[] {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const links: DevMessageLink[] = [];
  for (const [match] of body.matchAll(URL_IN_TEXT)) {
    const text = match.replace(/[.,;:]+$/, '');
    if (links.some((link) => link.text === text)) continue;
    if (text === base || text.startsWith(`${base}/`)) {
      const path = text.slice(base.length) || '/';
      const kind = path.startsWith('/r/') ? 'patient-offer' : path.startsWith('/s/') ? 'staff-recall' : 'this-service';
      links.push({ text, href: path, kind });
    } else {
      links.push({ text, href: text, kind: 'elsewhere' });
    }
  }
  return links;
}

export function toDevMessageView(message: DevMessage, origin: DevMessageOrigin | null, publicBaseUrl: string): DevMessageView {
  const firstLine = message.body.split('\n').find((line) => line.trim() !== '') ?? '';
  return {
    id: message.id,
    href: `/console/dev/messages/${message.id}`,
    channel: CHANNEL_NAMES[message.channel] ?? message.channel,
    to: message.to,
    subject: message.subject,
    body: message.body,
    preview: firstLine.length > 90 ? `${firstLine.slice(0, 89)}…` : firstLine,
    sentAt: formatLondonDateTime(message.sentAt),
    purpose: origin?.purpose ?? 'unknown',
    recipient: origin?.recipientType === 'staff' ? 'Staff member' : origin?.recipientType === 'patient' ? 'Patient' : 'Unknown',
    links: linksIn(message.body, publicBaseUrl),
  };
}
