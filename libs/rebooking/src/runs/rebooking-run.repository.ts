import { isPgError, PgErrorCode, UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppointmentKind, OutpatientUrgency, SlotKind, SurgicalPriority } from '../engine/engine.types';
import { OfferAnswer, offerAnswerSql } from '../engine/offer-choice';
import { RebookingRunStatus } from '../rebooking.constants';

export interface RebookingRunRecord {
  id: string;
  trustId: string;
  walkoutId: string;
  status: RebookingRunStatus;
  progress: number;
  considered: number | null;
  placed: number | null;
  unplaced: number | null;
  breaches28Day: number | null;
  within14Days: number | null;
  unplacedByReason: Record<string, number> | null;
  /** Alternatives the run held beside its offers' best places (docs/domain.md "Choice and holds"). */
  alternativesHeld: number | null;
  /** What became of the run's offers so far, counted now (answers keep coming after the run ends). */
  answers: Record<OfferAnswer, number>;
  sameSiteOnly: boolean;
  horizonDays: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  failureReason: string | null;
}

export interface RebookingRunListFilter {
  walkoutId?: string;
  status?: RebookingRunStatus;
  /** The sort key of the last run of the previous page: created_at (microseconds, as text) and id. */
  before: [string, string] | null;
  limit: number;
}

/** A listed run with its full-precision creation time (a JS Date keeps milliseconds only), for the cursor. */
export interface ListedRebookingRun extends RebookingRunRecord {
  sortTime: string;
}

/** A postponed (or declined) appointment waiting for a new date: the last row of its chain. */
export interface QueuedAppointmentRow {
  id: string;
  patientId: string;
  siteId: string;
  specialty: string;
  slotKind: SlotKind;
  kind: AppointmentKind;
  urgency: OutpatientUrgency;
  surgicalPriority: SurgicalPriority | null;
  /** YYYY-MM-DD */
  referralDate: string;
  cancellationCount: number;
  clinicianStaffNumber: string | null;
  startsAt: Date;
}

export interface FreeSlotRow {
  id: string;
  siteId: string;
  specialty: string;
  kind: SlotKind;
  clinicianStaffNumber: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  bookedCount: number;
}

