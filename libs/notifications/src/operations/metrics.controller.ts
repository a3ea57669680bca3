import { MetricsRegistry, Public, QueueName, QueueService } from '@app/core';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Gauge } from 'prom-client';
import { NotificationRepository } from '../notification.repository';

const LANE_QUEUES: Record<string, QueueName> = { 'staff-alert': QueueName.StaffAlerts, notice: QueueName.PatientNotices };

/**
 * Prometheus text at /metrics. Figures are read from Redis and Postgres at scrape time, so every API
 * replica reports the same numbers whatever worker did the sending. No personal data, so no login.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  private readonly queueDepth: Gauge<'lane'>;
  private readonly byStatus: Gauge<'status' | 'lane'>;
  private readonly sentPerMinute: Gauge;
  private readonly failures: Gauge<'status'>;
  private readonly oldest: Gauge;

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly queues: QueueService,
    private readonly registry: MetricsRegistry,
  ) {
    const registers = [registry];
    this.queueDepth = new Gauge({ name: 'strike_ops_queue_depth', help: 'Jobs waiting or running, per lane', labelNames: ['lane'], registers });
    this.byStatus = new Gauge({ name: 'strike_ops_notifications', help: 'Notifications by status and lane', labelNames: ['status', 'lane'], registers });
    this.sentPerMinute = new Gauge({ name: 'strike_ops_notifications_sent_last_minute', help: 'Notifications handed to the provider in the last minute', registers });
    this.failures = new Gauge({ name: 'strike_ops_notification_failures', help: 'Failed notifications by status', labelNames: ['status'], registers });
    this.oldest = new Gauge({ name: 'strike_ops_oldest_unsent_notification_seconds', help: 'Age of the oldest notification not yet sent', registers });
  }

  @Public()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @ApiOperation({ summary: 'Prometheus metrics: queues, notifications and HTTP request durations' })
  async metrics(): Promise<string> {
    await this.refresh();
    return this.registry.metrics();
  }

  private async refresh(): Promise<void> {
    const [figures, depths] = await Promise.all([
      this.notifications.metrics(),
      Promise.all(
        Object.entries(LANE_QUEUES).map(async ([lane, queueName]) => {
          const counts = await this.queues.queue(queueName).getJobCounts('waiting', 'prioritized', 'delayed', 'active');
          return { lane, depth: counts.waiting + counts.prioritized + counts.delayed + counts.active };
        }),
      ),
    ]);
    this.queueDepth.reset();
    for (const { lane, depth } of depths) this.queueDepth.set({ lane }, depth);
    this.byStatus.reset();
    this.failures.reset();
    for (const row of figures.byStatus) {
      this.byStatus.set({ status: row.status, lane: row.lane }, row.count);
      if (row.status.endsWith('failure')) this.failures.inc({ status: row.status }, row.count);
    }
    this.sentPerMinute.set(figures.sentLastMinute);
    this.oldest.set(figures.oldestUnsentSeconds);
  }
}
