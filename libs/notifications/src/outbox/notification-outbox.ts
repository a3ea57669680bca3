import { APP_CONFIG, AppConfig, Clock, ErrorDetail, UnitOfWork } from '@app/core';
import { SMS_FITS_BY_CONSTRUCTION, smsTooLong } from '../messages/sms-fit';
import { Inject, Injectable } from '@nestjs/common';
import { budgetLimits, budgetOf, BudgetPeriod, describeRefusal, firstOverflow, limitOf, MessageBudgetName, periodEnd } from '../limits/message-budget';
import { MessageBudgetRepository } from '../limits/message-budget.repository';
import { NotifyPurpose } from '../messages/notify-purpose';
import { laneOf } from '../notifications/notification-status';
import { NotificationError, NotificationErrorCode } from '../notifications.errors';
import { MessagingMetrics } from '../operations/messaging-metrics';
import { NewNotification } from './new-notification';

export interface OutboxWriteOptions {
  /**
   * `enforce` (the default): a command that would overflow the trust's budget is refused with 429 and,
   * because the error rolls back the caller's transaction, changes nothing. `count`: counted but never
   * refused, for messages that follow from something already decided (a rebooking run admitted when it
   * started, a patient's own confirmation, the escalation of a recall).
   */
  budget?: 'enforce' | 'count';
  /**
   * What the caller's client called the text that goes into these messages, for MESSAGE_TOO_LONG
   * (`description`, `items[3].note`); `personalisation` when not given.
   */
  textField?: (index: number) => string;
}

export interface WithdrawnMessage {
  id: string;
  subjectId: string;
  staffId: string | null;
  purpose: NotifyPurpose;
}

/**
 * The one way features send messages (docs/decisions/0001-transactional-outbox-and-relay.md): rows written with the caller's
 * transaction (UnitOfWork), so they commit or roll back with the change that caused them. If Redis is down the
 * change still commits; the relay queues the rows when it can. The trust's message budget is counted
 * (and enforced) here, in the same transaction, for what the command actually adds.
 */
