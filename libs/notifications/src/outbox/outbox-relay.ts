import { APP_CONFIG, AppConfig, JobName, QueueService, Transactions, TypedJob } from '@app/core';
// The payload types of the send jobs (merged into core's JobPayloads).
import type {} from '../jobs/notification-jobs';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DEPLOYMENT_SENDING_SERVICE } from '../notify-services/notify-service-directory';
import { Client } from 'pg';
import { NOTICE_BATCH, NotificationDispatcher, noticeWindowBatches, SEND_ATTEMPTS } from '../dispatch/notification-dispatcher';
import { NotifyServiceDirectory } from '../notify-services/notify-service-directory';
import { ClaimedNotification, NotificationRepository } from '../notifications/notification.repository';
import { NotificationLane } from '../notifications/notification-status';
import { deadlinePriority } from './job-priority';

/**
 * Staff alerts relayed per transaction. Small, so the first of a 2,000-person recall is on its queue in
 * tens of milliseconds (one claim of 5,000 and its enqueue took 0.9 s before the first could be sent);
 * the rest follow pass after pass, far faster than the send rate drains them.
 */
const STAFF_ALERT_CLAIM = 200;
const STAFF_ALERT_FIRST_CLAIM = 20;
export { NOTICE_BATCH };
const POLL_MS = 1_000;
/**
 * Notice passes at most this often: each batch that finishes asks for one, and a pass reads every service
 * (about 5 ms of PostgreSQL with 20 services sending). A window holds two seconds of a service's rate,
 * so topping it up a quarter of a second late never leaves it empty.
 */
const NOTICE_PASS_GAP_MS = 250;
const LANES: NotificationLane[] = ['staff-alert', 'notice'];

