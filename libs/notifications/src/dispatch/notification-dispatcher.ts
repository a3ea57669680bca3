import { APP_CONFIG, AppConfig, Clock, MicroBatcher, QueueName, QueueService, RateLimitDecision, RedisRateLimiter, SharedCooldown, SharedLimits } from '@app/core';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DailyRequest, distributeGrants, groupRequests, nextUtcMidnight, utcDay } from '../limits/notify-daily-limit';
import { NotifyDailyUsageRepository } from '../limits/notify-daily-usage.repository';
import { NotifyServiceDirectory, ResolvedNotifyService } from '../notify-services/notify-service-directory';
import { renderMessage } from '../messages/render-message';
import { NotifyChannel, NotifyPurpose } from '../messages/notify-purpose';
import { FINAL_STATUSES } from '../notifications/notification-status';
import { DispatchRecord, NotificationRepository } from '../notifications/notification.repository';
import { NOTIFICATION_PROVIDER, NotificationProvider, ProviderError } from '../providers/notification-provider';
import { ChannelChoice, chooseChannel, isChannelFailure, MessageRecipient } from './channel-fallback';

/** BullMQ attempts per message for 5xx/network failures (exponential backoff from 2 s: ~8 minutes in all). */
export const SEND_ATTEMPTS = 8;
/**
 * Messages of one notice batch in flight at once. Sending is latency-bound (database, Redis and one HTTP
 * call per message), so throughput is in-flight ÷ latency: enough in flight to use the configured rate
 * (two seconds' worth across the lane's 20 concurrent batches), but never more than a batch.
 */
export function batchParallelism(ratePerMinute: number): number {
  return Math.min(50, Math.max(2, Math.ceil(((ratePerMinute / 60) * 2) / 20)));
}
/** A 429 is waited out in place (keeping the message's turn) this many times before the job is retried. */
const RATE_LIMITED_RETRIES = 20;
/** Every worker pauses after a 429: 0.5 s, doubling with each 429 in a row anywhere, at most 4 s. */
const COOLDOWN_FIRST_MS = 500;
const COOLDOWN_MAX_MS = 4_000;
const SLEEP = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NOTICE_RETRY_JITTER_MS = 10;
/** Staff-alert sends booked per rate-limiter call (see the permits batcher). */
const STAFF_ALERT_PERMIT_BATCH = 5;

