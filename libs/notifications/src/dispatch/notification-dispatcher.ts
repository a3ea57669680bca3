import { APP_CONFIG, AppConfig, Clock, MicroBatcher, RateLimitDecision, RedisRateLimiter, SharedCooldown, SharedCounter, SharedLimits, SharedSignal } from '@app/core';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DailyRequest, distributeGrants, groupRequests, nextUtcMidnight, utcDay } from '../limits/notify-daily-limit';
import { NotifyDailyUsageRepository } from '../limits/notify-daily-usage.repository';
import { DEPLOYMENT_SENDING_SERVICE, NotifyServiceDirectory, ResolvedNotifyService } from '../notify-services/notify-service-directory';
import { SmsNumberCaps } from '../limits/sms-number-caps';
import { renderMessage } from '../messages/render-message';
import { NotifyChannel, NotifyPurpose } from '../messages/notify-purpose';
import { FINAL_STATUSES } from '../notifications/notification-status';
import { DispatchRecord, NotificationRepository, TextedTo } from '../notifications/notification.repository';
import { phoneNumberDigest } from '../limits/sms-number-cap';
import { NOTIFICATION_PROVIDER, NotificationProvider, ProviderError } from '../providers/notification-provider';
import { ChannelChoice, chooseChannel, isChannelFailure, MessageRecipient } from './channel-fallback';

/** BullMQ attempts per message for 5xx/network failures (exponential backoff from 2 s: ~8 minutes in all). */
export const SEND_ATTEMPTS = 8;
/** Notices per send job (the relay's batches). */
export const NOTICE_BATCH = 50;
/**
 * Notice batches one Notify service may have on the queue or sending at once (its window): about two
 * seconds of its rate, at least two batches. The relay hands a service no more than this, so a key that
 * is saturated, cooling down after a 429 or at its daily limit holds at most its own few worker slots and
 * never the other services' (docs/decisions/0012-per-service-notice-windows.md).
 */
export function noticeWindowBatches(ratePerMinute: number): number {
  return Math.max(2, Math.ceil((ratePerMinute / 60) * 2 / NOTICE_BATCH));
}
/**
 * Messages of one notice batch in flight at once. Sending is latency-bound (database, Redis and one HTTP
 * call per message), so throughput is in-flight ÷ latency: with a service's window of batches, about one
 * second of its rate in flight (500 ms of latency per send still keeps the rate), never more than a batch.
 */
export function batchParallelism(ratePerMinute: number): number {
  return Math.min(NOTICE_BATCH, Math.max(2, Math.ceil(ratePerMinute / 60 / noticeWindowBatches(ratePerMinute))));
}
/**
 * A key's rate is spaced over a minute and a second, not a minute. Notify counts a key's requests over a
 * rolling minute as they arrive, and a send let through here reaches it a little later, by a latency
 * that varies under load: two sends let through a minute apart could land inside one of Notify's minutes
 * (a national run at full rate drew 32 429s that way). Spaced over 61 s, any 60 s of arrivals holds
 * at most the key's limit while the latency varies by under a second; the cost is 1.6% of the rate.
 */
export const NOTIFY_RATE_PERIOD_MS = 61_000;
/** A 429 is waited out in place (keeping the message's turn) this many times before the job is retried. */
const RATE_LIMITED_RETRIES = 20;
/** Every worker pauses the service after a 429: 0.5 s, doubling with each 429 in a row anywhere, at most 4 s. */
const COOLDOWN_FIRST_MS = 500;
const COOLDOWN_MAX_MS = 4_000;
const SLEEP = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NOTICE_RETRY_JITTER_MS = 10;
/** Staff-alert sends booked per rate-limiter call (see the permits batcher). */
const STAFF_ALERT_PERMIT_BATCH = 5;
/** A staff alert starting to send keeps its service's "recall traffic" flag up this long. */
const STAFF_ALERT_SIGNAL_MS = 300;
/** Staff alerts just put on their queue keep it up this long, until their sends start. */
const STAFF_ALERTS_QUEUED_SIGNAL_MS = 1_000;

/**
 * What one Notify service's sends share in this process: its GCRA limiter and 429 cool-down (in Redis,
 * so every worker process shares them exactly), its recall-traffic flag, and the batchers that ask Redis
 * once for many concurrent sends. One per service: one service's waits never hold up another's.
 */
