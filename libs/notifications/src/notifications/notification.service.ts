import { APP_CONFIG, AppConfig, AuthUser, Clock, decodeCursor, DEFAULT_PAGE_SIZE, Page, Role, toPage, Transactions } from '@app/core';
import { WalkoutReads } from '@app/walkouts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { nextUtcMidnight, utcDay } from '../limits/notify-daily-limit';
import { NotifyDailyUsageRepository } from '../limits/notify-daily-usage.repository';
import { CallbackIdentity, NotifyServiceDirectory } from '../notify-services/notify-service-directory';
import { bearerOf } from '../notify-services/notify-service.rules';
import { MessagePreview, previewMessage } from '../messages/message-preview';
import { NotificationRecord, NotificationRepository } from './notification.repository';
import { NotificationError, NotificationErrorCode } from '../notifications.errors';
import { NotificationLane, NotificationStatus, RecipientType, statusFromReceipt, UNSENT_STATUSES } from './notification-status';
import { NotifyPurpose } from '../messages/notify-purpose';
import { parseDeliveryReceipt } from '../operations/delivery-receipt';
import { estimateSendTimes, estimateSmsCost, SendEstimate, SmsCostEstimate } from '../operations/send-estimate';
import { composeMessage } from '../messages/render-message';

/** The send estimate renders at most this many unsent texts to count their fragments (about a second's work). */
const ESTIMATE_RENDER_LIMIT = 20_000;

export interface LaneCounts {
  lane: NotificationLane;
  /** Waiting to go: pending or queued. */
  queued: number;
  /** Handed to GOV.UK Notify, no receipt yet. */
  sending: number;
  delivered: number;
  /** Temporary, permanent or technical failure: the people to reach another way. */
  failed: number;
}

const STATUS_BUCKET: Partial<Record<NotificationStatus, 'queued' | 'sending' | 'delivered' | 'failed'>> = {
  pending: 'queued',
  queued: 'queued',
  sending: 'sending',
  sent: 'sending',
  delivered: 'delivered',
  'temporary-failure': 'failed',
  'permanent-failure': 'failed',
  'technical-failure': 'failed',
};

/** What a page shows of a walkout's send estimate (see NotificationService.sendForecast). */
export interface SendForecast {
  unsent: number;
  held: number;
  ratePerMinute: number;
  lastExpectedAt: Date | null;
  atRiskTotal: number;
  /** The first of the notices that will miss their deadline, in send order, with who each goes to. */
  atRisk: { notificationId: string; recipientType: RecipientType; recipientId: string; deadline: Date; expectedAt: Date }[];
  dailyLimit: DailyLimitView;
}

export interface DailyLimitView {
  sendingService: string;
  channel: 'sms';
  limit: number;
  used: number;
  remaining: number;
  resetsAt: Date;
}

