import { UnitOfWork } from '@app/core';
import { recipientContactJoin } from '@app/organisations';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotifyChannel, NotifyPurpose } from '../messages/notify-purpose';
import { NotificationLane, NotificationStatus, RecipientType } from './notification-status';

export interface ClaimedNotification {
  id: string;
  trustId: string;
  lane: NotificationLane;
  deadline: Date | null;
  /** How often it was handed back to wait (e.g. for Notify's daily limit): part of its job id. */
  holds: number;
}

export interface DispatchRecord {
  id: string;
  trustId: string;
  purpose: NotifyPurpose;
  lane: NotificationLane;
  status: NotificationStatus;
  personalisation: Record<string, unknown>;
  deadline: Date | null;
  attempts: number;
  channel: NotifyChannel | null;
  /** Set while it waits (coalescing or Notify's daily limit); the relay sends it again when it ends. */
  sendAfter: Date | null;
  /** The Notify service it was last handed to (set when a send starts): where to look it up again. */
  sendingService: string | null;
  recipient: {
    preferredChannel: NotifyChannel | null;
    mobile: string | null;
    email: string | null;
    addressLines: string[] | null;
    postcode: string | null;
  };
}

export interface NotificationRecord {
  id: string;
  trustId: string;
  recipientType: RecipientType;
  recipientId: string;
  purpose: NotifyPurpose;
  lane: NotificationLane;
  status: NotificationStatus;
  channel: NotifyChannel | null;
  deadline: Date | null;
  walkoutId: string | null;
  subjectId: string | null;
  attempts: number;
  providerId: string | null;
  failureReason: string | null;
  createdAt: Date;
  queuedAt: Date | null;
  sentAt: Date | null;
  completedAt: Date | null;
  /** Not before this time (held briefly for coalescing, or until Notify's daily limit resets). */
  sendAfter: Date | null;
  heldReason: HeldReason | null;
}

export interface NotificationWithPersonalisation extends NotificationRecord {
  personalisation: Record<string, unknown>;
}

/** Why a message waits: a correction window, Notify's daily limit, or the networks' per-number caps. */
/** Where a text went: the digest of the number (phoneNumberDigest); the service is `sending_service`. */
export interface TextedTo {
  numberDigest: string;
}

export type HeldReason = 'coalescing' | 'daily-limit' | 'number-cap';

/**
 * Which trusts' notices one Notify service sends: a trust's own service (`trustIds`), or the
 * deployment's (every trust but those with their own, `exceptTrustIds`).
 */
export type ServiceScope = { trustIds: string[] } | { exceptTrustIds: string[] };

/**
 * One Notify service's unsent messages in its send order, each numbered by its place (`position`), as
 * two subqueries (columns id, trust_id, walkout_id, deadline, send_after, position): those not held,
 * staff alerts first then soonest deadline (the relay's claim order; `id` breaks ties), and those held,
 * which join the order when their hold ends (a short order by `send_after`: `notification_held`).
 * `scopeParam` is the number of the query parameter holding the scope's trust ids.
 *
 * A service's order is only its own trusts' messages (decision 13): a trust with its own service is
 * numbered among its own rows (`notification_trust_send_order`, trust first: the pass reads that trust
 * only), the deployment's among every trust without one (`notification_send_order`, one index-only pass
 * in order, no sort). Each kind of scope gets its own statement text, so each is planned for its index
 * rather than one plan with an `IS NULL OR` that must read the whole nation for both.
 */
function sendOrderOf(scope: ServiceScope, scopeParam: number): { unheld: string; held: string } {
  const ofService = ofServiceFilter(scope, scopeParam);
  return {
    unheld: `SELECT id, trust_id, walkout_id, deadline, NULL::timestamptz AS send_after,
                    row_number() OVER (ORDER BY (lane <> 'staff-alert'), deadline, created_at, id) AS position
             FROM notification WHERE status IN ('pending', 'queued', 'sending') AND send_after IS NULL AND ${ofService}`,
    held: `SELECT id, trust_id, walkout_id, deadline, send_after,
                  row_number() OVER (ORDER BY (lane <> 'staff-alert'), send_after, deadline, created_at, id) AS position
           FROM notification WHERE status = 'pending' AND send_after IS NOT NULL AND ${ofService}`,
  };
}