/**
 * Sends one notification: reload, check state, pick the channel, wait for the shared rate limit, send,
 * record. Safe to run twice: every step re-checks the stored status, and a message left "sending" by a
 * worker that died is looked up at the provider by reference before it is sent again.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger('Dispatch');
  private readonly limiter: RedisRateLimiter;
  /** Another worker's 429 pauses this one too (shared in Redis). */
  private readonly cooldown: SharedCooldown;
  private lastRateLimitedAt = 0;
  private staffAlertsBusyUntil = 0;
  private staffAlertsBusy = false;
  private cooldownCheckedUntil = 0;
  /** Concurrent jobs share one SQL statement per step instead of a round trip each. */
  private readonly loads: MicroBatcher<string, DispatchRecord | null>;
  private readonly claims: MicroBatcher<{ id: string; channel: NotifyChannel }, boolean>;
  private readonly sends: MicroBatcher<{ id: string; providerId: string; channel: NotifyChannel | null }, boolean>;
  /** Sends that ask for the rate limit together book their slots in one Redis call. */
  private readonly permits: MicroBatcher<null, null>;
  /** Notices asking for a free slot at the same moment ask Redis once, for all of them. */
  private readonly noticeSlots: MicroBatcher<null, RateLimitDecision>;
  /** Sends reserve their place in the sending service's daily count together: one statement per batch. */
  private readonly dailySlots: MicroBatcher<DailyRequest, { allowed: boolean; day: string }>;
  /** Daily limits already warned about in this process (service, channel, day). */
  private readonly warnedDailyLimits = new Set<string>();

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_PROVIDER) private readonly provider: NotificationProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: NotifyServiceDirectory,
    private readonly dailyUsage: NotifyDailyUsageRepository,
    limits: SharedLimits,
  ) {
    this.limiter = limits.rateLimiter('notify-rate', config.notify.ratePerMinute);
    this.cooldown = limits.cooldown('notify');
    const batching = { maxBatch: 200, maxWaitMs: 2 };
    this.loads = new MicroBatcher((ids) => notifications.loadManyForDispatch(ids), batching);
    this.claims = new MicroBatcher((items) => notifications.markManySending(items), batching);
    this.sends = new MicroBatcher((items) => notifications.markManySent(items), batching);
    this.dailySlots = new MicroBatcher(async (requests) => {
      const day = utcDay(this.clock.now());
      const granted = await this.dailyUsage.reserve(day, groupRequests(requests, (request) => request.limit));
      return distributeGrants(requests, granted).map((allowed) => ({ allowed, day }));
    }, batching);
    this.noticeSlots = new MicroBatcher(
      async (requests) => {
        const decision = await this.limiter.tryAcquire(requests.length);
        return requests.map(() => decision);
      },
      // All or none of a group get slots, so a group never exceeds the burst (it could never fit).
      { maxBatch: Math.min(50, this.limiter.burst), maxWaitMs: 1 },
    );
    this.permits = new MicroBatcher(
      async (requests) => {
        await this.limiter.acquire(requests.length);
        return requests;
      },
      // Never more at once than the limiter's burst, or the booking could never fit. Small, too: a booking
      // of n waits for n free slots, so when notices have used the burst a recall's first send waits
      // n × (60 s / rate) — 50 at 3,000/min held the first recall back a whole second.
      { maxBatch: Math.min(STAFF_ALERT_PERMIT_BATCH, this.limiter.burst), maxWaitMs: 1 },
    );
  }

  async dispatch(notificationId: string, attemptsMade: number): Promise<void> {
    const notification = await this.loads.submit(notificationId);
    if (!notification || notification.status === 'sent' || FINAL_STATUSES.has(notification.status)) return;
    // Handed back to wait (a retried batch still lists it): the relay queues it again when the wait ends.
    if (notification.status === 'pending' && notification.sendAfter) return;

    if (notification.deadline && notification.deadline <= this.clock.now()) {
      await this.notifications.markFailed(notificationId, 'permanent-failure', 'Not sent: its deadline passed before it could go out; contact the recipient another way');
      return;
    }
    if (notification.status === 'sending' && (await this.alreadyAccepted(notification))) return;

    const contact: MessageRecipient = {
      preferredChannel: notification.recipient.preferredChannel,
      mobile: notification.recipient.mobile,
      email: notification.recipient.email,
      address: notification.recipient.addressLines && notification.recipient.postcode ? { lines: notification.recipient.addressLines, postcode: notification.recipient.postcode } : null,
    };
    const service = await this.directory.forTrust(notification.trustId);
    const first = chooseChannel(contact);
    if (isChannelFailure(first)) {
      await this.notifications.markFailed(notificationId, 'permanent-failure', `Cannot be sent: ${first.failure}`);
      return;
    }
    const place = await this.reserveDailyPlace(notification, service, contact, first);
    if (!place) return;
    const { choice, day } = place;
    const templateId = this.templateFor(notification.purpose, choice.channel);
    if (!templateId) {
      await this.dailyUsage.release(day, service.serviceId, choice.channel);
      await this.notifications.markFailed(notificationId, 'permanent-failure', `No GOV.UK Notify ${choice.channel} template is configured`);
      return;
    }
    const personalisation = renderMessage(notification.purpose, choice.channel, notification.personalisation as never, this.config.publicBaseUrl);

    // The daily place is kept only if the message was sent (or Notify says the day is full anyway);
    // every other way out gives it back.
    let keepPlace = false;
    try {
      for (let rateLimited = 0; ; rateLimited++) {
        if (notification.lane === 'notice') {
          await this.acquireNoticeSlot();
        } else {
          await this.waitForCooldown();
          await this.permits.submit(null);
        }
        if (!(await this.claims.submit({ id: notificationId, channel: choice.channel }))) return;
        try {
          const { providerId } = await this.provider.send({ reference: notificationId, channel: choice.channel, templateId, to: choice.to, personalisation });
          keepPlace = true;
          await this.sends.submit({ id: notificationId, providerId, channel: choice.channel });
          await this.endRateLimitStreak();
          return;
        } catch (error) {
          if (!(error instanceof ProviderError)) throw error;
          if (error.kind === 'permanent') {
            await this.notifications.markFailed(notificationId, 'permanent-failure', error.message);
            return;
          }
          if (error.kind === 'daily-limit') {
            // Notify's own count says the day is over (it may include messages other systems sent): wait for midnight.
            keepPlace = true;
            await this.dailyUsage.markExhausted(day, service.serviceId, choice.channel, service.dailyLimits[choice.channel]);
            await this.holdForDailyLimit(notification, service, choice.channel);
            return;
          }
          if (error.kind === 'rate-limited' && rateLimited < RATE_LIMITED_RETRIES) {
            // Not accepted: back to queued, hold every worker for a moment, and try again in place.
            await this.notifications.backToQueued(notificationId);
            await this.startCooldown();
            continue;
          }
          if (attemptsMade + 1 >= SEND_ATTEMPTS) {
            await this.notifications.markFailed(notificationId, 'technical-failure', `Gave up after ${SEND_ATTEMPTS} attempts: ${error.message}`);
            return;
          }
          if (error.kind === 'rate-limited') await this.notifications.backToQueued(notificationId);
          throw error; // BullMQ retries with exponential backoff; the status stays "sending" so the retry looks first.
        }
      }
    } finally {
      if (!keepPlace) await this.dailyUsage.release(day, service.serviceId, choice.channel).catch(() => undefined);
    }
  }

  /**
   * A place in the sending service's count for today. When the day's messages on this channel are used
   * up, a recall, reminder or stand-down tries the person's other channels (they have their own
   * limits); anything else waits, pending, until midnight UTC — held, not failed.
   */
  private async reserveDailyPlace(
    notification: DispatchRecord,
    service: ResolvedNotifyService,
    contact: MessageRecipient,
    first: ChannelChoice,
  ): Promise<{ choice: ChannelChoice; day: string } | null> {
    const exhausted = new Set<NotifyChannel>();
    let choice = first;
    for (;;) {
      const place = await this.dailySlots.submit({ sendingService: service.serviceId, channel: choice.channel, limit: service.dailyLimits[choice.channel] });
      if (place.allowed) return { choice, day: place.day };
      exhausted.add(choice.channel);
      const next = notification.lane === 'staff-alert' ? chooseChannel(contact, exhausted) : null;
      if (!next || isChannelFailure(next)) {
        await this.holdForDailyLimit(notification, service, first.channel);
        return null;
      }
      choice = next;
    }
  }

  private async holdForDailyLimit(notification: DispatchRecord, service: ResolvedNotifyService, channel: NotifyChannel): Promise<void> {
    const now = this.clock.now();
    const until = nextUtcMidnight(now);
    await this.notifications.hold(notification.id, until, 'daily-limit');
    const warning = `${service.serviceId}\u0000${channel}\u0000${utcDay(now)}`;
    if (!this.warnedDailyLimits.has(warning)) {
      this.warnedDailyLimits.add(warning);
      this.logger.warn({
        msg: 'GOV.UK Notify daily limit reached: messages wait until it resets (held, not failed)',
        sendingService: service.serviceId,
        channel,
        limit: service.dailyLimits[channel],
        resumesAt: until.toISOString(),
      });
    }
  }

  /**
   * Sends a batch of notices, a few at a time. Every message is attempted; if any failed in a way worth
   * retrying, the job fails afterwards and its retry skips those already sent (their status says so).
   */
  async dispatchBatch(notificationIds: string[], attemptsMade: number): Promise<void> {
    let next = 0;
    const failures: unknown[] = [];
    const lane = async () => {
      while (next < notificationIds.length) {
        const id = notificationIds[next++];
        await this.dispatch(id, attemptsMade).catch((error) => failures.push(error));
      }
    };
    await Promise.all(Array.from({ length: Math.min(batchParallelism(this.config.notify.ratePerMinute), notificationIds.length) }, lane));
    if (failures.length) throw failures[0];
  }

  /** A previous attempt may have reached the provider before its worker died: never send twice if so. */
  private async alreadyAccepted(notification: DispatchRecord): Promise<boolean> {
    const existing = await this.provider.findByReference(notification.id, notification.channel);
    if (!existing) return false;
    await this.notifications.markSent(notification.id, existing.providerId, null);
    this.logger.log({ msg: 'resend avoided: provider already had it', notificationId: notification.id });
    return true;
  }

  private templateFor(purpose: NotifyPurpose, channel: NotifyChannel): string | null {
    const templates = this.config.notify.templates;
    if (this.config.notify.provider === 'log') return templates.byPurpose[purpose]?.[channel] ?? templates[channel] ?? 'log-template';
    return templates.byPurpose[purpose]?.[channel] ?? templates[channel];
  }

  /**
   * A notice takes a send slot only if one is free now (tryAcquire), and looks for recall traffic again
   * before every try. Booking ahead (acquire() books up to a second ahead) would let the notices already
   * waiting hold the next second of slots: a recall arriving then waited behind them, and they went out
   * between the recalls. Recalls keep acquire(), so once they come they hold the slots.
   */
  private async acquireNoticeSlot(): Promise<void> {
    for (;;) {
      await this.yieldToStaffAlerts();
      await this.waitForCooldown();
      const decision = await this.noticeSlots.submit(null);
      if (decision.allowed) return;
      // Jitter: the notices waiting for the same slot do not all ask again at the same instant.
      await SLEEP(decision.retryAfterMs + Math.floor(Math.random() * NOTICE_RETRY_JITTER_MS));
    }
  }

  /** Patient notices wait while any recall traffic is queued, so recalls get the whole send rate. */
  private async yieldToStaffAlerts(): Promise<void> {
    const giveUpAt = Date.now() + 60_000;
    while (Date.now() < giveUpAt && (await this.staffAlertsPending())) await SLEEP(25);
  }

  /**
   * The relay in this process has just put staff alerts on their queue: notices here stop at their next
   * check instead of trusting a "none pending" answer up to 20 ms old. (Other worker processes see the
   * queue within those 20 ms.)
   */
  noteStaffAlertsQueued(): void {
    this.staffAlertsBusy = true;
    this.staffAlertsBusyUntil = Date.now() + 20;
  }

  private async staffAlertsPending(): Promise<boolean> {
    // Cached briefly: twenty concurrent jobs need not each ask Redis every 25 ms.
    if (Date.now() < this.staffAlertsBusyUntil) return this.staffAlertsBusy;
    const counts = await this.queues.countJobs(QueueName.StaffAlerts, ['waiting', 'active', 'prioritized']);
    this.staffAlertsBusy = counts.waiting + counts.active + counts.prioritized > 0;
    this.staffAlertsBusyUntil = Date.now() + 20;
    return this.staffAlertsBusy;
  }

  /** The pause grows with 429s in a row across all workers, so a storm slows everyone down together. */
  private async startCooldown(): Promise<void> {
    this.cooldownCheckedUntil = 0;
    this.lastRateLimitedAt = Date.now();
    await this.cooldown.start((streak) => Math.min(COOLDOWN_FIRST_MS * 2 ** (streak - 1), COOLDOWN_MAX_MS), 60_000);
  }

  /** A send got through: the next 429 starts from the shortest pause again. */
  private async endRateLimitStreak(): Promise<void> {
    if (!this.lastRateLimitedAt) return;
    this.lastRateLimitedAt = 0;
    await this.cooldown.endStreak();
  }

  /** Another worker's 429 pauses this one too; checked at most every 50 ms while none is seen. */
  private async waitForCooldown(): Promise<void> {
    if (Date.now() < this.cooldownCheckedUntil) return;
    for (;;) {
      const remaining = await this.cooldown.remainingMs();
      if (remaining <= 0) {
        this.cooldownCheckedUntil = Date.now() + 50;
        return;
      }
      await SLEEP(Math.min(remaining, 1_000));
    }
  }
}