interface ServiceLimits {
  serviceId: string;
  ratePerMinute: number;
  limiter: RedisRateLimiter;
  cooldown: SharedCooldown;
  /** Raised while recall, reminder or stand-down messages go out through this service. */
  alerts: SharedSignal;
  /** 429s this service got, across processes (for /metrics). */
  rateLimited: SharedCounter;
  /** Notices asking for a free slot at the same moment ask Redis once, for all of them. */
  noticeSlots: MicroBatcher<null, RateLimitDecision>;
  /** Staff alerts that ask for the rate limit together book their slots in one Redis call; each gets the wait for its own slot. */
  permits: MicroBatcher<null, number>;
  lastRateLimitedAt: number;
  cooldownCheckedUntil: number;
  alertsBusy: boolean;
  alertsCheckedUntil: number;
}

/** Redis names of a service's limits: the deployment keeps the names it had before services had their own. */
export function serviceLimitNames(serviceId: string): { rate: string; cooldown: string; alerts: string; rateLimited: string } {
  const suffix = serviceId === DEPLOYMENT_SENDING_SERVICE ? '' : `:${serviceId}`;
  return { rate: `notify-rate${suffix}`, cooldown: `notify${suffix}`, alerts: `notify-staff-alerts${suffix}`, rateLimited: `notify-429${suffix}` };
}

