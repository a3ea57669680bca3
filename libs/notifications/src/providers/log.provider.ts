import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DevMessage, DevMessageStore } from '../operations/dev-messages/dev-message-store';
import { NotificationProvider, OutgoingMessage } from './notification-provider';

/**
 * Development provider: nothing leaves the machine. The log line has ids and the channel only (no
 * personal data); outside production the whole message is also kept for the development message
 * viewer (`/console/dev/messages`), so its links can be tried.
 */
export class LogProvider implements NotificationProvider {
  private readonly logger = new Logger('LogProvider');
  private readonly sent = new Map<string, string>();

  constructor(private readonly viewerStore: DevMessageStore | null = null) {}

  async send(message: OutgoingMessage): Promise<{ providerId: string }> {
    const providerId = this.sent.get(message.reference) ?? `log-${randomUUID()}`;
    this.sent.set(message.reference, providerId);
    this.logger.log({ msg: 'notification sent (log provider)', notificationId: message.reference, channel: message.channel });
    if (this.viewerStore) {
      // The viewer is a convenience: a Redis hiccup must not turn a "sent" message into a failed send.
      await this.viewerStore.record(toDevMessage(message)).catch((error: Error) => this.logger.warn({ msg: 'development message viewer: not recorded', notificationId: message.reference, error: error.message }));
    }
    return { providerId };
  }

  async findByReference(reference: string): Promise<{ providerId: string } | null> {
    const providerId = this.sent.get(reference);
    return providerId ? { providerId } : null;
  }
}

function toDevMessage(message: OutgoingMessage): DevMessage {
  const to = typeof message.to === 'string' ? message.to : Object.values(message.to).filter(Boolean).join(', ');
  return {
    id: message.reference,
    channel: message.channel,
    to,
    subject: 'subject' in message.personalisation ? message.personalisation.subject : null,
    body: message.personalisation.body,
    sentAt: new Date().toISOString(),
  };
}
