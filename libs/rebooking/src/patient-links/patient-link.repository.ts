import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppointmentKind } from '../engine/engine.types';
import type { Settlement } from '../engine/offer-settlement';

/**
 * An offer reached through its link. The patient's, the trust's and the site's names are organisations'
 * (docs/architecture.md, "One owner per table"): the service adds them from its read ports.
 */
export interface OfferByLink {
  trustId: string;
  appointmentId: string;
  patientId: string;
  walkoutId: string | null;
  specialty: string;
  kind: AppointmentKind;
  siteId: string;
  slotId: string;
  startsAt: Date;
  endsAt: Date;
  offeredAt: Date;
  /** When the alternatives stop being held; null for an offer made without them. */
  holdExpiresAt: Date | null;
  callRequestedAt: Date | null;
}

/** An alternative date of an offer, with what the choice needs to know about its slot now. */
export interface OfferAlternativeRow {
  option: number;
  slotId: string;
  siteId: string;
  startsAt: Date;
  endsAt: Date;
  daysAfterWalkout: number;
  /** Still counts in the slot's held_count (not released yet, even if its time has run out). */
  active: boolean;
  expiresAt: Date;
  /** capacity − booked − held of its slot when read. */
  freePlaces: number;
}

/**
 * Links are looked up by the SHA-256 of the token only — the token is the credential and names the
 * trust. A link answers while it is unused, unexpired and its appointment still an open offer.
 */
const OPEN_OFFER = `l.token_hash = decode($1, 'hex') AND l.used_at IS NULL AND l.expires_at > $2 AND a.status = 'offered'`;
/**
 * After the patient confirmed, the same link shows the appointment (what, where, when) until it has
 * ended, so they can check it again; not once it is cancelled or changed.
 */
const CONFIRMED_APPOINTMENT = `l.token_hash = decode($1, 'hex') AND l.used_at IS NOT NULL AND a.status = 'confirmed' AND s.ends_at > $2`;

const SELECT_BY_LINK = `
      SELECT l.trust_id AS "trustId", a.id AS "appointmentId", a.patient_id AS "patientId", a.walkout_id AS "walkoutId",
              s.specialty, a.kind, s.id AS "slotId", s.site_id AS "siteId", s.starts_at AS "startsAt", s.ends_at AS "endsAt", a.offered_at AS "offeredAt",
              a.hold_expires_at AS "holdExpiresAt", a.call_requested_at AS "callRequestedAt"
       FROM rebooking_link l
       JOIN appointment a ON a.id = l.appointment_id AND a.trust_id = l.trust_id
       JOIN slot s ON s.id = a.slot_id`;