/** The rows of the scope's trusts (the statement text differs per kind of scope: see sendOrderOf). */
function ofServiceFilter(scope: ServiceScope, scopeParam: number, alias = ''): string {
  return 'trustIds' in scope ? `${alias}trust_id = ANY($${scopeParam}::uuid[])` : `${alias}trust_id <> ALL($${scopeParam}::uuid[])`;
}

/** The trusts of a scope as one parameter (see sendOrderOf): its own trusts, or the ones it leaves out. */
function scopeTrustIds(scope: ServiceScope): string[] {
  return 'trustIds' in scope ? scope.trustIds : scope.exceptTrustIds;
}

/** A walkout's unsent messages with their place in their service's send order (`$1` trust, `$2` walkout). */
function walkoutInSendOrder(scope: ServiceScope, scopeParam: number): string {
  const order = sendOrderOf(scope, scopeParam);
  return `SELECT id, deadline, send_after, position FROM (${order.unheld}) unheld WHERE trust_id = $1 AND walkout_id = $2
          UNION ALL
          SELECT id, deadline, send_after, position FROM (${order.held}) held WHERE trust_id = $1 AND walkout_id = $2`;
}

const RECORD_COLUMNS = `
  id, trust_id AS "trustId", recipient_type AS "recipientType", COALESCE(patient_id, staff_id) AS "recipientId",
  purpose, lane, status, channel, deadline, walkout_id AS "walkoutId", subject_id AS "subjectId", attempts,
  provider_id AS "providerId", failure_reason AS "failureReason", created_at AS "createdAt", queued_at AS "queuedAt",
  sent_at AS "sentAt", completed_at AS "completedAt", send_after AS "sendAfter", held_reason AS "heldReason"`;

const SELECT_RECORD = `SELECT ${RECORD_COLUMNS} FROM notification`;

