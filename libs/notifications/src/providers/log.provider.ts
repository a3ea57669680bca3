import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { NotificationProvider, OutgoingMessage } from './notification-provider';

/** Development provider: records that a message would go, by id and channel only (no personal data). */
export class LogProvider implements NotificationProvider {
  private readonly logger = new Logger('LogProvider');
  private readonly sent = new Map<string, string>();

  async send(message: OutgoingMessage): Promise<{ providerId: string }> {
    const providerId = this.sent.get(message.reference) ?? `log-${randomUUID()}`;
    this.sent.set(message.reference, providerId);
    this.logger.log({ msg: 'notification sent (log provider)', notificationId: message.reference, channel: message.channel });
    return { providerId };
  }

  async findByReference(reference: string): Promise<{ providerId: string } | null> {
    const providerId = this.sent.get(reference);
    return providerId ? { providerId } : null;
  }
}
