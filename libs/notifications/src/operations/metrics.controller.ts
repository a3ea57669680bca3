import { Public, QueueName, QueueService } from '@app/core';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Gauge, Registry } from 'prom-client';
import { NotificationRepository } from '../notification.repository';

const LANE_QUEUES: Record<string, QueueName> = { 'staff-alert': QueueName.StaffAlerts, notice: QueueName.PatientNotices };

/**
 * Prometheus text at /metrics. Figures are read from Redis and Postgres at scrape time, so every API
 * replica reports the same numbers whatever worker did the sending. No personal data, so no login.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly registry = new Registry();

  constructor(notifications: NotificationRepository, queues: QueueService) {
    const registers = [this.registry];
    // Registered first, so its collect (run at each scrape, in registration order) refreshes every
    // gauge below before they are read.
    new Gauge({
      name: 'strike_ops_queue_depth',
      help: 'Jobs waiting or running, per lane',
      labelNames: ['lane'],
      registers,
      async collect() {
        this.reset();
        for (const [lane, queueName] of Object.entries(LANE_QUEUES)) {
          const counts = await queues.queue(queueName).getJobCounts('waiting', 'prioritized', 'delayed', 'active');
          this.set({ lane }, counts.waiting + counts.prioritized + counts.delayed + counts.active);
        }
        const figures = await notifications.metrics();
        byStatus.reset();
        failures.reset();
        for (const row of figures.byStatus) {
          byStatus.set({ status: row.status, lane: row.lane }, row.count);
          if (row.status.endsWith('failure')) failures.inc({ status: row.status }, row.count);
        }
        sentPerMinute.set(figures.sentLastMinute);
        oldest.set(figures.oldestUnsentSeconds);
      },
    });
    const byStatus = new Gauge({ name: 'strike_ops_notifications', help: 'Notifications by status and lane', labelNames: ['status', 'lane'], registers });
    const sentPerMinute = new Gauge({ name: 'strike_ops_notifications_sent_last_minute', help: 'Notifications handed to the provider in the last minute', registers });
    const failures = new Gauge({ name: 'strike_ops_notification_failures', help: 'Failed notifications by status', labelNames: ['status'], registers });
    const oldest = new Gauge({ name: 'strike_ops_oldest_unsent_notification_seconds', help: 'Age of the oldest notification not yet sent', registers });
  }

  @Public()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
