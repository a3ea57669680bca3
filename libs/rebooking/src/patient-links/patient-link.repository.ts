import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppointmentKind } from '../engine/engine.types';

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
  startsAt: Date;
  endsAt: Date;
  offeredAt: Date;
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
              s.specialty, a.kind, s.site_id AS "siteId", s.starts_at AS "startsAt", s.ends_at AS "endsAt", a.offered_at AS "offeredAt"
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

  /** offered → confirmed and the link used, together; false if the offer was no longer open. */
  async confirm(tx: UnitOfWork, trustId: string, appointmentId: string, tokenHash: string, now: Date): Promise<boolean> {
    const rows = await tx.query(
      `WITH confirmed AS (
         UPDATE appointment SET status = 'confirmed', confirmed_at = $3, updated_at = now()
         WHERE trust_id = $1 AND id = $2 AND status = 'offered' RETURNING id
       ), used AS (
         UPDATE rebooking_link SET used_at = $3 WHERE trust_id = $1 AND token_hash = decode($4, 'hex') AND used_at IS NULL RETURNING appointment_id
       ) SELECT c.id FROM confirmed c JOIN used u ON u.appointment_id = c.id`,
      [trustId, appointmentId, now, tokenHash],
    );
    return rows.length > 0;
  }

  /**
   * offered → declined, the slot's place released and the link used, together. The declined row becomes
   * the last of its chain again waiting for a date, so the walkout's next run offers another.
   */
  async decline(tx: UnitOfWork, trustId: string, appointmentId: string, tokenHash: string, now: Date, withoutPenalty: boolean): Promise<boolean> {
    const rows = await tx.query(
      `WITH declined AS (
         UPDATE appointment
         SET status = 'declined', declined_at = $3, declined_without_penalty = $5, decline_count = decline_count + 1,
             penalised_decline_count = penalised_decline_count + CASE WHEN $5 THEN 0 ELSE 1 END, updated_at = now()
         WHERE trust_id = $1 AND id = $2 AND status = 'offered' RETURNING id, slot_id
       ), released AS (
         UPDATE slot s SET booked_count = s.booked_count - 1, updated_at = now()
         FROM declined d WHERE s.id = d.slot_id RETURNING s.id
       ), used AS (
         UPDATE rebooking_link SET used_at = $3 WHERE trust_id = $1 AND token_hash = decode($4, 'hex') AND used_at IS NULL RETURNING appointment_id
       ) SELECT d.id FROM declined d JOIN used u ON u.appointment_id = d.id`,
      [trustId, appointmentId, now, tokenHash, withoutPenalty],
    );
    return rows.length > 0;
  }
}
