import { Clock, DAY_MS } from '@app/core';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MessageBudgetRepository } from '../limits/message-budget.repository';
import { utcDay } from '../limits/notify-daily-limit';
import { NotifyDailyUsageRepository } from '../limits/notify-daily-usage.repository';

const SWEEP_MS = 3_600_000;

/**
 * Deletes counters of periods long over (only the current hour and day are ever read; a week of daily
 * usage is kept for anyone looking back at a busy day). Run by the worker; safe in several at once.
 */
@Injectable()
export class MessagingHousekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MessagingHousekeeping');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly budgets: MessageBudgetRepository,
    private readonly dailyUsage: NotifyDailyUsageRepository,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.trigger(), SWEEP_MS);
    this.timer.unref();
    this.trigger();
  }

  private trigger(): void {
    if (this.running) return;
    this.running = this.sweep()
      .catch((error) => this.logger.warn({ msg: 'messaging housekeeping failed; will retry', error: (error as Error).message }))
      .finally(() => (this.running = null));
  }

  async sweep(): Promise<void> {
    const now = this.clock.now().getTime();
    await this.budgets.deleteBefore(new Date(now - 2 * DAY_MS));
    await this.dailyUsage.deleteBefore(utcDay(new Date(now - 7 * DAY_MS)));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