@Injectable()
export class NotificationOutbox {
  constructor(
    private readonly budgets: MessageBudgetRepository,
    private readonly metrics: MessagingMetrics,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns how many were created (rows whose dedupe key already exists are skipped). */
  async createMany(manager: UnitOfWork, notifications: NewNotification[], options: OutboxWriteOptions = {}): Promise<number> {
    this.assertTextsFit(notifications, options);
    const added = new Map<string, Map<MessageBudgetName, number>>();
    const CHUNK = 5_000;
    for (let start = 0; start < notifications.length; start += CHUNK) {
      const chunk = notifications.slice(start, start + CHUNK);
      const rows: { trustId: string; purpose: NotifyPurpose }[] = await manager.query(
        `INSERT INTO notification (trust_id, recipient_type, patient_id, staff_id, purpose, lane, personalisation, deadline, walkout_id, subject_id, source_type, source_id, dedupe_key, send_after, held_reason)
         SELECT u.trust_id, u.recipient_type, u.patient_id, u.staff_id, u.purpose, u.lane, u.personalisation, u.deadline, u.walkout_id, u.subject_id, u.source_type, u.source_id, u.dedupe_key,
                CASE WHEN u.hold_seconds > 0 THEN now() + make_interval(secs => u.hold_seconds) END,
                CASE WHEN u.hold_seconds > 0 THEN 'coalescing' END
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[], $9::uuid[], $10::uuid[], $11::text[], $12::uuid[], $13::text[], $14::int[])
           AS u(trust_id, recipient_type, patient_id, staff_id, purpose, lane, personalisation, deadline, walkout_id, subject_id, source_type, source_id, dedupe_key, hold_seconds)
         ON CONFLICT (trust_id, dedupe_key) DO NOTHING
         RETURNING trust_id AS "trustId", purpose`,
        [
          chunk.map((n) => n.trustId),
          chunk.map((n) => n.recipient.type),
          chunk.map((n) => (n.recipient.type === 'patient' ? n.recipient.patientId : null)),
          chunk.map((n) => (n.recipient.type === 'staff' ? n.recipient.staffId : null)),
          chunk.map((n) => n.purpose),
          chunk.map((n) => laneOf(n.purpose)),
          chunk.map((n) => JSON.stringify(n.personalisation)),
          chunk.map((n) => n.deadline ?? null),
          chunk.map((n) => n.walkoutId ?? null),
          chunk.map((n) => n.subjectId ?? null),
          chunk.map((n) => n.source?.type ?? null),
          chunk.map((n) => n.source?.id ?? null),
          chunk.map((n) => n.dedupeKey ?? null),
          chunk.map((n) => Math.max(0, Math.round(n.holdForSeconds ?? 0))),
        ],
      );
      for (const row of rows) {
        const byBudget = added.get(row.trustId) ?? new Map<MessageBudgetName, number>();
        byBudget.set(budgetOf(row.purpose), (byBudget.get(budgetOf(row.purpose)) ?? 0) + 1);
        added.set(row.trustId, byBudget);
      }
    }
    await this.count(manager, added, options.budget ?? 'enforce');
    let created = 0;
    for (const byBudget of added.values()) for (const count of byBudget.values()) created += count;
    return created;
  }

  /**
   * A text too long for Notify is refused here, when it is written (400 MESSAGE_TOO_LONG naming the
   * field; the caller's transaction rolls back), not at sending. Only purposes not proven to fit by
   * construction are rendered (messages/sms-fit.ts), so bulk notices cost nothing here.
   */
  private assertTextsFit(notifications: NewNotification[], options: OutboxWriteOptions): void {
    const problems: ErrorDetail[] = [];
    notifications.forEach((notification, index) => {
      if (SMS_FITS_BY_CONSTRUCTION.has(notification.purpose)) return;
      const problem = smsTooLong(notification.purpose, notification.personalisation as never, this.config.publicBaseUrl, options.textField?.(index) ?? `notifications[${index}].personalisation`);
      if (problem) problems.push(problem);
    });
    if (problems.length) throw new NotificationError(NotificationErrorCode.MessageTooLong, 'A text message would be longer than GOV.UK Notify allows (918 characters)', problems);
  }

  /**
   * Refuses (429, nothing counted) when `count` more messages of `budget` would not fit now. For a
   * command whose messages are written later (a rebooking run offers dates in the worker): it is
   * admitted for the most it could send.
   */
  async assertBudgetFits(trustId: string, budget: MessageBudgetName, count: number): Promise<void> {
    const limits = budgetLimits(budget, this.config.messaging);
    if (!limits || count <= 0) return;
    const now = this.clock.now();
    const used = await this.budgets.current(trustId, budget, now);
    const after = (['day', 'hour'] as BudgetPeriod[]).map((period) => ({ budget, period, used: used[period] + count }));
    const refusal = firstOverflow(after, new Map([[budget, count]]), this.config.messaging, now);
    if (refusal) this.refuse(trustId, refusal);
  }

  /** What a trust may still queue of one budget before the hour or the day runs out (null: unlimited). */
  async remainingBudget(trustId: string, budget: MessageBudgetName): Promise<{ remaining: number; freesAt: Date } | null> {
    const limits = budgetLimits(budget, this.config.messaging);
    if (!limits) return null;
    const now = this.clock.now();
    const used = await this.budgets.current(trustId, budget, now);
    const hour = limitOf(limits, 'hour') - used.hour;
    const day = limitOf(limits, 'day') - used.day;
    return day <= hour ? { remaining: Math.max(0, day), freesAt: periodEnd('day', now) } : { remaining: Math.max(0, hour), freesAt: periodEnd('hour', now) };
  }

  /**
   * Withdraws messages not yet handed to the provider (e.g. reminders after someone answered, a cover
   * notice for a shift removed before it went). Returns what it withdrew, so a caller can tell whether
   * the person ever heard (nothing withdrawn: the message already went).
   */
  async cancelUnsent(
    manager: UnitOfWork,
    trustId: string,
    filter: { subjectId?: string; subjectIds?: string[]; staffIds?: string[]; exceptStaffIds?: string[]; purposes?: NotifyPurpose[] },
  ): Promise<WithdrawnMessage[]> {
    const subjectIds = filter.subjectIds ?? (filter.subjectId ? [filter.subjectId] : []);
    if (!subjectIds.length) return [];
    return manager.query(
      `WITH cancelled AS (
         UPDATE notification SET status = 'cancelled', completed_at = now(), send_after = NULL, held_reason = NULL
         WHERE trust_id = $1 AND subject_id = ANY($2::uuid[]) AND status IN ('pending', 'queued')
           AND ($3::uuid[] IS NULL OR staff_id = ANY($3::uuid[]))
           AND ($4::text[] IS NULL OR purpose = ANY($4::text[]))
           AND (staff_id IS NULL OR staff_id <> ALL($5::uuid[]))
         RETURNING id, subject_id, staff_id, purpose
       ) SELECT id, subject_id AS "subjectId", staff_id AS "staffId", purpose FROM cancelled`,
      [trustId, subjectIds, filter.staffIds ?? null, filter.purposes ?? null, filter.exceptStaffIds ?? []],
    );
  }

  private async count(manager: UnitOfWork, added: Map<string, Map<MessageBudgetName, number>>, mode: 'enforce' | 'count'): Promise<void> {
    const now = this.clock.now();
    // Trusts in a fixed order: two multi-trust writes never take each other's counter locks crosswise.
    for (const trustId of [...added.keys()].sort()) {
      const counts = added.get(trustId)!;
      const after = await this.budgets.add(manager, trustId, counts, now);
      if (mode !== 'enforce') continue;
      const refusal = firstOverflow(after, counts, this.config.messaging, now);
      if (refusal) this.refuse(trustId, refusal);
    }
  }

  private refuse(trustId: string, refusal: NonNullable<ReturnType<typeof firstOverflow>>): never {
    this.metrics.budgetRefusals.inc({ trust_id: trustId, budget: refusal.budget, period: refusal.period });
    throw new NotificationError(NotificationErrorCode.MessageBudgetExceeded, describeRefusal(refusal), [], {
      conflict: {
        budget: refusal.budget,
        period: refusal.period,
        limit: String(refusal.limit),
        used: String(refusal.usedBefore),
        requested: String(refusal.requested),
        freesAt: refusal.freesAt.toISOString(),
      },
      retryAfterSeconds: Math.max(1, Math.ceil((refusal.freesAt.getTime() - this.clock.now().getTime()) / 1000)),
    });
  }
}
