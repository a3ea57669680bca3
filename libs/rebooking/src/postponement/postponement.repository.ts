import { sqlStringList, type UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppointmentKind } from '../engine/engine.types';
import { keepReasonSql } from '../engine/postponement-policy';
import { SLOT_HOLDING_STATUSES } from '../rebooking.constants';

export interface WalkoutWindow {
  walkoutId: string;
  startsAt: Date;
  endsAt: Date;
  /** Empty: every site of the trust. */
  siteIds: string[];
}

export type ImpactDimension = 'kind' | 'urgency' | 'priority' | 'specialty' | 'keepReason';

export interface ImpactRow {
  /** null on the grand-total row. */
  dimension: ImpactDimension | null;
  /** The value of the dimension (`none` for appointments without a surgical priority). */
  value: string | null;
  kept: number;
  toPostpone: number;
  alreadyPostponed: number;
}

export interface PostponementPreview {
  toPostpone: number;
  kept: number;
  patients: number;
  alreadyPostponed: number;
}

/** One postponed appointment as cancelled; the patient's and the site's names come from organisations. */
export interface PostponedRow {
  id: string;
  patientId: string;
  startsAt: Date;
  specialty: string;
  kind: AppointmentKind;
  siteId: string;
}

/** One postponed appointment, with what its patient's notice says about it. */
export interface PostponedAppointment extends PostponedRow {
  givenName: string;
  place: string;
}

/** Slots longer than this are refused at import, so a window query can bound its index range. */
const LONGEST_SLOT = `interval '24 hours'`;

/**
 * Appointments in a walkout's window at its sites: $1 trust, $2 start, $3 end, $4 sites (empty: all).
 * Slots overlapping the window count, e.g. a theatre list that starts before the walkout and runs into it.
 * The trust is matched on the slot only: the composite foreign key (slot_id, trust_id) makes a slot's
 * appointments the same trust's, and a second condition on appointment.trust_id tempts the planner, on a
 * freshly imported table without statistics, into a per-slot bitmap AND over the whole trust (600 ms
 * instead of 10 ms for one trust of a national walkout).
 */
const IN_WINDOW = `
  s.trust_id = $1 AND s.starts_at < $3 AND s.starts_at > $2::timestamptz - ${LONGEST_SLOT} AND s.ends_at > $2
  AND (cardinality($4::uuid[]) = 0 OR s.site_id = ANY($4::uuid[]))`;

const HOLDS_SLOT = `a.status IN (${sqlStringList(SLOT_HOLDING_STATUSES)})`;