export interface BusyRow {
  patientId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface PlacementToWrite {
  appointmentId: string;
  slotId: string;
  daysAfterWalkout: number;
  /** SHA-256 (hex) of the offer link's token. */
  tokenHash: string;
  /** Alternatives held beside the best place, option 1 then 2. */
  alternatives: { slotId: string; daysAfterWalkout: number }[];
  /** The link works until the last of the offer's dates has started. */
  linkExpiresAt: Date;
}

/** A new offer as written; the patient's and the site's names come from organisations. */
export interface WrittenOfferRow {
  id: string;
  sourceId: string;
  patientId: string;
  startsAt: Date;
  specialty: string;
  kind: AppointmentKind;
  siteId: string;
  /** Alternatives held for the patient's choice. */
  alternatives: number;
  holdExpiresAt: Date | null;
}

/** A new offer as written, with what the patient's message needs. */
export interface WrittenOffer extends WrittenOfferRow {
  givenName: string;
  place: string;
}

/** A patient the booking team must follow up: still without a date, or given one past the 28-day limit. */
export interface FollowUpRow {
  appointmentId: string;
  patientId: string;
  status: string;
  kind: AppointmentKind;
  urgency: OutpatientUrgency;
  surgicalPriority: SurgicalPriority | null;
  specialty: string;
  siteId: string;
  /** The slot this row holds or held: the postponed or declined date, or the new date of a breach. */
  startsAt: Date;
  daysAfterWalkout: number | null;
  cancellationCount: number;
  referralDate: string;
}

export interface FollowUpLists {
  unplaced: FollowUpRow[];
  unplacedTotal: number;
  breaches: FollowUpRow[];
  breachesTotal: number;
  /** Patients who asked to be called about their offer and have not answered it since (docs/domain.md "Choice and holds"). */
  callRequests: FollowUpRow[];
  callRequestsTotal: number;
}

export interface RunFigures {
  considered: number;
  unplaced: number;
  unplacedByReason: Record<string, number>;
}

/**
 * The run's columns, and the answers to its offers counted now from their rows (the appointment_run
 * index; a run has at most a trust's queue of offers). `$now` names the parameter holding the time.
 */
const runColumns = (now: string) => `
  SELECT r.id, r.trust_id AS "trustId", r.walkout_id AS "walkoutId", r.status, r.progress, r.considered, r.placed, r.unplaced,
         r.breaches_28_day AS "breaches28Day", r.within_14_days AS "within14Days", r.unplaced_by_reason AS "unplacedByReason",
         r.alternatives_held AS "alternativesHeld",
         jsonb_build_object('accepted', o.accepted, 'chose-alternative', o.alternative, 'declined', o.declined,
                            'asked-to-be-called', o.called, 'expired', o.expired, 'awaiting', o.awaiting) AS answers,
         r.same_site_only AS "sameSiteOnly", r.horizon_days AS "horizonDays", r.created_at AS "createdAt",
         r.started_at AS "startedAt", r.finished_at AS "finishedAt", r.failure_reason AS "failureReason"`;
const runAnswers = (now: string) => `
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE x.answer = 'accepted')::int AS accepted, count(*) FILTER (WHERE x.answer = 'chose-alternative')::int AS alternative,
           count(*) FILTER (WHERE x.answer = 'declined')::int AS declined, count(*) FILTER (WHERE x.answer = 'asked-to-be-called')::int AS called,
           count(*) FILTER (WHERE x.answer = 'expired')::int AS expired, count(*) FILTER (WHERE x.answer = 'awaiting')::int AS awaiting
    FROM (SELECT ${offerAnswerSql(now)} AS answer FROM appointment a WHERE a.trust_id = r.trust_id AND a.rebooking_run_id = r.id) x
  ) o`;
const runFrom = (now: string) => `FROM rebooking_run r ${runAnswers(now)}`;

/** The last row of each chain of the walkout that still needs a date. */
const QUEUE = `a.trust_id = $1 AND a.walkout_id = $2 AND a.status IN ('cancelled', 'declined') AND a.rebooked_to_id IS NULL`;

/** docs/domain.md: the 14-day target and the 28-day breach, in London days after the walkout's end. */
const TARGET_DAYS = 14;
const BREACH_DAYS = 28;

/** Rebooking runs: their rows, the engine's inputs, and the set-based write of each chunk of placements. */
@Injectable()
export class RebookingRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}


  /** A new queued run, or the id of the run already queued or running for the walkout. */
  async insertRun(trustId: string, walkoutId: string, options: { sameSiteOnly: boolean; horizonDays: number; createdBy: string | null }): Promise<{ ok: true; id: string } | { ok: false; activeRunId: string | null }> {
    try {
      const [row]: { id: string }[] = await this.dataSource.query(
        `INSERT INTO rebooking_run (trust_id, walkout_id, same_site_only, horizon_days, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [trustId, walkoutId, options.sameSiteOnly, options.horizonDays, options.createdBy],
      );
      return { ok: true, id: row.id };
    } catch (error) {
      if (!isPgError(error, PgErrorCode.UniqueViolation, 'rebooking_run_one_active_per_walkout')) throw error;
      const [active]: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM rebooking_run WHERE trust_id = $1 AND walkout_id = $2 AND status IN ('queued', 'running')`,
        [trustId, walkoutId],
      );
      return { ok: false, activeRunId: active?.id ?? null };
    }
  }

  async findRun(trustId: string, runId: string, now: Date): Promise<RebookingRunRecord | null> {
    const rows: RebookingRunRecord[] = await this.dataSource.query(`${runColumns('$3')} ${runFrom('$3')} WHERE r.trust_id = $1 AND r.id = $2`, [trustId, runId, now]);
    return rows[0] ?? null;
  }

  /** The run of this walkout that is queued or running, if any (at most one: a unique index). */
  async activeRunId(tx: UnitOfWork, trustId: string, walkoutId: string): Promise<string | null> {
    const [row]: { id: string }[] = await tx.query(`SELECT id FROM rebooking_run WHERE trust_id = $1 AND walkout_id = $2 AND status IN ('queued', 'running')`, [trustId, walkoutId]);
    return row?.id ?? null;
  }

  /** Runs of the trust (or of one walkout), newest first. */
  async listRuns(trustId: string, filter: RebookingRunListFilter, now: Date): Promise<ListedRebookingRun[]> {
    const params: unknown[] = [trustId, filter.limit, now];
    const where = ['trust_id = $1'];
    if (filter.walkoutId) where.push(`walkout_id = $${params.push(filter.walkoutId)}`);
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.before) {
      const createdAt = params.push(filter.before[0]);
      const id = params.push(filter.before[1]);
      where.push(`(created_at, id) < ($${createdAt}::timestamptz, $${id}::uuid)`);
    }
    // The page of runs first, then the answers of those runs only.
    return this.dataSource.query(
      `${runColumns('$3')}, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortTime"
       FROM (SELECT * FROM rebooking_run WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $2) r
       ${runAnswers('$3')}
       ORDER BY r.created_at DESC, r.id DESC`,
      params,
    );
  }

  /** The job carries only the run id; this finds the run's trust, and every later query takes it. */
  async findRunForJob(runId: string, now: Date): Promise<RebookingRunRecord | null> {
    const rows: RebookingRunRecord[] = await this.dataSource.query(`${runColumns('$2')} ${runFrom('$2')} WHERE r.id = $1`, [runId, now]);
    return rows[0] ?? null;
  }

  /** queued → running (a second execution of a running run goes on); false once the run has finished. */
  async markRunning(trustId: string, runId: string, now: Date): Promise<boolean> {
    const rows = await this.dataSource.query(
      `WITH started AS (
         UPDATE rebooking_run SET status = 'running', started_at = coalesce(started_at, $3)
         WHERE trust_id = $1 AND id = $2 AND status IN ('queued', 'running') RETURNING id
       ) SELECT id FROM started`,
      [trustId, runId, now],
    );
    return rows.length > 0;
  }

  async setProgress(trustId: string, runId: string, progress: number): Promise<void> {
    await this.dataSource.query(`UPDATE rebooking_run SET progress = $3 WHERE trust_id = $1 AND id = $2 AND status = 'running'`, [trustId, runId, progress]);
  }

  /**
   * Placed, within 14 days and 28-day breaches are counted from the offers the run wrote, so a run
   * executed twice (a retried job) reports all its placements, not just the second pass's.
   */
  async finishRun(trustId: string, runId: string, figures: RunFigures, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE rebooking_run r SET status = 'succeeded', progress = 100, finished_at = $3,
              considered = coalesce(r.considered, $4), unplaced = $5, unplaced_by_reason = $6,
              placed = c.placed, within_14_days = c.within, breaches_28_day = c.breaches,
              alternatives_held = (SELECT count(*)::int FROM rebooking_hold h JOIN appointment a ON a.id = h.appointment_id WHERE a.trust_id = $1 AND a.rebooking_run_id = $2)
       FROM (
         SELECT count(*)::int AS placed,
                (count(*) FILTER (WHERE days_after_walkout <= ${TARGET_DAYS}))::int AS within,
                (count(*) FILTER (WHERE days_after_walkout > ${BREACH_DAYS}))::int AS breaches
         FROM appointment WHERE trust_id = $1 AND rebooking_run_id = $2
       ) c
       WHERE r.trust_id = $1 AND r.id = $2 AND r.status = 'running'`,
      [trustId, runId, now, figures.considered, figures.unplaced, JSON.stringify(figures.unplacedByReason)],
    );
  }

  async failRun(trustId: string, runId: string, reason: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE rebooking_run SET status = 'failed', finished_at = $3, failure_reason = $4 WHERE trust_id = $1 AND id = $2 AND status IN ('queued', 'running')`,
      [trustId, runId, now, reason],
    );
  }

  async loadQueue(trustId: string, walkoutId: string): Promise<QueuedAppointmentRow[]> {
    return this.dataSource.query(
      `SELECT a.id, a.patient_id AS "patientId", s.site_id AS "siteId", s.specialty, s.kind AS "slotKind", a.kind, a.urgency,
              a.surgical_priority AS "surgicalPriority", a.referral_date::text AS "referralDate", a.cancellation_count AS "cancellationCount",
              s.clinician_staff_number AS "clinicianStaffNumber", s.starts_at AS "startsAt"
       FROM appointment a JOIN slot s ON s.id = a.slot_id
       WHERE ${QUEUE}`,
      [trustId, walkoutId],
    );
  }

  /** How many wait for a new date: the most offers (and so notices) one run of the walkout can send. */
  async countQueue(trustId: string, walkoutId: string): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM appointment a JOIN slot s ON s.id = a.slot_id WHERE ${QUEUE}`, [trustId, walkoutId]);
    return row.n;
  }

  /** Slots of the trust with room, starting in [from, to). A held alternative takes its place as a booking does. */
  async loadFreeSlots(trustId: string, from: Date, to: Date): Promise<FreeSlotRow[]> {
    return this.dataSource.query(
      `SELECT id, site_id AS "siteId", specialty, kind, clinician_staff_number AS "clinicianStaffNumber",
              starts_at AS "startsAt", ends_at AS "endsAt", capacity, booked_count + held_count AS "bookedCount"
       FROM slot
       WHERE trust_id = $1 AND starts_at >= $2 AND starts_at < $3 AND booked_count + held_count < capacity`,
      [trustId, from, to],
    );
  }

  /**
   * Times the queued patients cannot take in [from, to): their other bookings, so no one is offered a
   * clashing slot, and the dates they declined (an offer's booked date and its alternatives), so a
   * decline is not answered with the same date again.
   */
  async loadPatientBusy(trustId: string, walkoutId: string, from: Date, to: Date): Promise<BusyRow[]> {
    return this.dataSource.query(
      // The trust is matched on the slot (the composite keys make its appointments the trust's): a
      // condition on b.trust_id lures the planner, before statistics exist, into a bitmap AND per patient.
      // The alternatives of a declined offer were declined too (docs/domain.md "Choice and holds").
      `SELECT b.patient_id AS "patientId", s.starts_at AS "startsAt", s.ends_at AS "endsAt"
       FROM appointment b JOIN slot s ON s.id = b.slot_id
       WHERE s.trust_id = $1 AND b.status IN ('booked', 'offered', 'confirmed', 'declined') AND s.starts_at >= $3 AND s.starts_at < $4
         AND b.patient_id IN (SELECT a.patient_id FROM appointment a WHERE ${QUEUE})
       UNION ALL
       SELECT b.patient_id, s.starts_at, s.ends_at
       FROM appointment b JOIN rebooking_hold h ON h.appointment_id = b.id AND h.release_reason = 'declined' JOIN slot s ON s.id = h.slot_id
       WHERE s.trust_id = $1 AND b.status = 'declined' AND s.starts_at >= $3 AND s.starts_at < $4
         AND b.patient_id IN (SELECT a.patient_id FROM appointment a WHERE ${QUEUE})`,
      [trustId, walkoutId, from, to],
    );
  }

  /** Of these appointments, those still waiting for a date, locked (id order) until the chunk commits. */
  async lockWaiting(tx: UnitOfWork, trustId: string, ids: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM appointment
       WHERE trust_id = $1 AND id = ANY($2::uuid[]) AND status IN ('cancelled', 'declined') AND rebooked_to_id IS NULL
       ORDER BY id FOR UPDATE`,
      [trustId, ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Free places of these slots, locked (id order, after the appointments: one lock order everywhere). */
  async lockFreePlaces(tx: UnitOfWork, trustId: string, slotIds: string[]): Promise<Map<string, number>> {
    const rows: { id: string; free: number }[] = await tx.query(
      `SELECT id, capacity - booked_count - held_count AS free FROM slot WHERE trust_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
      [trustId, slotIds],
    );
    return new Map(rows.map((row) => [row.id, row.free]));
  }

  /**
   * Writes a chunk of placements in one statement: the new offered rows (copying the chain's clinical
   * details and counts), the link back from each replaced row, the alternatives held beside each best
   * place (docs/domain.md "Choice and holds"), the slots' counters (one UPDATE grouped by slot for both
   * the booked best places and the held alternatives — a slot row may be changed only once per statement;
   * the CHECK refuses an overbooking) and the offer links (hash only, valid until the last of the offer's
   * dates starts). The unique rebooked_from_id makes a repeated placement insert nothing, and its holds
   * with it. The patients' and sites' names for the offers come afterwards from organisations' read
   * ports, one query each per chunk (docs/architecture.md, "One owner per table").
   */
  async writeOffers(tx: UnitOfWork, trustId: string, runId: string, placements: PlacementToWrite[], now: Date, holdExpiresAt: Date): Promise<WrittenOfferRow[]> {
    if (!placements.length) return [];
    const holds = placements.flatMap((p) => p.alternatives.map((alternative, index) => ({ sourceId: p.appointmentId, option: index + 1, ...alternative })));
    return tx.query(
      `WITH placed AS (
         INSERT INTO appointment (trust_id, patient_id, slot_id, kind, urgency, surgical_priority, referral_date, status,
                                  cancellation_count, decline_count, penalised_decline_count, walkout_id, rebooked_from_id,
                                  rebooking_run_id, days_after_walkout, offered_at, hold_expires_at)
         SELECT src.trust_id, src.patient_id, u.slot_id, src.kind, src.urgency, src.surgical_priority, src.referral_date, 'offered',
                src.cancellation_count, src.decline_count, src.penalised_decline_count, src.walkout_id, src.id,
                $2, u.days, $3, $9
         FROM unnest($4::uuid[], $5::uuid[], $6::int[]) AS u(source_id, slot_id, days)
         JOIN appointment src ON src.id = u.source_id AND src.trust_id = $1
         ON CONFLICT (rebooked_from_id) DO NOTHING
         RETURNING id, rebooked_from_id, slot_id, patient_id, kind
       ), linked AS (
         UPDATE appointment a SET rebooked_to_id = p.id, updated_at = now()
         FROM placed p WHERE a.id = p.rebooked_from_id
         RETURNING a.id
       ), holds AS (
         INSERT INTO rebooking_hold (appointment_id, trust_id, option, slot_id, days_after_walkout, expires_at)
         SELECT p.id, $1, h.option, h.slot_id, h.days, $9
         FROM unnest($10::uuid[], $11::int[], $12::uuid[], $13::int[]) AS h(source_id, option, slot_id, days)
         JOIN placed p ON p.rebooked_from_id = h.source_id
         RETURNING appointment_id, slot_id
       ), counted AS (
         UPDATE slot s SET booked_count = s.booked_count + c.booked, held_count = s.held_count + c.held, updated_at = now()
         FROM (
           SELECT slot_id, sum(booked)::int AS booked, sum(held)::int AS held
           FROM (SELECT slot_id, 1 AS booked, 0 AS held FROM placed UNION ALL SELECT slot_id, 0, 1 FROM holds) places
           GROUP BY slot_id
         ) c
         WHERE s.id = c.slot_id
         RETURNING s.id
       ), links AS (
         INSERT INTO rebooking_link (token_hash, trust_id, appointment_id, expires_at)
         SELECT decode(t.hash, 'hex'), $1, p.id, t.expires_at
         FROM placed p
         JOIN unnest($4::uuid[], $7::text[], $8::timestamptz[]) AS t(source_id, hash, expires_at) ON t.source_id = p.rebooked_from_id
         RETURNING appointment_id
       )
       SELECT p.id, p.rebooked_from_id AS "sourceId", p.patient_id AS "patientId", s.starts_at AS "startsAt", s.specialty, p.kind, s.site_id AS "siteId",
              (SELECT count(*)::int FROM holds h WHERE h.appointment_id = p.id) AS alternatives, $9::timestamptz AS "holdExpiresAt"
       FROM placed p
       JOIN slot s ON s.id = p.slot_id`,
      [
        trustId,
        runId,
        now,
        placements.map((p) => p.appointmentId),
        placements.map((p) => p.slotId),
        placements.map((p) => p.daysAfterWalkout),
        placements.map((p) => p.tokenHash),
        placements.map((p) => p.linkExpiresAt),
        holdExpiresAt,
        holds.map((h) => h.sourceId),
        holds.map((h) => h.option),
        holds.map((h) => h.slotId),
        holds.map((h) => h.daysAfterWalkout),
      ],
    );
  }

  /**
   * Releases the trust's holds whose time has run out, so the run about to load free slots offers those
   * places to the next patients in priority order. One statement: the holds in key order, then their
   * slots in id order (the order a run's chunks and a patient's choice lock slots in, so none of them
   * can deadlock with the sweep), then the slots' counters grouped by slot. Returns how many places were
   * released.
   *
   * It waits for rows another transaction has locked rather than skipping them: a patient's choice
   * settles its own holds (the sweep, re-reading them after the choice commits, finds them released),
   * and a second execution of the same run must not load free slots before the first's sweep has
   * committed, or it plans without the places that sweep gives back and the two executions place fewer
   * patients between them than one would.
   */
  async releaseExpiredHolds(trustId: string, now: Date): Promise<number> {
    const [row]: { released: number }[] = await this.dataSource.query(
      `WITH due AS (
         SELECT appointment_id, option FROM rebooking_hold
         WHERE trust_id = $1 AND released_at IS NULL AND expires_at <= $2
         ORDER BY appointment_id, option
         FOR UPDATE
       ), released AS (
         UPDATE rebooking_hold h SET released_at = $2, release_reason = 'expired'
         FROM due d WHERE h.appointment_id = d.appointment_id AND h.option = d.option
         RETURNING h.slot_id
       ), places AS (
         SELECT slot_id, count(*)::int AS places FROM released GROUP BY slot_id
       ), locked AS (
         SELECT s.id FROM slot s WHERE s.id IN (SELECT slot_id FROM places) ORDER BY s.id FOR UPDATE
       ), counted AS (
         UPDATE slot s SET held_count = s.held_count - p.places, updated_at = now()
         FROM places p JOIN locked l ON l.id = p.slot_id
         WHERE s.id = p.slot_id
         RETURNING s.id
       )
       SELECT count(*)::int AS released FROM released`,
      [trustId, now],
    );
    return row.released;
  }

  /**
   * The walkout's patients to follow up now (not as of one run): chains still waiting for a date, in the
   * order the booking team should ring (clinical priority, then longest wait), new dates more than
   * 28 days after the walkout, and open offers whose patient asked to be called (oldest request first).
   * The first `limit` of each, with the totals.
   */
  async listFollowUp(trustId: string, walkoutId: string, limit: number): Promise<FollowUpLists> {
    const columns = `a.id AS "appointmentId", a.patient_id AS "patientId", a.status, a.kind, a.urgency, a.surgical_priority AS "surgicalPriority",
                     s.specialty, s.site_id AS "siteId", s.starts_at AS "startsAt", a.days_after_walkout AS "daysAfterWalkout",
                     a.cancellation_count AS "cancellationCount", a.referral_date::text AS "referralDate", count(*) OVER ()::int AS total`;
    const order = `a.surgical_priority NULLS LAST, array_position(ARRAY['two-week-wait', 'urgent', 'routine'], a.urgency), a.referral_date, a.id`;
    const [unplaced, breaches, calls]: (FollowUpRow & { total: number })[][] = await Promise.all([
      this.dataSource.query(`SELECT ${columns} FROM appointment a JOIN slot s ON s.id = a.slot_id WHERE ${QUEUE} ORDER BY ${order} LIMIT $3`, [trustId, walkoutId, limit]),
      this.dataSource.query(
        `SELECT ${columns} FROM appointment a JOIN slot s ON s.id = a.slot_id
         WHERE a.trust_id = $1 AND a.walkout_id = $2 AND a.status IN ('offered', 'confirmed') AND a.rebooked_to_id IS NULL AND a.days_after_walkout > ${BREACH_DAYS}
         ORDER BY a.days_after_walkout DESC, ${order} LIMIT $3`,
        [trustId, walkoutId, limit],
      ),
      this.dataSource.query(
        `SELECT ${columns} FROM appointment a JOIN slot s ON s.id = a.slot_id
         WHERE a.trust_id = $1 AND a.walkout_id = $2 AND a.status = 'offered' AND a.call_requested_at IS NOT NULL
         ORDER BY a.call_requested_at, a.id LIMIT $3`,
        [trustId, walkoutId, limit],
      ),
    ]);
    const strip = (rows: (FollowUpRow & { total: number })[]) => rows.map(({ total: _total, ...row }) => row);
    return {
      unplaced: strip(unplaced),
      unplacedTotal: unplaced[0]?.total ?? 0,
      breaches: strip(breaches),
      breachesTotal: breaches[0]?.total ?? 0,
      callRequests: strip(calls),
      callRequestsTotal: calls[0]?.total ?? 0,
    };
  }
}