/**
 * Sends one notification: reload, check state, pick its Notify service (the trust's own, or the
 * deployment's) and channel, take a daily place and a send slot of that service, send, record. Safe to
 * run twice: every step re-checks the stored status, and a message left "sending" by a worker that died
 * is looked up at the provider by reference before it is sent again.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger('Dispatch');
  private readonly services = new Map<string, ServiceLimits>();
  /** Concurrent jobs share one SQL statement per step instead of a round trip each. */
  private readonly loads: MicroBatcher<string, DispatchRecord | null>;
  private readonly claims: MicroBatcher<{ id: string; channel: NotifyChannel; sendingService: string }, boolean>;
  private readonly sends: MicroBatcher<{ id: string; providerId: string; channel: NotifyChannel | null; textedTo: TextedTo | null }, boolean>;
  /** Sends reserve their place in the sending service's daily count together: one statement per batch. */
  private readonly dailySlots: MicroBatcher<DailyRequest, { allowed: boolean; day: string }>;
  /** Daily limits already warned about in this process (service, channel, day). */
  private readonly warnedDailyLimits = new Set<string>();

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_PROVIDER) private readonly provider: NotificationProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: NotifyServiceDirectory,
    private readonly dailyUsage: NotifyDailyUsageRepository,
    private readonly limits: SharedLimits,
    private readonly numberCaps: SmsNumberCaps,
  ) {
    // 4 ms: fewer, fuller statements at a thousand sends a second (4.6 claims per statement, was 3.9 at
    // 2 ms); a recall's first send pays it three times (load, claim, mark sent), well inside its half second.
    const batching = { maxBatch: 200, maxWaitMs: 4 };
    this.loads = new MicroBatcher((ids) => notifications.loadManyForDispatch(ids), batching);
    this.claims = new MicroBatcher((items) => notifications.markManySending(items), batching);
    this.sends = new MicroBatcher((items) => notifications.markManySent(items), batching);
    this.dailySlots = new MicroBatcher(async (requests) => {
      const day = utcDay(this.clock.now());
      const granted = await this.dailyUsage.reserve(day, groupRequests(requests, (request) => request.limit));
      return distributeGrants(requests, granted).map((allowed) => ({ allowed, day }));
    }, batching);
  }

  /** This process's view of one service's limits (made on first use; a changed rate makes a new limiter). */
  private limitsOf(service: ResolvedNotifyService): ServiceLimits {
    const known = this.services.get(service.serviceId);
    if (known && known.ratePerMinute === service.ratePerMinute) return known;
    const names = serviceLimitNames(service.serviceId);
    const limiter = this.limits.rateLimiter(names.rate, service.ratePerMinute, NOTIFY_RATE_PERIOD_MS);
    const made: ServiceLimits = {
      serviceId: service.serviceId,
      ratePerMinute: service.ratePerMinute,
      limiter,
      cooldown: this.limits.cooldown(names.cooldown),
      alerts: this.limits.signal(names.alerts),
      rateLimited: this.limits.counter(names.rateLimited),
      noticeSlots: new MicroBatcher(
        async (requests) => {
          const decision = await limiter.tryAcquire(requests.length);
          return requests.map(() => decision);
        },
        // All or none of a group get slots, so a group never exceeds the burst (it could never fit).
        { maxBatch: Math.min(50, limiter.burst), maxWaitMs: 1 },
      ),
      permits: new MicroBatcher(
        (requests) => limiter.bookEach(requests.length),
        // Never more at once than the limiter's burst, or the booking could never fit. Each send then waits
        // for its own slot only, so the first of a group goes at the first free slot.
        { maxBatch: Math.min(STAFF_ALERT_PERMIT_BATCH, limiter.burst), maxWaitMs: 1 },
      ),
      lastRateLimitedAt: known?.lastRateLimitedAt ?? 0,
      cooldownCheckedUntil: 0,
      alertsBusy: false,
      alertsCheckedUntil: 0,
    };
    this.services.set(service.serviceId, made);
    return made;
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
    const service = await this.directory.forTrust(notification.trustId);
    const limits = this.limitsOf(service);
    // Recall traffic of this service: notices of this service wait while it goes (other services' do not).
    if (notification.lane === 'staff-alert') await limits.alerts.raise(STAFF_ALERT_SIGNAL_MS);
    if (notification.status === 'sending' && (await this.alreadyAccepted(notification, service))) return;

    const contact: MessageRecipient = {
      preferredChannel: notification.recipient.preferredChannel,
      mobile: notification.recipient.mobile,
      email: notification.recipient.email,
      address: notification.recipient.addressLines && notification.recipient.postcode ? { lines: notification.recipient.addressLines, postcode: notification.recipient.postcode } : null,
    };
    const first = chooseChannel(contact);
    if (isChannelFailure(first)) {
      await this.notifications.markFailed(notificationId, 'permanent-failure', `Cannot be sent: ${first.failure}`);
      return;
    }
    // Holds that keep a message back without failing it (the daily limit; per-number caps slot in here
    // too) come before the send slot, so a held message never takes a slot another could use.
    const place = await this.reserveDailyPlace(notification, service, contact, first);
    if (!place) return;
    const { choice, day } = place;
    const templateId = this.templateFor(service, notification.purpose, choice.channel);
    if (!templateId) {
      await this.dailyUsage.release(day, service.serviceId, choice.channel);
      await this.notifications.markFailed(notificationId, 'permanent-failure', `No GOV.UK Notify ${choice.channel} template is configured`);
      return;
    }
    // A recall text says how to answer by reply only where this service has an inbound number.
    const personalisation = renderMessage(notification.purpose, choice.channel, { ...notification.personalisation, replyBySms: service.hasInboundNumber } as never, this.config.publicBaseUrl);
    const sender = { serviceId: service.serviceId, apiKey: service.apiKey, smsSenderId: service.smsSenderId, emailReplyToId: service.emailReplyToId };

    // The daily place is kept only if the message was sent (or Notify says the day is full anyway);
    // every other way out gives it back.
    let keepPlace = false;
    // The networks' per-number caps (limits/sms-number-caps.ts): a full hour holds the text back, not drops it.
    const text = choice.channel === 'sms' ? { to: choice.to as string, body: (personalisation as { body: string }).body, sent: false } : null;
    try {
      if (text && !(await this.numberCaps.admitOrHold(notificationId, text.to, text.body))) return;
      for (let rateLimited = 0; ; rateLimited++) {
        if (notification.lane === 'notice') {
          await this.acquireNoticeSlot(limits);
        } else {
          await this.waitForCooldown(limits);
          const wait = await limits.permits.submit(null);
          if (wait > 0) await SLEEP(wait);
        }
        if (!(await this.claims.submit({ id: notificationId, channel: choice.channel, sendingService: service.serviceId }))) return;
        try {
          const { providerId } = await this.provider.send({ sender, reference: notificationId, channel: choice.channel, templateId, to: choice.to, personalisation });
          keepPlace = true;
          if (text) text.sent = true;
          // Recorded so that a reply to this text can be matched to it (replies/received-text.service.ts).
          const textedTo = text ? { numberDigest: phoneNumberDigest(text.to) } : null;
          await this.sends.submit({ id: notificationId, providerId, channel: choice.channel, textedTo });
          await this.endRateLimitStreak(limits);
          return;
        } catch (error) {
          if (!(error instanceof ProviderError)) throw error;
          if (error.httpStatus === 429) await limits.rateLimited.increment().catch(() => undefined);
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
            // Not accepted: back to queued, hold this service's workers for a moment, and try again in place.
            await this.notifications.backToQueued(notificationId);
            await this.startCooldown(limits);
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
      if (text && !text.sent) await this.numberCaps.release(notificationId, text.to, text.body).catch(() => undefined);
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
   * A batch holds one service's notices (the relay claims per service), so its parallelism is that
   * service's.
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
    const first = notificationIds.length ? await this.loads.submit(notificationIds[0]) : null;
    const rate = first ? (await this.directory.forTrust(first.trustId)).ratePerMinute : this.config.notify.ratePerMinute;
    await Promise.all(Array.from({ length: Math.min(batchParallelism(rate), notificationIds.length) }, lane));
    if (failures.length) throw failures[0];
  }

  /** A previous attempt may have reached the provider before its worker died: never send twice if so. */
  private async alreadyAccepted(notification: DispatchRecord, current: ResolvedNotifyService): Promise<boolean> {
    // Asked of the service it was handed to, which is the current one unless the trust changed service since.
    const service = (notification.sendingService ? await this.directory.byServiceId(notification.sendingService) : null) ?? current;
    const existing = await this.provider.findByReference(notification.id, notification.channel, { serviceId: service.serviceId, apiKey: service.apiKey });
    if (!existing) return false;
    await this.notifications.markSent(notification.id, existing.providerId, null);
    this.logger.log({ msg: 'resend avoided: provider already had it', notificationId: notification.id });
    return true;
  }

  private templateFor(service: ResolvedNotifyService, purpose: NotifyPurpose, channel: NotifyChannel): string | null {
    const templates = service.templates;
    const chosen = templates.byPurpose[purpose]?.[channel] ?? templates[channel];
    if (this.config.notify.provider === 'log') return chosen ?? 'log-template';
    return chosen;
  }

  /**
   * A notice takes a send slot of its service only if one is free now (tryAcquire), and looks for that
   * service's recall traffic again before every try. Booking ahead (acquire() books up to a second ahead)
   * would let the notices already waiting hold the next second of slots: a recall arriving then waited
   * behind them. Recalls keep acquire(), so once they come they hold the slots.
   */
  private async acquireNoticeSlot(limits: ServiceLimits): Promise<void> {
    for (;;) {
      await this.yieldToStaffAlerts(limits);
      await this.waitForCooldown(limits);
      const decision = await limits.noticeSlots.submit(null);
      if (decision.allowed) return;
      // Jitter: the notices waiting for the same slot do not all ask again at the same instant.
      await SLEEP(decision.retryAfterMs + Math.floor(Math.random() * NOTICE_RETRY_JITTER_MS));
    }
  }

  /** Patient notices wait while their service's recall traffic goes, so recalls get its whole send rate. */
  private async yieldToStaffAlerts(limits: ServiceLimits): Promise<void> {
    const giveUpAt = Date.now() + 60_000;
    while (Date.now() < giveUpAt && (await this.staffAlertsGoing(limits))) await SLEEP(25);
  }

  /**
   * The relay has just put staff alerts of these services on their queue: their notices (in every
   * process) stop at their next check, before the alerts' own sends raise the flag.
   */
  async noteStaffAlertsQueued(trustIds: string[]): Promise<void> {
    const services = new Map<string, ResolvedNotifyService>();
    for (const trustId of new Set(trustIds)) {
      const service = await this.directory.forTrust(trustId);
      services.set(service.serviceId, service);
    }
    await Promise.all(
      [...services.values()].map(async (service) => {
        const limits = this.limitsOf(service);
        limits.alertsBusy = true;
        limits.alertsCheckedUntil = Date.now() + 20;
        await limits.alerts.raise(STAFF_ALERTS_QUEUED_SIGNAL_MS);
      }),
    );
  }

  private async staffAlertsGoing(limits: ServiceLimits): Promise<boolean> {
    // Cached briefly: many concurrent sends need not each ask Redis every 25 ms.
    if (Date.now() < limits.alertsCheckedUntil) return limits.alertsBusy;
    limits.alertsBusy = (await limits.alerts.remainingMs()) > 0;
    limits.alertsCheckedUntil = Date.now() + 20;
    return limits.alertsBusy;
  }

  /** The pause grows with the service's 429s in a row across all workers; other services are not paused. */
  private async startCooldown(limits: ServiceLimits): Promise<void> {
    limits.cooldownCheckedUntil = 0;
    limits.lastRateLimitedAt = Date.now();
    await limits.cooldown.start((streak) => Math.min(COOLDOWN_FIRST_MS * 2 ** (streak - 1), COOLDOWN_MAX_MS), 60_000);
  }

  /** A send got through: the next 429 starts from the shortest pause again. */
  private async endRateLimitStreak(limits: ServiceLimits): Promise<void> {
    if (!limits.lastRateLimitedAt) return;
    limits.lastRateLimitedAt = 0;
    await limits.cooldown.endStreak();
  }

  /** Another worker's 429 on this service pauses this one too; checked at most every 50 ms while none is seen. */
  private async waitForCooldown(limits: ServiceLimits): Promise<void> {
    if (Date.now() < limits.cooldownCheckedUntil) return;
    for (;;) {
      const remaining = await limits.cooldown.remainingMs();
      if (remaining <= 0) {
        limits.cooldownCheckedUntil = Date.now() + 50;
        return;
      }
      await SLEEP(Math.min(remaining, 1_000));
    }
  }
}