@Injectable()
export class PostponementRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}


  /**
   * The impact in one aggregate query: every appointment that holds a slot in the window (plus those this
   * walkout already postponed), classified by the keep policy, counted by kind, urgency, priority,
   * specialty and keep reason at once (GROUPING SETS), with the grand total.
   */
  async impact(trustId: string, window: WalkoutWindow, keptDepartmentIds: string[]): Promise<ImpactRow[]> {
    const rows: { kind: string | null; urgency: string | null; priority: string | null; specialty: string | null; keep_reason: string | null; grouping: number; kept: number; to_postpone: number; already_postponed: number }[] =
      await this.dataSource.query(
        `WITH in_window AS (
           SELECT a.kind, a.urgency, coalesce(a.surgical_priority, 'none') AS priority, s.specialty,
                  ${keepReasonSql('$6::uuid[]')} AS keep_reason,
                  (a.status = 'cancelled') AS postponed
           FROM slot s
           JOIN appointment a ON a.slot_id = s.id
           WHERE ${IN_WINDOW}
             AND (${HOLDS_SLOT} OR (a.status = 'cancelled' AND a.walkout_id = $5))
         )
         SELECT kind, urgency, priority, specialty, keep_reason,
                GROUPING(kind, urgency, priority, specialty, keep_reason) AS grouping,
                (count(*) FILTER (WHERE NOT postponed AND keep_reason IS NOT NULL))::int AS kept,
                (count(*) FILTER (WHERE NOT postponed AND keep_reason IS NULL))::int AS to_postpone,
                (count(*) FILTER (WHERE postponed))::int AS already_postponed
         FROM in_window
         GROUP BY GROUPING SETS ((), (kind), (urgency), (priority), (specialty), (keep_reason))`,
        [trustId, window.startsAt, window.endsAt, window.siteIds, window.walkoutId, keptDepartmentIds],
      );
    return rows.map((row) => {
      const [dimension, value] = dimensionOf(row);
      return { dimension, value, kept: row.kept, toPostpone: row.to_postpone, alreadyPostponed: row.already_postponed };
    });
  }

  /** What a postponement would do, without doing it (dry run). */
  async preview(trustId: string, window: WalkoutWindow, keepIds: string[], keptDepartmentIds: string[]): Promise<PostponementPreview> {
    const [row]: { to_postpone: number; kept: number; patients: number; already_postponed: number }[] = await this.dataSource.query(
      `WITH in_window AS (
         SELECT a.patient_id, (a.status = 'cancelled') AS postponed,
                (${keepReasonSql('$7::uuid[]')} IS NOT NULL OR a.id = ANY($6::uuid[])) AS kept
         FROM slot s
         JOIN appointment a ON a.slot_id = s.id
         WHERE ${IN_WINDOW}
           AND (${HOLDS_SLOT} OR (a.status = 'cancelled' AND a.walkout_id = $5))
       )
       SELECT (count(*) FILTER (WHERE NOT postponed AND NOT kept))::int AS to_postpone,
              (count(*) FILTER (WHERE NOT postponed AND kept))::int AS kept,
              (count(DISTINCT patient_id) FILTER (WHERE NOT postponed AND NOT kept))::int AS patients,
              (count(*) FILTER (WHERE postponed))::int AS already_postponed
       FROM in_window`,
      [trustId, window.startsAt, window.endsAt, window.siteIds, window.walkoutId, keepIds, keptDepartmentIds],
    );
    return { toPostpone: row.to_postpone, kept: row.kept, patients: row.patients, alreadyPostponed: row.already_postponed };
  }

  /** Which of these ids are appointments of the trust (keep lists name them). */
  async knownAppointmentIds(trustId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM appointment WHERE trust_id = $1 AND id = ANY($2::uuid[])`, [trustId, ids]);
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Postpones in one statement: locks the window's appointments to postpone, cancels them (counting the
   * cancellation), releases their places in the slots and the alternatives held for them or inside the
   * window (one UPDATE grouped by slot, for both counters) and returns what the
   * notices need. A second run finds nothing left holding a slot, so it changes nothing. A rebooking
   * from an earlier walkout that lands in this one keeps its chain's walkout.
   *
   * The keep policy's critical departments arrive as ids (`keptDepartmentIds`, from organisations'
   * DepartmentKinds port, read first in the same transaction), so the statement names no table of
   * organisations (docs/architecture.md, "One owner per table"); the patients' and sites' names for
   * the notices come afterwards from organisations' read ports, one query each.
   */
  async postpone(tx: UnitOfWork, trustId: string, window: WalkoutWindow, keepIds: string[], keptDepartmentIds: string[], now: Date): Promise<PostponedRow[]> {
    return tx.query(
      `WITH target AS (
         SELECT a.id
         FROM slot s
         JOIN appointment a ON a.slot_id = s.id
         WHERE ${IN_WINDOW} AND ${HOLDS_SLOT}
           AND ${keepReasonSql('$8::uuid[]')} IS NULL AND NOT (a.id = ANY($6::uuid[]))
         ORDER BY a.id
         FOR UPDATE OF a
       ), cancelled AS (
         UPDATE appointment a
         SET status = 'cancelled', cancellation_count = a.cancellation_count + 1,
             walkout_id = coalesce(a.walkout_id, $5), postponed_at = $7, updated_at = now()
         FROM target t
         WHERE a.id = t.id AND ${HOLDS_SLOT}
         RETURNING a.id, a.patient_id, a.slot_id, a.kind
       ), unheld AS (
         -- Alternatives held for a postponed offer, and any held place inside this walkout, are let go.
         UPDATE rebooking_hold h SET released_at = $7, release_reason = 'postponed'
         WHERE h.trust_id = $1 AND h.released_at IS NULL
           AND (h.appointment_id IN (SELECT id FROM cancelled) OR h.slot_id IN (SELECT s.id FROM slot s WHERE ${IN_WINDOW}))
         RETURNING h.slot_id
       ), released AS (
         UPDATE slot s SET booked_count = s.booked_count - r.booked, held_count = s.held_count - r.held, updated_at = now()
         FROM (
           SELECT slot_id, sum(booked)::int AS booked, sum(held)::int AS held
           FROM (SELECT slot_id, 1 AS booked, 0 AS held FROM cancelled UNION ALL SELECT slot_id, 0, 1 FROM unheld) places
           GROUP BY slot_id
         ) r
         WHERE s.id = r.slot_id
         RETURNING s.id
       )
       SELECT c.id, c.patient_id AS "patientId", s.starts_at AS "startsAt", s.specialty, c.kind, s.site_id AS "siteId"
       FROM cancelled c
       JOIN slot s ON s.id = c.slot_id
       ORDER BY c.patient_id, s.starts_at`,
      [trustId, window.startsAt, window.endsAt, window.siteIds, window.walkoutId, keepIds, now, keptDepartmentIds],
    );
  }

  /**
   * For an edit of the walkout to this window: its postponed appointments whose slot the window no longer
   * covers, and rebooked appointments (offers, confirmed) of any walkout whose new slot it now covers.
   */
  async changeFootprint(tx: UnitOfWork, trustId: string, window: WalkoutWindow): Promise<{ postponedOutside: number; rebookedInside: number }> {
    const [row]: { postponed_outside: number; rebooked_inside: number }[] = await tx.query(
      `SELECT
         (SELECT count(*) FROM appointment a JOIN slot s ON s.id = a.slot_id
          WHERE a.trust_id = $1 AND a.walkout_id = $5 AND a.status = 'cancelled' AND NOT (${IN_WINDOW}))::int AS postponed_outside,
         (SELECT count(*) FROM slot s JOIN appointment a ON a.slot_id = s.id
          WHERE ${IN_WINDOW} AND a.status IN ('offered', 'confirmed') AND a.rebooked_from_id IS NOT NULL)::int AS rebooked_inside`,
      [trustId, window.startsAt, window.endsAt, window.siteIds, window.walkoutId],
    );
    return { postponedOutside: row.postponed_outside, rebookedInside: row.rebooked_inside };
  }
}

const DIMENSIONS: { bit: number; column: 'kind' | 'urgency' | 'priority' | 'specialty' | 'keep_reason'; dimension: ImpactDimension }[] = [
  { bit: 16, column: 'kind', dimension: 'kind' },
  { bit: 8, column: 'urgency', dimension: 'urgency' },
  { bit: 4, column: 'priority', dimension: 'priority' },
  { bit: 2, column: 'specialty', dimension: 'specialty' },
  { bit: 1, column: 'keep_reason', dimension: 'keepReason' },
];

/** GROUPING() sets a bit for each column a row is NOT grouped by; the one clear bit names the dimension. */
function dimensionOf(row: { grouping: number } & Record<string, unknown>): [ImpactDimension | null, string | null] {
  for (const { bit, column, dimension } of DIMENSIONS) {
    if ((row.grouping & bit) === 0) return [dimension, (row[column] as string | null) ?? null];
  }
  return [null, null];
}
