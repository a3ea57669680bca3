import { APP_CONFIG, AppConfig, Clock, decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '@app/core';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { timingSafeEqual, createHash } from 'node:crypto';
import { NotificationRecord, NotificationRepository } from './notification.repository';
import { NotificationError, NotificationErrorCode } from './notification.errors';
import { statusFromReceipt } from './notification-status';
import { parseDeliveryReceipt } from './operations/delivery-receipt';
import { estimateSendTimes, SendEstimate } from './operations/send-estimate';

@Injectable()
export class NotificationService {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(trustId: string, query: { status?: string; recipientType?: string; purpose?: string; walkoutId?: string; limit?: number; cursor?: string }): Promise<Page<NotificationRecord>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.notifications.list(trustId, { ...query, after: after ? [String(after[0]), String(after[1])] : null, limit: limit + 1 });
    return toPage(rows, limit, (n) => [n.createdAt.toISOString(), n.id], (n) => n);
  }

  async get(trustId: string, id: string): Promise<NotificationRecord> {
    const notification = await this.notifications.findById(trustId, id);
    if (!notification) throw new NotificationError(NotificationErrorCode.NotificationNotFound, 'Notification not found');
    return notification;
  }

  /** Constant-time comparison of the bearer token GOV.UK Notify was given for callbacks. */
  assertCallbackToken(authorization: string | undefined): void {
    const expected = this.config.notify.callbackToken;
    const given = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1] ?? '';
    const digest = (value: string) => createHash('sha256').update(value).digest();
    if (!expected || !timingSafeEqual(digest(given), digest(expected))) {
      throw new NotificationError(NotificationErrorCode.CallbackUnauthorised, 'Missing or wrong callback bearer token');
    }
  }

  /** Idempotent: a repeated or out-of-order receipt never moves a final status. */
  async applyDeliveryReceipt(body: unknown): Promise<{ updated: boolean }> {
    const parsed = parseDeliveryReceipt(body);
    if ('problems' in parsed) throw new NotificationError(NotificationErrorCode.InvalidReceipt, 'Not a GOV.UK Notify delivery receipt', parsed.problems);
    const status = statusFromReceipt(parsed.receipt.status);
    if (!status) return { updated: false };
    const updated = await this.notifications.applyReceipt(parsed.receipt.reference, status, parsed.receipt.providerId, parsed.receipt.completedAt);
    if (updated) this.logger.log({ msg: 'delivery receipt applied', notificationId: parsed.receipt.reference, status });
    return { updated };
  }

  async estimate(trustId: string, walkoutId: string): Promise<SendEstimate> {
    if (!(await this.notifications.walkoutExists(trustId, walkoutId))) throw new NotificationError(NotificationErrorCode.NotificationNotFound, 'Walkout not found');
    const queued = await this.notifications.unsentWithPosition(trustId, walkoutId);
    return estimateSendTimes(queued, this.config.notify.ratePerMinute, this.clock.now());
  }
}
