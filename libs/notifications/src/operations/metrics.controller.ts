import { APP_CONFIG, AppConfig, Clock, MetricsRegistry, Public, QueueName, QueueService, SharedLimits } from '@app/core';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Gauge } from 'prom-client';
import { MessageBudgetRepository } from '../limits/message-budget.repository';
import { budgetLimits, limitOf } from '../limits/message-budget';
import { utcDay } from '../limits/notify-daily-limit';
import { NotifyDailyUsageRepository } from '../limits/notify-daily-usage.repository';
import { serviceLimitNames } from '../dispatch/notification-dispatcher';
import { DEPLOYMENT_SENDING_SERVICE, NotifyServiceDirectory } from '../notify-services/notify-service-directory';
import { NOTIFY_CHANNELS } from '../messages/notify-purpose';
import { NotificationRepository } from '../notifications/notification.repository';

const LANE_QUEUES: Record<string, QueueName> = { 'staff-alert': QueueName.StaffAlerts, notice: QueueName.PatientNotices };

/**
 * Prometheus text at /metrics. Figures are read from Redis and Postgres at scrape time, so every API
 * replica reports the same numbers whatever worker did the sending (budget refusals, which leave no row,
 * are counted per process by MessagingMetrics). No personal data, so no login.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  private readonly queueDepth: Gauge<'lane'>;
  private readonly byStatus: Gauge<'status' | 'lane'>;
  private readonly sentPerMinute: Gauge;
  private readonly failures: Gauge<'status'>;
  private readonly oldest: Gauge;
  private readonly held: Gauge<'reason' | 'lane'>;
  private readonly budgetUsed: Gauge<'trust_id' | 'budget' | 'period'>;
  private readonly budgetLimit: Gauge<'trust_id' | 'budget' | 'period'>;
  private readonly dailyUsed: Gauge<'sending_service' | 'channel'>;
  private readonly dailyLimit: Gauge<'sending_service' | 'channel'>;
  private readonly serviceWaiting: Gauge<'sending_service'>;
  private readonly serviceSent: Gauge<'sending_service'>;
  private readonly serviceRateLimited: Gauge<'sending_service'>;
  private readonly serviceOldest: Gauge<'sending_service'>;
  private readonly serviceRate: Gauge<'sending_service'>;

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly budgets: MessageBudgetRepository,
    private readonly dailyUsage: NotifyDailyUsageRepository,
    private readonly directory: NotifyServiceDirectory,
    private readonly queues: QueueService,
    private readonly registry: MetricsRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: SharedLimits,
  ) {
    const registers = [registry];
    this.queueDepth = new Gauge({ name: 'strike_ops_queue_depth', help: 'Jobs waiting or running, per lane', labelNames: ['lane'], registers });
    this.byStatus = new Gauge({ name: 'strike_ops_notifications', help: 'Notifications by status and lane', labelNames: ['status', 'lane'], registers });
    this.sentPerMinute = new Gauge({ name: 'strike_ops_notifications_sent_last_minute', help: 'Notifications handed to the provider in the last minute', registers });
    this.failures = new Gauge({ name: 'strike_ops_notification_failures', help: 'Failed notifications by status', labelNames: ['status'], registers });
    this.oldest = new Gauge({ name: 'strike_ops_oldest_unsent_notification_seconds', help: 'Age of the oldest notification not yet sent (held ones aside)', registers });
    this.held = new Gauge({
      name: 'strike_ops_notifications_held',
      help: 'Unsent notifications waiting on purpose: coalescing (a short hold so a correction sends nothing) or daily-limit (GOV.UK Notify’s day is used up)',
      labelNames: ['reason', 'lane'],
      registers,
    });
    this.budgetUsed = new Gauge({ name: 'strike_ops_message_budget_used', help: 'Messages a trust queued in the current hour / UTC day, per budget', labelNames: ['trust_id', 'budget', 'period'], registers });
    this.budgetLimit = new Gauge({ name: 'strike_ops_message_budget_limit', help: 'A trust’s message budget per hour / UTC day (recall traffic has none)', labelNames: ['trust_id', 'budget', 'period'], registers });
    this.dailyUsed = new Gauge({ name: 'strike_ops_notify_daily_used', help: 'Messages handed to each GOV.UK Notify service today (UTC), per channel', labelNames: ['sending_service', 'channel'], registers });
    this.dailyLimit = new Gauge({ name: 'strike_ops_notify_daily_limit', help: 'GOV.UK Notify’s daily limit per service and channel', labelNames: ['sending_service', 'channel'], registers });
    // Per GOV.UK Notify service ('deployment' or a trust's own Notify service id): docs/domain.md "A trust's Notify service".
    const perService = ['sending_service'] as const;
    this.serviceWaiting = new Gauge({ name: 'strike_ops_notify_service_queue_depth', help: 'Messages waiting to go through each GOV.UK Notify service (pending or queued, held ones aside)', labelNames: perService, registers });
    this.serviceSent = new Gauge({ name: 'strike_ops_notify_service_sent_last_minute', help: 'Messages handed to each GOV.UK Notify service in the last minute', labelNames: perService, registers });
    this.serviceRateLimited = new Gauge({ name: 'strike_ops_notify_service_429s', help: '429 answers each GOV.UK Notify service gave, all workers, since Redis was last emptied', labelNames: perService, registers });
    this.serviceOldest = new Gauge({ name: 'strike_ops_notify_service_oldest_unsent_seconds', help: 'Age of the oldest message waiting for each GOV.UK Notify service', labelNames: perService, registers });
    this.serviceRate = new Gauge({ name: 'strike_ops_notify_service_rate_per_minute', help: 'The send rate each GOV.UK Notify service is held to', labelNames: perService, registers });
  }

  @Public()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @ApiOperation({ summary: 'Prometheus metrics: queues, notifications, message budgets, Notify daily limits and HTTP request durations' })
  async metrics(): Promise<string> {
    await this.refresh();
    return this.registry.metrics();
  }

  private async refresh(): Promise<void> {
    const now = this.clock.now();
    const [figures, depths, budgets, daily] = await Promise.all([
      this.notifications.metrics(),
      Promise.all(
        Object.entries(LANE_QUEUES).map(async ([lane, queueName]) => {
          const counts = await this.queues.countJobs(queueName, ['waiting', 'prioritized', 'delayed', 'active']);
          return { lane, depth: counts.waiting + counts.prioritized + counts.delayed + counts.active };
        }),
      ),
      this.budgets.currentOfAllTrusts(now),
      this.dailyUsage.usageOn(utcDay(now)),
    ]);
    this.queueDepth.reset();
    for (const { lane, depth } of depths) this.queueDepth.set({ lane }, depth);
    this.byStatus.reset();
    this.failures.reset();
    for (const row of figures.byStatus) {
      this.byStatus.set({ status: row.status, lane: row.lane }, row.count);
      if (row.status.endsWith('failure')) this.failures.inc({ status: row.status }, row.count);
    }
    this.held.reset();
    for (const row of figures.held) this.held.set({ reason: row.reason, lane: row.lane }, row.count);
    this.sentPerMinute.set(figures.sentLastMinute);
    this.oldest.set(figures.oldestUnsentSeconds);

    this.budgetUsed.reset();
    this.budgetLimit.reset();
    for (const row of budgets) {
      const labels = { trust_id: row.trustId, budget: row.budget, period: row.period };
      this.budgetUsed.set(labels, row.used);
      const limits = budgetLimits(row.budget, this.config.messaging);
      if (limits) this.budgetLimit.set(labels, limitOf(limits, row.period));
    }
    this.dailyUsed.reset();
    this.dailyLimit.reset();
    const services = await this.directory.all();
    const own = await this.directory.ownServices();
    const perService = await this.notifications.serviceFigures();
    const waiting = new Map<string, { waiting: number; oldest: number }>();
    for (const row of perService.waitingByTrust) {
      const serviceId = own.get(row.trustId)?.serviceId ?? DEPLOYMENT_SENDING_SERVICE;
      const sum = waiting.get(serviceId) ?? { waiting: 0, oldest: 0 };
      waiting.set(serviceId, { waiting: sum.waiting + row.waiting, oldest: Math.max(sum.oldest, row.oldestSeconds) });
    }
    const rateLimited = await Promise.all(services.map((service) => this.limits.counter(serviceLimitNames(service.serviceId).rateLimited).value()));
    for (const gauge of [this.serviceWaiting, this.serviceSent, this.serviceRateLimited, this.serviceOldest, this.serviceRate]) gauge.reset();
    services.forEach((service, index) => {
      const labels = { sending_service: service.serviceId };
      this.serviceWaiting.set(labels, waiting.get(service.serviceId)?.waiting ?? 0);
      this.serviceOldest.set(labels, waiting.get(service.serviceId)?.oldest ?? 0);
      this.serviceSent.set(labels, perService.sentLastMinuteByService.find((row) => row.sendingService === service.serviceId)?.sent ?? 0);
      this.serviceRateLimited.set(labels, rateLimited[index]);
      this.serviceRate.set(labels, service.ratePerMinute);
    });
    for (const service of services) {
      for (const channel of NOTIFY_CHANNELS) {
        const labels = { sending_service: service.serviceId, channel };
        this.dailyLimit.set(labels, service.dailyLimits[channel]);
        this.dailyUsed.set(labels, daily.find((row) => row.sendingService === service.serviceId && row.channel === channel)?.used ?? 0);
      }
    }
  }
}