/**
 * Moves pending outbox rows onto the queues. Claim, enqueue and mark happen in one transaction: if Redis
 * is down the enqueue fails, the transaction rolls back and the rows stay pending for the next pass.
 * Each lane drains on its own, so a recall never waits behind a batch of 5,000 notices being relayed.
 * Staff alerts are one job each (job id = notification id); notices go in batches of 50. A commit lost
 * after a successful enqueue leaves rows pending that are already queued: the handler re-checks the
 * stored status, so at worst a batch overlaps (bounded duplicates), never a lost message. Woken by
 * LISTEN/NOTIFY on insert, polled as a fallback. Held messages (`send_after`) are left alone until their
 * time, then released into the claim order by the next pass (at most a second late).
 *
 * Notices are relayed per Notify service, a window at a time (docs/decisions/0012-per-service-notice-windows.md):
 * each service gets at most `noticeWindowBatches` batches on the queue or sending, soonest deadline first
 * among the trusts it sends for. A service that cannot send (429s, its daily limit, a slow key) fills its
 * own window only, so the shared notice queue always has the other services' next batches at its front.
 * Each finished batch wakes the relay for the next one.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private listener: Client | null = null;
  private poller: NodeJS.Timeout | null = null;
  private readonly draining = new Map<NotificationLane, Promise<void>>();
  private readonly wakeAgain = new Set<NotificationLane>();
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly transactions: Transactions,
    private readonly notifications: NotificationRepository,
    private readonly queues: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dispatcher: NotificationDispatcher,
    private readonly directory: NotifyServiceDirectory,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.poller = setInterval(() => this.wake(), POLL_MS);
    this.wake();
  }

  /** Starts a drain of each lane, or asks a running one to go round again. */
  wake(): void {
    if (this.stopped) return;
    for (const lane of LANES) {
      if (this.draining.has(lane)) {
        this.wakeAgain.add(lane);
        continue;
      }
      this.draining.set(
        lane,
        this.drain(lane).finally(() => {
          this.draining.delete(lane);
          if (this.wakeAgain.delete(lane)) this.wake();
        }),
      );
    }
  }

  private async drain(lane: NotificationLane): Promise<void> {
    try {
      await this.notifications.releaseHeld(lane);
      if (lane === 'staff-alert') {
        // The first few on their own, so the first recall is on its queue at once; then 200 at a time.
        let limit = STAFF_ALERT_FIRST_CLAIM;
        while (!this.stopped && (await this.relayStaffAlerts(limit)) === limit) limit = STAFF_ALERT_CLAIM;
      }
      else {
        await this.relayNoticeWindows();
        await new Promise((resolve) => setTimeout(resolve, NOTICE_PASS_GAP_MS));
      }
      this.failures = 0;
    } catch (error) {
      this.failures++;
      if (this.failures === 1 || this.failures % 30 === 0) {
        this.logger.warn({ msg: 'relay paused: could not queue pending notifications (they stay pending)', lane, error: (error as Error).message, failures: this.failures });
      }
    }
  }

  private relayStaffAlerts(limit: number): Promise<number> {
    return this.transactions.run(async (manager) => {
      const claimed = await this.notifications.claimStaffAlerts(manager, limit);
      if (!claimed.length) return 0;
      await this.queues.enqueueMany(staffAlertJobs(claimed));
      // Their services' notices (every process) stop at their next check; other services' carry on.
      await this.dispatcher.noteStaffAlertsQueued(claimed.map((row) => row.trustId)).catch(() => undefined);
      return claimed.length;
    });
  }

  /**
   * One pass: every service's window topped up with whole batches (a part batch only when that is all
   * it has waiting). One pass at a time across processes (an advisory lock), so two relays never both
   * fill the same window.
   */
  private async relayNoticeWindows(): Promise<number> {
    const services = await this.directory.all();
    const own = await this.directory.ownServices();
    return this.transactions.run(async (manager) => {
      await this.notifications.lockNoticeRelay(manager);
      // A service's decision needs its pending count only up to its window (a whole batch, or all that waits).
      const largestWindow = Math.max(NOTICE_BATCH, ...services.map((service) => noticeWindowBatches(service.ratePerMinute) * NOTICE_BATCH));
      const windows = await this.notifications.noticeWindowsByTrust(manager, largestWindow + 1);
      const serviceOfTrust = (trustId: string) => own.get(trustId)?.serviceId ?? DEPLOYMENT_SENDING_SERVICE;
      const jobs: TypedJob[] = [];
      for (const service of services) {
        let pending = 0;
        let inFlight = 0;
        const trusts: string[] = [];
        for (const [trustId, counts] of windows) {
          if (serviceOfTrust(trustId) !== service.serviceId) continue;
          pending += counts.pending;
          inFlight += counts.inFlight;
          if (counts.pending > 0) trusts.push(trustId);
        }
        const room = noticeWindowBatches(service.ratePerMinute) * NOTICE_BATCH - inFlight;
        if (!pending || room <= 0) continue;
        const take = room >= NOTICE_BATCH ? Math.floor(room / NOTICE_BATCH) * NOTICE_BATCH : pending <= room ? pending : 0;
        if (!take) continue;
        const claimed = await this.notifications.claimNoticesOfService(manager, { trustIds: trusts }, take);
        jobs.push(...noticeJobs(claimed));
      }
      if (jobs.length) await this.queues.enqueueMany(jobs);
      return jobs.length;
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
    await Promise.all(this.draining.values());
    await this.listener?.end().catch(() => undefined);
  }
}

/**
 * A message handed back to wait (Notify's daily limit) is relayed again later: its new job needs a new
 * id, or BullMQ would take it for the finished one and drop it. Within one hand-over the id stays the
 * same, so relaying a row twice (a commit lost after the enqueue) still makes one job.
 */
function generation(row: ClaimedNotification): string {
  return row.holds > 0 ? `-h${row.holds}` : '';
}

function staffAlertJobs(rows: ClaimedNotification[]): TypedJob[] {
  return rows.map((row) => ({ name: JobName.SendStaffAlert, data: { notificationId: row.id }, jobId: `notify-${row.id}${generation(row)}`, opts: jobOptions() }));
}

/** Rows arrive in deadline order; each batch takes the priority of its soonest deadline. */
function noticeJobs(rows: ClaimedNotification[]): TypedJob[] {
  const jobs: TypedJob[] = [];
  for (let start = 0; start < rows.length; start += NOTICE_BATCH) {
    const batch = rows.slice(start, start + NOTICE_BATCH);
    jobs.push({
      name: JobName.SendNotices,
      data: { notificationIds: batch.map((row) => row.id) },
      jobId: `notices-${batch[0].id}-${batch.length}${generation(batch[0])}`,
      opts: { ...jobOptions(), priority: deadlinePriority(batch[0].deadline) },
    });
  }
  return jobs;
}

function jobOptions() {
  return {
    attempts: SEND_ATTEMPTS,
    backoff: { type: 'exponential' as const, delay: 2_000 },
    removeOnComplete: { age: 3_600, count: 50_000 },
    removeOnFail: { age: 7 * 24 * 3_600 },
  };
}