@Injectable()
export class NotificationService {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly transactions: Transactions,
    private readonly walkouts: WalkoutReads,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: NotifyServiceDirectory,
    private readonly dailyUsage: NotifyDailyUsageRepository,
  ) {}

  async list(trustId: string, query: { status?: string; recipientType?: string; purpose?: string; walkoutId?: string; limit?: number; cursor?: string }): Promise<Page<NotificationRecord>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.notifications.list(trustId, { ...query, after: after ? [String(after[0]), String(after[1])] : null, limit: limit + 1 });
    return toPage(rows, limit, (n) => [n.createdAt.toISOString(), n.id], (n) => n);
  }

  /**
   * One message; with its wording for the trust's admins (it is the trust's own message to its own
   * patient or staff member), never for viewers, whose role is to watch progress, not to read messages.
   */
  async get(trustId: string, id: string, user: AuthUser): Promise<{ notification: NotificationRecord; wording: MessagePreview | null }> {
    const found = await this.notifications.findById(trustId, id);
    if (!found) throw new NotificationError(NotificationErrorCode.NotificationNotFound, 'Notification not found');
    const { personalisation, ...notification } = found;
    const mayRead = user.role === Role.TrustAdmin || user.role === Role.NationalAdmin;
    const unsent = UNSENT_STATUSES.includes(notification.status);
    // As the trust's service would send it now: with the reply line where that service has an inbound number.
    const replyBySms = mayRead ? (await this.directory.forTrust(trustId)).hasInboundNumber : false;
    return { notification, wording: mayRead ? previewMessage(notification.purpose, { ...personalisation, replyBySms }, this.config.publicBaseUrl, unsent) : null };
  }

  /**
   * The trust's messages per lane (staff alerts, notices) in four plain buckets: waiting to go, with
   * GOV.UK Notify, delivered, failed (withdrawn messages are left out). One walkout's, or all of them.
   */
  async laneCounts(trustId: string, walkoutId: string | null = null): Promise<LaneCounts[]> {
    const rows = await this.notifications.countsByLaneAndStatus(trustId, walkoutId);
    return (['staff-alert', 'notice'] as const).map((lane) => {
      const counts: LaneCounts = { lane, queued: 0, sending: 0, delivered: 0, failed: 0 };
      for (const row of rows.filter((r) => r.lane === lane)) {
        const bucket = STATUS_BUCKET[row.status];
        if (bucket) counts[bucket] += row.count;
      }
      return counts;
    });
  }

  /** Who each message goes to (recipient type and id, by notification id), for the trust admins' call list. */
  async recipientsOf(trustId: string, notificationIds: string[]): Promise<Map<string, { recipientType: RecipientType; recipientId: string; purpose: NotifyPurpose }>> {
    const rows = await this.notifications.recipientsOf(trustId, [...new Set(notificationIds)]);
    return new Map(rows.map((row) => [row.id, { recipientType: row.recipientType, recipientId: row.recipientId, purpose: row.purpose }]));
  }

  /**
   * Whose callback this is: a trust's own callback token or the deployment's NOTIFY_CALLBACK_TOKEN
   * (compared in constant time); anything else is refused.
   */
  async callbackIdentity(authorization: string | undefined): Promise<CallbackIdentity> {
    // The Bearer scheme is required, as Notify sends it: a bare token in the header is refused.
    const token = bearerOf(authorization);
    const identity = token ? await this.directory.byCallbackToken(token) : null;
    if (!identity) throw new NotificationError(NotificationErrorCode.CallbackUnauthorised, 'Missing or wrong callback bearer token');
    return identity;
  }

  /**
   * Idempotent: a repeated or out-of-order receipt never moves a final status. Scoped by the token it
   * came with: it only ever updates a message sent through that token's service (of that token's trust).
   */
  async applyDeliveryReceipt(body: unknown, from: CallbackIdentity): Promise<{ updated: boolean }> {
    const parsed = parseDeliveryReceipt(body);
    if ('problems' in parsed) throw new NotificationError(NotificationErrorCode.InvalidReceipt, 'Not a GOV.UK Notify delivery receipt', parsed.problems);
    const status = statusFromReceipt(parsed.receipt.status);
    if (!status) return { updated: false };
    const updated = await this.notifications.applyReceipt(parsed.receipt.reference, status, parsed.receipt.providerId, parsed.receipt.completedAt, from);
    if (updated) this.logger.log({ msg: 'delivery receipt applied', notificationId: parsed.receipt.reference, status, sendingService: from.serviceId });
    return { updated };
  }

  /**
   * The estimate's figures and its first `atRiskLimit` late notices (with who they go to), worked out in
   * the database: for a page, which shows a bounded list, at the national size.
   */
  async sendForecast(trustId: string, walkoutId: string, atRiskLimit: number): Promise<SendForecast> {
    if (!(await this.transactions.run((tx) => this.walkouts.windowOf(tx, trustId, walkoutId)))) throw new NotificationError(NotificationErrorCode.NotificationNotFound, 'Walkout not found');
    const now = this.clock.now();
    const service = await this.directory.forTrust(trustId);
    const used = (await this.dailyUsage.usageOn(utcDay(now))).find((row) => row.sendingService === service.serviceId && row.channel === 'sms')?.used ?? 0;
    const daily = { remaining: Math.max(0, service.dailyLimits.sms - used), resetsAt: nextUtcMidnight(now) };
    const forecast = await this.notifications.sendForecastOfWalkout(trustId, walkoutId, { now, msPerMessage: 60_000 / service.ratePerMinute, daily }, atRiskLimit, await this.directory.scopeOf(service));
    return { ...forecast, ratePerMinute: service.ratePerMinute, dailyLimit: { sendingService: service.serviceId, channel: 'sms', limit: service.dailyLimits.sms, used, ...daily } };
  }

  async estimate(trustId: string, walkoutId: string): Promise<SendEstimate & { dailyLimit: DailyLimitView; sms: SmsCostEstimate }> {
    if (!(await this.transactions.run((tx) => this.walkouts.windowOf(tx, trustId, walkoutId)))) throw new NotificationError(NotificationErrorCode.NotificationNotFound, 'Walkout not found');
    const now = this.clock.now();
    // The trust's own service's rate and send order, or the deployment's shared with the trusts without one.
    const service = await this.directory.forTrust(trustId);
    const queued = await this.notifications.unsentWithPosition(trustId, walkoutId, await this.directory.scopeOf(service));
    const used = (await this.dailyUsage.usageOn(utcDay(now))).find((row) => row.sendingService === service.serviceId && row.channel === 'sms')?.used ?? 0;
    // Texts: nearly every notice goes by SMS, and its limit is the one a national backlog meets first.
    const daily = { remaining: Math.max(0, service.dailyLimits.sms - used), resetsAt: nextUtcMidnight(now) };
    const sms = await this.smsCostOf(trustId, walkoutId, queued.length, service.hasInboundNumber);
    return { ...estimateSendTimes(queued, service.ratePerMinute, now, daily), dailyLimit: { sendingService: service.serviceId, channel: 'sms', limit: service.dailyLimits.sms, used, ...daily }, sms };
  }

  /**
   * Fragments and cost of the walkout's unsent messages as texts, each rendered as it would be sent
   * (wording is rendered at send time, so this is the only honest count); past ESTIMATE_RENDER_LIMIT
   * the rest are taken at the average of those rendered, and the answer says so.
   */
  private async smsCostOf(trustId: string, walkoutId: string, unsent: number, replyBySms: boolean): Promise<SmsCostEstimate> {
    const rows = await this.notifications.unsentPersonalisations(trustId, walkoutId, ESTIMATE_RENDER_LIMIT);
    const texts: string[] = [];
    for (const row of rows) {
      try {
        texts.push(composeMessage(row.purpose, { ...row.personalisation, replyBySms } as never, this.config.publicBaseUrl).sms);
      } catch {
        // Stored by an older version in a shape the wording no longer takes: not counted.
      }
    }
    return estimateSmsCost(texts, Math.max(unsent, texts.length), this.config.notify.smsPrice);
  }
}