/**
 * Every status change is a guarded UPDATE (`WHERE status IN …`), so a retried job, a late receipt or a
 * second worker can never move a notification backwards. Bare UPDATE … RETURNING is wrapped in a CTE
 * because TypeORM returns [rows, count] for it.
 */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims pending staff alerts (recalls, reminders, stand-downs), soonest deadline first, and marks them queued in the same statement
   * (the caller's transaction rolls the mark back if the enqueue then fails). SKIP LOCKED lets several
   * relays share the work. Returned in claim order.
   */
  async claimStaffAlerts(manager: UnitOfWork, limit: number): Promise<ClaimedNotification[]> {
    // Spelled `lane = 'staff-alert'` to match `notification_staff_alert_pending`: PostgreSQL rewrites
    // `(lane <> 'staff-alert') = false` into exactly this, which no longer matched the expression index,
    // and every idle pass then read all the waiting notices to find no staff alert (50–100 ms at 100,000).
    const rows: (ClaimedNotification & { createdAt: Date })[] = await manager.query(
      `WITH claimed AS (
         SELECT id FROM notification WHERE status = 'pending' AND send_after IS NULL AND lane = 'staff-alert'
         ORDER BY deadline, created_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ), queued AS (
         UPDATE notification n SET status = 'queued', queued_at = now() FROM claimed WHERE n.id = claimed.id
         RETURNING n.id, n.trust_id AS "trustId", n.lane, n.deadline, n.holds, n.created_at AS "createdAt"
       ) SELECT * FROM queued`,
      [limit],
    );
    // UPDATE … RETURNING does not keep the CTE's order (and is wrapped: TypeORM returns [rows, count] for a bare UPDATE).
    const time = (date: Date | null) => (date ? date.getTime() : Number.MAX_SAFE_INTEGER);
    rows.sort((a, b) => time(a.deadline) - time(b.deadline) || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
    return rows.map(({ id, trustId, lane: rowLane, deadline, holds }) => ({ id, trustId, lane: rowLane, deadline, holds }));
  }

  /**
   * Notices claimed for one Notify service: at most `limit` of the trusts it sends for, soonest deadline
   * first across those trusts (so trusts sharing the deployment's key share it by deadline, not by who
   * queued first), marked queued in the same statement. See docs/decisions/0012-per-service-notice-windows.md.
   */
  async claimNoticesOfService(manager: UnitOfWork, scope: ServiceScope, limit: number): Promise<ClaimedNotification[]> {
    // The trust condition is chosen here rather than bound as `($2 IS NULL OR …)`: a generic plan of that
    // form uses neither index and sorted every waiting notice on each pass. One trust (a trust's own
    // service) reads `notification_trust_pending_claim` in deadline order; several (the deployment's key)
    // read `notification_send_order` in deadline order, skipping other trusts' rows.
    const trusts =
      'trustIds' in scope
        ? scope.trustIds.length === 1
          ? { condition: 'trust_id = $2::uuid', value: scope.trustIds[0] as string | string[] }
          : { condition: 'trust_id = ANY($2::uuid[])', value: scope.trustIds }
        : { condition: 'trust_id <> ALL($2::uuid[])', value: scope.exceptTrustIds };
    const rows: (ClaimedNotification & { createdAt: Date })[] = await manager.query(
      `WITH claimed AS (
         SELECT id FROM notification
         WHERE status = 'pending' AND send_after IS NULL AND (lane <> 'staff-alert') AND ${trusts.condition}
         ORDER BY deadline, created_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ), queued AS (
         UPDATE notification n SET status = 'queued', queued_at = now() FROM claimed WHERE n.id = claimed.id
         RETURNING n.id, n.trust_id AS "trustId", n.lane, n.deadline, n.holds, n.created_at AS "createdAt"
       ) SELECT * FROM queued`,
      [limit, trusts.value],
    );
    const time = (date: Date | null) => (date ? date.getTime() : Number.MAX_SAFE_INTEGER);
    rows.sort((a, b) => time(a.deadline) - time(b.deadline) || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
    return rows.map(({ id, trustId, lane: rowLane, deadline, holds }) => ({ id, trustId, lane: rowLane, deadline, holds }));
  }

  /**
   * Per trust: notices on the queue or being sent (what each service already has in flight), and notices
   * waiting to be claimed counted up to `pendingUpTo` (the relay only asks "is there a window's worth?").
   * Both sides stay small however long the backlog: the trusts with notices waiting are found by a skip
   * scan of `notification_trust_pending_claim` (one index probe per trust), each counted with a LIMIT, and
   * the in-flight rows have their own partial index (`lane = 'notice'` there and here, so the planner
   * cannot take `notification_send_order`, whose leading column is `lane <> 'staff-alert'`, and read every
   * waiting notice to find the few in flight). Serialised with the other relays' passes by
   * `lockNoticeRelay`, so the windows hold across worker processes.
   */
  async noticeWindowsByTrust(manager: UnitOfWork, pendingUpTo: number): Promise<Map<string, { pending: number; inFlight: number }>> {
    const rows: { trustId: string; pending: number; inFlight: number }[] = await manager.query(
      `WITH RECURSIVE waiting AS (
         (SELECT trust_id FROM notification WHERE status = 'pending' AND send_after IS NULL AND lane <> 'staff-alert' ORDER BY trust_id LIMIT 1)
         UNION ALL
         SELECT (SELECT n.trust_id FROM notification n
                 WHERE n.status = 'pending' AND n.send_after IS NULL AND n.lane <> 'staff-alert' AND n.trust_id > w.trust_id
                 ORDER BY n.trust_id LIMIT 1)
         FROM waiting w WHERE w.trust_id IS NOT NULL
       ), pending AS (
         SELECT w.trust_id,
                (SELECT count(*) FROM (SELECT 1 FROM notification n
                   WHERE n.trust_id = w.trust_id AND n.status = 'pending' AND n.send_after IS NULL AND n.lane <> 'staff-alert' LIMIT $1) up_to)::int AS n
         FROM waiting w WHERE w.trust_id IS NOT NULL
       ), in_flight AS (
         SELECT trust_id, count(*)::int AS n FROM notification
         WHERE lane = 'notice' AND status IN ('queued', 'sending') AND send_after IS NULL GROUP BY trust_id
       )
       SELECT coalesce(p.trust_id, f.trust_id) AS "trustId", coalesce(p.n, 0) AS pending, coalesce(f.n, 0) AS "inFlight"
       FROM pending p FULL JOIN in_flight f ON f.trust_id = p.trust_id`,
      [pendingUpTo],
    );
    return new Map(rows.map((row) => [row.trustId, { pending: row.pending, inFlight: row.inFlight }]));
  }

  /** One notice relay pass at a time across every worker process (held to the end of the transaction). */
  async lockNoticeRelay(manager: UnitOfWork): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(1765300000)`);
  }

  /** Held messages whose time has come become claimable again (in their lane's usual order). */
  async releaseHeld(lane: NotificationLane): Promise<number> {
    const rows = await this.dataSource.query(
      `WITH released AS (
         UPDATE notification SET send_after = NULL, held_reason = NULL
         WHERE status = 'pending' AND send_after IS NOT NULL AND send_after <= now() AND (lane <> 'staff-alert') = $1
         RETURNING 1
       ) SELECT count(*)::int AS n FROM released`,
      [lane !== 'staff-alert'],
    );
    return rows[0].n;
  }

  /**
   * Hands a message back to wait until `until` (it is claimed again then, with a new job id): one queued,
   * or one Notify has just refused ("sending", but not accepted).
   */
  async hold(id: string, until: Date, reason: HeldReason): Promise<boolean> {
    return this.guardedUpdate(
      `UPDATE notification SET status = 'pending', send_after = $2, held_reason = $3, holds = holds + 1, queued_at = NULL
       WHERE id = $1 AND status IN ('pending', 'queued', 'sending') RETURNING id`,
      [id, until, reason],
    );
  }

  /**
   * One query for a batch of concurrent jobs; results in the order of `ids` (null where missing). The
   * recipient's contact details come in the same statement, through the join organisations publishes
   * for it (`recipientContactJoin`: a second round trip here would slow every recall).
   */
  async loadManyForDispatch(ids: string[]): Promise<(DispatchRecord | null)[]> {
    const rows: DispatchRecord[] = await this.dataSource.query(
      `SELECT n.id, n.trust_id AS "trustId", n.purpose, n.lane, n.status, n.personalisation, n.deadline, n.attempts, n.channel, n.send_after AS "sendAfter", n.sending_service AS "sendingService",
              json_build_object(
                'preferredChannel', c.preferred_channel,
                'mobile', c.mobile,
                'email', c.email,
                'addressLines', c.address_lines,
                'postcode', c.postcode) AS recipient
       FROM notification n
       ${recipientContactJoin('c', 'n.patient_id', 'n.staff_id')}
       WHERE n.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Claims the sends; false where another attempt already finished one. */
  async markManySending(items: { id: string; channel: NotifyChannel; sendingService: string }[]): Promise<boolean[]> {
    const claimed = await this.changedIds(
      `UPDATE notification n SET status = 'sending', channel = u.channel, attempts = n.attempts + 1, sending_at = now(), sending_service = u.service
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, channel, service)
       WHERE n.id = u.id AND n.status IN ('pending', 'queued', 'sending') RETURNING n.id`,
      [items.map((i) => i.id), items.map((i) => i.channel), items.map((i) => i.sendingService)],
    );
    return items.map((item) => claimed.has(item.id));
  }

  /** Also drops any link or calendar token from the stored personalisation: once sent, only the recipient holds it. */
  async markSent(id: string, providerId: string, channel: NotifyChannel | null): Promise<boolean> {
    return (await this.markManySent([{ id, providerId, channel }]))[0];
  }

  /**
   * `textedTo` (the digest of the number a text went to) and the `sending_service` it was claimed with
   * are what a reply is matched by (replies: "the most recent message this service sent that number").
   */
  async markManySent(items: { id: string; providerId: string; channel: NotifyChannel | null; textedTo?: TextedTo | null }[]): Promise<boolean[]> {
    const sent = await this.changedIds(
      `UPDATE notification n SET status = 'sent', provider_id = u.provider_id, channel = COALESCE(u.channel, n.channel), sent_at = now(),
              personalisation = n.personalisation - 'linkToken' - 'calendarToken',
              sent_to_digest = COALESCE(decode(u.sent_to, 'hex'), n.sent_to_digest)
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, provider_id, channel, sent_to)
       WHERE n.id = u.id AND n.status IN ('pending', 'queued', 'sending') RETURNING n.id`,
      [items.map((i) => i.id), items.map((i) => i.providerId), items.map((i) => i.channel), items.map((i) => i.textedTo?.numberDigest ?? null)],
    );
    return items.map((item) => sent.has(item.id));
  }

  async markFailed(id: string, status: 'permanent-failure' | 'technical-failure', reason: string): Promise<boolean> {
    return this.guardedUpdate(
      `UPDATE notification SET status = $2, failure_reason = $3, completed_at = now()
       WHERE id = $1 AND status IN ('pending', 'queued', 'sending') RETURNING id`,
      [id, status, reason],
    );
  }

  /** After a 429 the message was not accepted: it waits in the queue again, not in "sending". */
  async backToQueued(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE notification SET status = 'queued' WHERE id = $1 AND status = 'sending'`, [id]);
  }

  /**
   * Delivery receipts: only from a non-final status, so repeats and out-of-order receipts change nothing;
   * and only a message sent through the service whose token the receipt came with (`from`): a trust's
   * token reaches that trust's messages sent through its own service, the deployment's token messages
   * sent through the deployment's (NULL: sent before services were recorded, always the deployment's).
   */
  async applyReceipt(id: string, status: NotificationStatus, providerId: string, completedAt: Date | null, from: { serviceId: string; trustId: string | null }): Promise<boolean> {
    return this.guardedUpdate(
      `UPDATE notification SET status = $2, completed_at = COALESCE($4, now()),
              provider_id = COALESCE(provider_id, $3),
              failure_reason = CASE WHEN $2 = 'delivered' THEN NULL ELSE 'GOV.UK Notify reported ' || $2 END
       WHERE id = $1 AND (provider_id IS NULL OR provider_id = $3)
         AND ($6::uuid IS NULL OR trust_id = $6::uuid)
         AND COALESCE(sending_service, 'deployment') = $5
         AND status IN ('pending', 'queued', 'sending', 'sent') RETURNING id`,
      [id, status, providerId, completedAt, from.serviceId, from.trustId],
    );
  }

  async findById(trustId: string, id: string): Promise<NotificationWithPersonalisation | null> {
    const rows = await this.dataSource.query(`SELECT ${RECORD_COLUMNS}, personalisation FROM notification WHERE trust_id = $1 AND id = $2`, [trustId, id]);
    return rows[0] ?? null;
  }

  list(
    trustId: string,
    filter: { status?: string; recipientType?: string; purpose?: string; walkoutId?: string; after: [string, string] | null; limit: number },
  ): Promise<NotificationRecord[]> {
    const params: unknown[] = [trustId, filter.limit];
    const where = ['trust_id = $1'];
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.recipientType) where.push(`recipient_type = $${params.push(filter.recipientType)}`);
    if (filter.purpose) where.push(`purpose = $${params.push(filter.purpose)}`);
    if (filter.walkoutId) where.push(`walkout_id = $${params.push(filter.walkoutId)}`);
    if (filter.after) {
      const createdAt = params.push(filter.after[0]);
      const id = params.push(filter.after[1]);
      where.push(`(created_at, id) < ($${createdAt}::timestamptz, $${id}::uuid)`);
    }
    return this.dataSource.query(`${SELECT_RECORD} WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
  }

  /**
   * For the send-time estimate: each unsent notice of this walkout with its place in the send order of
   * its Notify service (`scope`: the trusts that share it; see sendOrderOf). Who each goes to is read by
   * id for the walkout's rows only: the order's indexes hold just what the numbering needs.
   */
  unsentWithPosition(
    trustId: string,
    walkoutId: string,
    scope: ServiceScope,
  ): Promise<{ id: string; position: number; deadline: Date | null; recipientType: RecipientType; subjectId: string | null; sendAfter: Date | null; heldReason: HeldReason | null }[]> {
    return this.dataSource.query(
      `SELECT q.id, q.position::int, q.deadline, n.recipient_type AS "recipientType", n.subject_id AS "subjectId", q.send_after AS "sendAfter", n.held_reason AS "heldReason"
       FROM (${walkoutInSendOrder(scope, 3)}) q JOIN notification n ON n.id = q.id
       ORDER BY q.send_after NULLS FIRST, q.position`,
      [trustId, walkoutId, scopeTrustIds(scope)],
    );
  }

  /** The wording inputs of a walkout's unsent messages (for counting their SMS fragments), in send order. */
  unsentPersonalisations(trustId: string, walkoutId: string, limit: number): Promise<{ purpose: NotifyPurpose; personalisation: Record<string, unknown> }[]> {
    return this.dataSource.query(
      `SELECT purpose, personalisation FROM notification
       WHERE trust_id = $1 AND walkout_id = $2 AND status IN ('pending', 'queued', 'sending')
       ORDER BY (lane <> 'staff-alert'), deadline, created_at, id LIMIT $3`,
      [trustId, walkoutId, limit],
    );
  }

  /**
   * A walkout's send estimate worked out in the database, for a page that shows its figures and the first
   * `atRiskLimit` notices that will miss their deadline (the console's messages page): the same send order
   * as unsentWithPosition and the same timing rule as estimateSendTimes (operations/send-estimate.ts; the
   * forecast e2e test holds the two to the same figures), without moving every queued notice to Node.
   *
   * Only the notices that can be late need their place. The walkout's last notice (not held) is at place
   * `ahead` (a count of the service's messages up to it in send order: one index-only pass, no numbering),
   * so it goes at `expected(ahead)` at the latest and no notice of the walkout goes later (the rule only
   * grows with the place). A notice whose deadline is after that cannot be late: only the service's staff
   * alerts and the notices due before it are numbered — a prefix of the send order, so their places are
   * exact. In a backlog whose deadlines lie days ahead that is a small part of it. (Should the day's
   * allowance outlast midnight UTC, when the rule does not grow with the place, every message is numbered.)
   */
  async sendForecastOfWalkout(
    trustId: string,
    walkoutId: string,
    rule: { now: Date; msPerMessage: number; daily: { remaining: number; resetsAt: Date } | null },
    atRiskLimit: number,
    scope: ServiceScope,
  ): Promise<{
    unsent: number;
    held: number;
    lastExpectedAt: Date | null;
    atRiskTotal: number;
    atRisk: { notificationId: string; recipientType: RecipientType; recipientId: string; deadline: Date; expectedAt: Date }[];
  }> {
    // Place → expected time: the rule of estimateSendTimes for a message that is not held.
    const expected = (place: string) =>
      `CASE WHEN $5::int IS NOT NULL AND ${place} > $5::int THEN greatest($6::timestamptz, $3::timestamptz) + ceil((${place} - $5::int) * $4::float8) * interval '1 millisecond'
            ELSE $3::timestamptz + ceil(${place} * $4::float8) * interval '1 millisecond' END`;
    const unsent = `status IN ('pending', 'queued', 'sending') AND send_after IS NULL`;
    const ofService = ofServiceFilter(scope, 8);
    // The walkout's last message that is not held (its key as text: a Date would drop the microseconds).
    const [last]: { lane: NotificationLane; deadline: string | null; createdAt: string; id: string }[] = await this.dataSource.query(
      `SELECT lane, deadline::text AS deadline, created_at::text AS "createdAt", id FROM notification
       WHERE trust_id = $1 AND walkout_id = $2 AND ${unsent}
       ORDER BY (lane <> 'staff-alert') DESC, deadline DESC NULLS FIRST, created_at DESC, id DESC LIMIT 1`,
      [trustId, walkoutId],
    );
    // Each piece below is one range of the send-order index, read in order (no sort, no OR across ranges).
    // Lanes are spelt as the send-order indexes hold them: `(lane <> 'staff-alert')` for notices and
    // `… IS FALSE` for staff alerts (`= false` or NOT would be rewritten to `lane = 'staff-alert'`, which the
    // indexes cannot serve).
    const isNotice = `(lane <> 'staff-alert')`;
    const isStaffAlert = `(lane <> 'staff-alert') IS FALSE`;
    const laneOfLast = last?.lane === 'staff-alert' ? isStaffAlert : isNotice;
    // `ahead`: the service's messages up to and including that last one (the order is staff alerts first, then
    // deadline NULLS LAST, created_at, id; a row comparison leaves the NULL deadlines out by itself).
    // `latest`: when that last one goes; no notice of the walkout goes later, so only messages due before
    // it can be late and only they are numbered — unless the day's allowance outlasts midnight UTC, when
    // the rule does not grow with the place (the messages past the allowance are timed from the reset):
    // then every message is numbered (`everyone`).
    const [row] = await this.dataSource.query(
      `WITH ahead AS MATERIALIZED (
         SELECT CASE WHEN $9::text IS NULL THEN 0 ELSE
                  (SELECT count(*) FROM notification WHERE ${unsent} AND ${ofService} AND ${isStaffAlert} AND $9::text = 'notice')
                + (SELECT count(*) FROM notification WHERE ${unsent} AND ${ofService} AND ${laneOfLast} AND deadline IS NOT NULL
                     AND ($10::timestamptz IS NULL OR (deadline, created_at, id) <= ($10::timestamptz, $11::timestamptz, $12::uuid)))
                + (SELECT count(*) FROM notification WHERE ${unsent} AND ${ofService} AND ${laneOfLast} AND deadline IS NULL
                     AND $10::timestamptz IS NULL AND (created_at, id) <= ($11::timestamptz, $12::uuid)) END::int AS place
       ), latest AS MATERIALIZED (
         SELECT CASE WHEN $9::text IS NOT NULL THEN ${expected('place')} END AS at,
                ($5::int IS NOT NULL AND place > $5::int AND $6::timestamptz < $3::timestamptz + ceil($5::int * $4::float8) * interval '1 millisecond') AS everyone
         FROM ahead
       ), bound AS (
         SELECT CASE WHEN everyone THEN 'infinity'::timestamptz ELSE greatest(at, $3::timestamptz) END AS due_before, everyone FROM latest
       ), alerts AS (
         SELECT id, trust_id, walkout_id, deadline, row_number() OVER (ORDER BY deadline, created_at, id) AS position
         FROM notification WHERE ${unsent} AND ${ofService} AND ${isStaffAlert}
       ), due AS (
         SELECT * FROM (
           SELECT id, trust_id, walkout_id, deadline, (SELECT count(*) FROM alerts) + row_number() OVER (ORDER BY deadline, created_at, id) AS position
           FROM notification WHERE ${unsent} AND ${ofService} AND ${isNotice} AND deadline < (SELECT due_before FROM bound)
         ) numbered WHERE trust_id = $1 AND walkout_id = $2
       ), undated AS (
         -- Only when every message is numbered: then every dated notice is ahead of these.
         SELECT * FROM (
           SELECT id, trust_id, walkout_id, deadline,
                  (SELECT count(*) FROM alerts)
                    + (SELECT count(*) FROM notification WHERE ${unsent} AND ${ofService} AND ${isNotice} AND deadline IS NOT NULL)
                    + row_number() OVER (ORDER BY created_at, id) AS position
           FROM notification WHERE ${unsent} AND ${ofService} AND ${isNotice} AND deadline IS NULL AND (SELECT everyone FROM bound)
         ) numbered WHERE trust_id = $1 AND walkout_id = $2
       ), queued AS (
         SELECT id, deadline, NULL::timestamptz AS send_after, position FROM alerts WHERE trust_id = $1 AND walkout_id = $2
         UNION ALL SELECT id, deadline, NULL, position FROM due
         UNION ALL SELECT id, deadline, NULL, position FROM undated
         UNION ALL SELECT id, deadline, send_after, position FROM (${sendOrderOf(scope, 8).held}) held WHERE trust_id = $1 AND walkout_id = $2
       ), timed AS (
         SELECT id, deadline, send_after, position,
                CASE WHEN send_after IS NOT NULL THEN greatest(send_after, $3::timestamptz) + ceil(position * $4::float8) * interval '1 millisecond'
                     ELSE ${expected('position')} END AS expected_at
         FROM queued
       )
       SELECT (SELECT count(*)::int FROM notification WHERE trust_id = $1 AND walkout_id = $2 AND ${unsent})
                + (SELECT count(*)::int FROM timed WHERE send_after IS NOT NULL) AS unsent,
              (SELECT count(*)::int FROM timed WHERE send_after IS NOT NULL) AS held,
              (SELECT max(at) FROM (SELECT at FROM latest UNION ALL SELECT expected_at FROM timed) times) AS "lastExpectedAt",
              (SELECT count(*)::int FROM timed WHERE expected_at > deadline) AS "atRiskTotal",
              (SELECT coalesce(json_agg(json_build_object(
                        'notificationId', r.id, 'recipientType', n.recipient_type, 'recipientId', coalesce(n.patient_id, n.staff_id),
                        'deadline', extract(epoch FROM r.deadline) * 1000, 'expectedAt', extract(epoch FROM r.expected_at) * 1000) ORDER BY r.send_after NULLS FIRST, r.position), '[]')
               FROM (SELECT * FROM timed WHERE expected_at > deadline ORDER BY send_after NULLS FIRST, position LIMIT $7) r
               JOIN notification n ON n.id = r.id) AS "atRisk"`,
      [
        trustId,
        walkoutId,
        rule.now,
        rule.msPerMessage,
        rule.daily?.remaining ?? null,
        rule.daily?.resetsAt ?? null,
        atRiskLimit,
        scopeTrustIds(scope),
        last?.lane ?? null,
        last?.deadline ?? null,
        last?.createdAt ?? null,
        last?.id ?? null,
      ],
    );
    return {
      unsent: row.unsent,
      held: row.held,
      lastExpectedAt: row.lastExpectedAt,
      atRiskTotal: row.atRiskTotal,
      atRisk: (row.atRisk as { notificationId: string; recipientType: RecipientType; recipientId: string; deadline: number; expectedAt: number }[]).map((r) => ({
        ...r,
        deadline: new Date(Number(r.deadline)),
        expectedAt: new Date(Number(r.expectedAt)),
      })),
    };
  }

  /** The trust's messages by lane and status (optionally one walkout's), for the console's messages page. */
  countsByLaneAndStatus(trustId: string, walkoutId: string | null): Promise<{ lane: NotificationLane; status: NotificationStatus; count: number }[]> {
    return this.dataSource.query(
      `SELECT lane, status, count(*)::int AS count FROM notification WHERE trust_id = $1 AND ($2::uuid IS NULL OR walkout_id = $2) GROUP BY lane, status`,
      [trustId, walkoutId],
    );
  }

  /** Who each of these messages of the trust goes to (ids only), for the call centre's at-risk list. */
  recipientsOf(trustId: string, ids: string[]): Promise<{ id: string; recipientType: RecipientType; recipientId: string; purpose: NotifyPurpose; channel: string | null }[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT id, recipient_type AS "recipientType", COALESCE(patient_id, staff_id) AS "recipientId", purpose, channel FROM notification WHERE trust_id = $1 AND id = ANY($2::uuid[])`,
      [trustId, ids],
    );
  }

  /** For the development message viewer: which trust each message belongs to, and why it was sent. */
  originsOf(ids: string[]): Promise<{ id: string; trustId: string; purpose: NotifyPurpose; recipientType: RecipientType }[]> {
    return this.dataSource.query(
      `SELECT id, trust_id AS "trustId", purpose, recipient_type AS "recipientType" FROM notification WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Figures for /metrics, computed in the database so every API replica reports the same. */
  async metrics(): Promise<{
    byStatus: { status: string; lane: string; count: number }[];
    held: { reason: HeldReason; lane: string; count: number }[];
    sentLastMinute: number;
    oldestUnsentSeconds: number;
  }> {
    const [byStatus, held, [recent]] = await Promise.all([
      this.dataSource.query(`SELECT status, lane, count(*)::int AS count FROM notification GROUP BY status, lane`),
      this.dataSource.query(`SELECT held_reason AS reason, lane, count(*)::int AS count FROM notification WHERE status = 'pending' AND send_after IS NOT NULL GROUP BY held_reason, lane`),
      this.dataSource.query(
        `SELECT (SELECT count(*)::int FROM notification WHERE sent_at > now() - interval '1 minute') AS "sentLastMinute",
                COALESCE((SELECT extract(epoch FROM now() - min(created_at))::float FROM notification WHERE status IN ('pending', 'queued') AND send_after IS NULL), 0) AS "oldestUnsentSeconds"`,
      ),
    ]);
    return { byStatus, held, sentLastMinute: recent.sentLastMinute, oldestUnsentSeconds: recent.oldestUnsentSeconds };
  }

  /**
   * Per trust (the caller maps trusts to Notify services): notices and alerts waiting (pending or queued,
   * held ones aside) and the age of the oldest; per sending service, messages handed over in the last minute.
   */
  async serviceFigures(): Promise<{
    waitingByTrust: { trustId: string; waiting: number; oldestSeconds: number }[];
    sentLastMinuteByService: { sendingService: string; sent: number }[];
  }> {
    const [waitingByTrust, sentLastMinuteByService] = await Promise.all([
      this.dataSource.query(
        `SELECT trust_id AS "trustId", count(*)::int AS waiting, extract(epoch FROM now() - min(created_at))::float AS "oldestSeconds"
         FROM notification WHERE status IN ('pending', 'queued') AND send_after IS NULL GROUP BY trust_id`,
      ),
      this.dataSource.query(
        `SELECT COALESCE(sending_service, 'deployment') AS "sendingService", count(*)::int AS sent
         FROM notification WHERE sent_at > now() - interval '1 minute' GROUP BY 1`,
      ),
    ]);
    return { waitingByTrust, sentLastMinuteByService };
  }

  private async changedIds(sql: string, params: unknown[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource.query(`WITH changed AS (${sql}) SELECT id FROM changed`, params);
    return new Set(rows.map((row) => row.id));
  }

  private async guardedUpdate(sql: string, params: unknown[]): Promise<boolean> {
    const rows = await this.dataSource.query(`WITH changed AS (${sql}) SELECT id FROM changed`, params);
    return rows.length > 0;
  }
}