@Injectable()
export class PatientLinkRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findOpenOffer(tokenHash: string, now: Date): Promise<OfferByLink | null> {
    const rows: OfferByLink[] = await this.dataSource.query(`${SELECT_BY_LINK} WHERE ${OPEN_OFFER}`, [tokenHash, now]);
    return rows[0] ?? null;
  }

  /** The open offer behind this link, its link and appointment rows locked until the transaction ends. */
  async lockOpenOffer(tx: UnitOfWork, tokenHash: string, now: Date): Promise<OfferByLink | null> {
    const rows: OfferByLink[] = await tx.query(`${SELECT_BY_LINK} WHERE ${OPEN_OFFER} FOR UPDATE OF l, a`, [tokenHash, now]);
    return rows[0] ?? null;
  }

  /** The appointment a patient confirmed through this link, while it has not ended. */
  async findConfirmed(tokenHash: string, now: Date): Promise<OfferByLink | null> {
    const rows: OfferByLink[] = await this.dataSource.query(`${SELECT_BY_LINK} WHERE ${CONFIRMED_APPOINTMENT}`, [tokenHash, now]);
    return rows[0] ?? null;
  }

  /**
   * The offer's alternatives, except those let go because a later walkout covers them. Under a
   * transaction, the hold rows are locked, then every slot of the offer in id order — after the
   * link and appointment rows: the order every writer of these rows keeps — so the free places read are
   * the ones the answer will change.
   */
  async alternatives(runner: UnitOfWork | null, offer: { appointmentId: string; slotId: string }): Promise<OfferAlternativeRow[]> {
    if (runner === null) {
      // Only to show the page: one query, nothing locked.
      return this.dataSource.query(
        `SELECT h.option, h.slot_id AS "slotId", h.days_after_walkout AS "daysAfterWalkout", h.released_at IS NULL AS active, h.expires_at AS "expiresAt",
                s.site_id AS "siteId", s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.capacity - s.booked_count - s.held_count AS "freePlaces"
         FROM rebooking_hold h JOIN slot s ON s.id = h.slot_id
         WHERE h.appointment_id = $1 AND (h.release_reason IS NULL OR h.release_reason <> 'postponed')
         ORDER BY h.option`,
        [offer.appointmentId],
      );
    }
    const db = runner;
    const holds: Omit<OfferAlternativeRow, 'freePlaces' | 'siteId' | 'startsAt' | 'endsAt'>[] = await db.query(
      `SELECT option, slot_id AS "slotId", days_after_walkout AS "daysAfterWalkout", released_at IS NULL AS active, expires_at AS "expiresAt"
       FROM rebooking_hold WHERE appointment_id = $1 AND (release_reason IS NULL OR release_reason <> 'postponed')
       ORDER BY option FOR UPDATE`,
      [offer.appointmentId],
    );
    if (!holds.length) return [];
    const slots: { id: string; siteId: string; startsAt: Date; endsAt: Date; free: number }[] = await db.query(
      `SELECT id, site_id AS "siteId", starts_at AS "startsAt", ends_at AS "endsAt", capacity - booked_count - held_count AS free
       FROM slot WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [[offer.slotId, ...holds.map((h) => h.slotId)]],
    );
    const slotById = new Map(slots.map((slot) => [slot.id, slot]));
    return holds.map((hold) => {
      const slot = slotById.get(hold.slotId)!;
      return { ...hold, siteId: slot.siteId, startsAt: slot.startsAt, endsAt: slot.endsAt, freePlaces: slot.free };
    });
  }

  /**
   * The patient's answer, in one statement: the appointment confirmed (moved into a chosen alternative's
   * slot, with its days after the walkout) or declined, the holds released with their reason, the slots'
   * counters changed by the settlement (one UPDATE; the CHECK refuses a place that is not there) and the
   * link used. False if the offer was no longer open.
   */
  async settle(
    tx: UnitOfWork,
    offer: { trustId: string; appointmentId: string },
    answer: { status: 'confirmed'; chosenOption: number; movesTo: { slotId: string; daysAfterWalkout: number } | null } | { status: 'declined'; withoutPenalty: boolean },
    settlement: Settlement,
    tokenHash: string,
    now: Date,
  ): Promise<boolean> {
    const confirmed = answer.status === 'confirmed';
    const rows = await tx.query(
      `WITH answered AS (
         UPDATE appointment SET status = $3,
                confirmed_at = CASE WHEN $4 THEN $5::timestamptz END,
                chosen_option = CASE WHEN $4 THEN $6::smallint END,
                slot_id = coalesce($7::uuid, slot_id),
                days_after_walkout = coalesce($8::int, days_after_walkout),
                declined_at = CASE WHEN $4 THEN NULL ELSE $5::timestamptz END,
                declined_without_penalty = CASE WHEN $4 THEN NULL ELSE $9::boolean END,
                decline_count = decline_count + CASE WHEN $4 THEN 0 ELSE 1 END,
                penalised_decline_count = penalised_decline_count + CASE WHEN $4 OR $9 THEN 0 ELSE 1 END,
                updated_at = now()
         WHERE trust_id = $1 AND id = $2 AND status = 'offered' RETURNING id
       ), released AS (
         UPDATE rebooking_hold h SET released_at = $5, release_reason = r.reason
         FROM unnest($10::smallint[], $11::text[]) AS r(option, reason), answered
         WHERE h.appointment_id = answered.id AND h.option = r.option AND h.released_at IS NULL
         RETURNING h.option
       ), counted AS (
         UPDATE slot s SET booked_count = s.booked_count + d.booked, held_count = s.held_count + d.held, updated_at = now()
         FROM unnest($12::uuid[], $13::int[], $14::int[]) AS d(slot_id, booked, held), answered
         WHERE s.id = d.slot_id AND s.trust_id = $1
         RETURNING s.id
       ), used AS (
         UPDATE rebooking_link SET used_at = $5 WHERE trust_id = $1 AND token_hash = decode($15, 'hex') AND used_at IS NULL RETURNING appointment_id
       ) SELECT a.id, (SELECT count(*)::int FROM counted) AS slots, (SELECT count(*)::int FROM released) AS holds FROM answered a JOIN used u ON u.appointment_id = a.id`,
      [
        offer.trustId,
        offer.appointmentId,
        answer.status,
        confirmed,
        now,
        confirmed ? answer.chosenOption : null,
        confirmed ? (answer.movesTo?.slotId ?? null) : null,
        confirmed ? (answer.movesTo?.daysAfterWalkout ?? null) : null,
        confirmed ? null : answer.withoutPenalty,
        settlement.releases.map((r) => r.option),
        settlement.releases.map((r) => r.reason),
        settlement.slotDeltas.map((d) => d.slotId),
        settlement.slotDeltas.map((d) => d.booked),
        settlement.slotDeltas.map((d) => d.held),
        tokenHash,
      ],
    );
    return rows.length > 0;
  }

  /** The patient asked to be called: recorded once (the first time counts); the dates stay as they are. */
  async requestCall(tx: UnitOfWork, trustId: string, appointmentId: string, now: Date): Promise<void> {
    await tx.query(`UPDATE appointment SET call_requested_at = coalesce(call_requested_at, $3), updated_at = now() WHERE trust_id = $1 AND id = $2 AND status = 'offered'`, [trustId, appointmentId, now]);
  }
}
