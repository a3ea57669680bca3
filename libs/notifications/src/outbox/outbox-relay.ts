import { APP_CONFIG, AppConfig, JobName, QueueService, TypedJob } from '@app/core';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { SEND_ATTEMPTS } from '../dispatch/notification-dispatcher';
import { NotificationRepository } from '../notification.repository';
import { deadlinePriority } from './job-priority';

const BATCH = 1_000;
const POLL_MS = 1_000;

/**
 * Moves pending outbox rows onto the queues. Claim, enqueue and mark happen in one transaction: if Redis
 * is down the enqueue fails, the transaction rolls back and the rows stay pending for the next pass.
 * Job ids are the notification ids, so enqueueing a row twice (a commit lost after the enqueue) adds
 * nothing; the handler re-checks the stored status anyway. Woken by LISTEN/NOTIFY on insert, polled as
 * a fallback.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private listener: Client | null = null;
  private poller: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private wakeAgain = false;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly queues: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.poller = setInterval(() => this.wake(), POLL_MS);
    this.wake();
  }

  /** Starts a drain, or asks the running one to go round again. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.wakeAgain) {
        this.wakeAgain = false;
        this.wake();
      }
    });
  }

  /** Relays until nothing is pending; exposed for tests and benchmarks. */
  async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.relayBatch()) === BATCH);
      this.failures = 0;
    } catch (error) {
      this.failures++;
      if (this.failures === 1 || this.failures % 30 === 0) {
        this.logger.warn({ msg: 'relay paused: could not queue pending notifications (they stay pending)', error: (error as Error).message, failures: this.failures });
      }
    }
  }

  private relayBatch(): Promise<number> {
    return this.notifications.transaction(async (manager) => {
      const claimed = await this.notifications.claimPending(manager, BATCH);
      if (!claimed.length) return 0;
      const jobs: TypedJob[] = claimed.map((row) =>
        row.lane === 'staff-alert'
          ? { name: JobName.SendStaffAlert, data: { notificationId: row.id }, jobId: `notify-${row.id}`, opts: jobOptions() }
          : { name: JobName.SendNotice, data: { notificationId: row.id }, jobId: `notify-${row.id}`, opts: { ...jobOptions(), priority: deadlinePriority(row.deadline) } },
      );
      await this.queues.addBulk(jobs);
      await this.notifications.markQueued(
        manager,
        claimed.map((row) => row.id),
      );
      return claimed.length;
    });
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl });
    client.on('notification', () => this.wake());
    client.on('error', () => undefined);
    client.on('end', () => {
      this.listener = null;
      if (!this.stopped) setTimeout(() => void this.listen().catch(() => undefined), 1_000);
    });
    try {
      await client.connect();
      await client.query('LISTEN notification_outbox');
      this.listener = client;
    } catch (error) {
      this.logger.warn({ msg: 'outbox LISTEN failed; polling only until it reconnects', error: (error as Error).message });
      await client.end().catch(() => undefined);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    await this.draining;
    await this.listener?.end().catch(() => undefined);
  }
}

function jobOptions() {
  return {
    attempts: SEND_ATTEMPTS,
    backoff: { type: 'exponential' as const, delay: 2_000 },
    removeOnComplete: { age: 3_600, count: 50_000 },
    removeOnFail: { age: 7 * 24 * 3_600 },
  };
}
