import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UnitOfWork } from '@app/core';
import { DataSource } from 'typeorm';
import type { AppointmentKind, OutpatientUrgency, SurgicalPriority } from '../engine/engine.types';
import { AppointmentStatus } from '../rebooking.constants';
import type { SlotRow } from '../booking/booking.repository';

/** An appointment with what another system needs to file it: its slot, its patient, its rebooking links. */
export interface FeedAppointment {
  id: string;
  externalRef: string | null;
  status: AppointmentStatus;
  patientId: string;
  slotId: string;
  slotExternalRef: string;
  siteId: string;
  specialty: string;
  kind: AppointmentKind;
  urgency: OutpatientUrgency;
  surgicalPriority: SurgicalPriority | null;
  referralDate: string;
  startsAt: Date;
  endsAt: Date;
  clinicianStaffNumber: string | null;
  postponedAt: Date | null;
  offeredAt: Date | null;
  declinedAt: Date | null;
  rebookedFromId: string | null;
  rebookedToId: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** updated_at to the microsecond, as text: the keyset of the change feed (a Date would round it). */
  updatedKey: string;
}

/** A slot as imported (`SlotRow`), with its id, bookings and last change. */
export interface FeedSlot extends SlotRow {
  id: string;
  bookedCount: number;
  updatedAt: Date;
}

/** A bound of a time search: `>=` or `<` (the caller turns gt/le into these at its own precision). */
export interface TimeBounds {
  from?: Date;
  before?: Date;
}

export interface AppointmentFeedFilter {
  patientId?: string;
  statuses?: AppointmentStatus[];
  starts?: TimeBounds;
  updated?: TimeBounds;
  /** The (updatedKey, id) of the last appointment of the previous page. */
  after: [string, string] | null;
  limit: number;
}

export interface SlotFeedFilter {
  starts?: TimeBounds;
  updated?: TimeBounds;
  /** true: a place is free · false: full. */
  free?: boolean;
  /** The (startsAt ISO, id) of the last slot of the previous page. */
  after: [string, string] | null;
  limit: number;
}

const SELECT_FEED_APPOINTMENT = `
  SELECT a.id, a.external_ref AS "externalRef", a.status, a.patient_id AS "patientId", a.slot_id AS "slotId",
         s.external_ref AS "slotExternalRef", s.site_id AS "siteId", s.specialty, a.kind, a.urgency,
         a.surgical_priority AS "surgicalPriority", to_char(a.referral_date, 'YYYY-MM-DD') AS "referralDate",
         s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.clinician_staff_number AS "clinicianStaffNumber",
         a.postponed_at AS "postponedAt", a.offered_at AS "offeredAt", a.declined_at AS "declinedAt", a.rebooked_from_id AS "rebookedFromId",
         a.rebooked_to_id AS "rebookedToId", a.created_at AS "createdAt", a.updated_at AS "updatedAt",
         to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "updatedKey"
  FROM appointment a JOIN slot s ON s.id = a.slot_id`;

const SELECT_FEED_SLOT = `
  SELECT id, external_ref AS "externalRef", site_id AS "siteId", department_id AS "departmentId", specialty, kind,
         clinician_staff_number AS "clinicianStaffNumber", starts_at AS "startsAt", ends_at AS "endsAt", capacity,
         booked_count + held_count AS "bookedCount", updated_at AS "updatedAt"
  FROM slot`;

/**
 * The reads of the appointment feed (the FHIR routes): one appointment or slot by id, and keyset pages
 * of a trust's appointments in change order (updated_at, id) and of its slots in start order.
 */
@Injectable()
export class AppointmentFeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async appointment(trustId: string, id: string): Promise<FeedAppointment | null> {
    const rows: FeedAppointment[] = await this.dataSource.query(`${SELECT_FEED_APPOINTMENT} WHERE a.trust_id = $1 AND a.id = $2`, [trustId, id]);
    return rows[0] ?? null;
  }

  /** Served by appointment_trust_updated (trust_id, updated_at, id): a seek to the cursor, then in index order. */
  appointments(trustId: string, filter: AppointmentFeedFilter): Promise<FeedAppointment[]> {
    const params: unknown[] = [trustId, filter.limit];
    const where = ['a.trust_id = $1'];
    if (filter.patientId) where.push(`a.patient_id = $${params.push(filter.patientId)}`);
    if (filter.statuses) where.push(`a.status = ANY($${params.push(filter.statuses)}::text[])`);
    if (filter.starts?.from) where.push(`s.starts_at >= $${params.push(filter.starts.from)}`);
    if (filter.starts?.before) where.push(`s.starts_at < $${params.push(filter.starts.before)}`);
    if (filter.updated?.from) where.push(`a.updated_at >= $${params.push(filter.updated.from)}`);
    if (filter.updated?.before) where.push(`a.updated_at < $${params.push(filter.updated.before)}`);
    if (filter.after) {
      const key = params.push(filter.after[0]);
      const id = params.push(filter.after[1]);
      where.push(`(a.updated_at, a.id) > ($${key}::timestamptz, $${id}::uuid)`);
    }
    return this.dataSource.query(`${SELECT_FEED_APPOINTMENT} WHERE ${where.join(' AND ')} ORDER BY a.updated_at, a.id LIMIT $2`, params);
  }

  async slot(trustId: string, id: string): Promise<FeedSlot | null> {
    const rows: FeedSlot[] = await this.dataSource.query(`${SELECT_FEED_SLOT} WHERE trust_id = $1 AND id = $2`, [trustId, id]);
    return rows[0] ?? null;
  }

  slots(trustId: string, filter: SlotFeedFilter): Promise<FeedSlot[]> {
    const params: unknown[] = [trustId, filter.limit];
    const where = ['trust_id = $1'];
    if (filter.starts?.from) where.push(`starts_at >= $${params.push(filter.starts.from)}`);
    if (filter.starts?.before) where.push(`starts_at < $${params.push(filter.starts.before)}`);
    if (filter.updated?.from) where.push(`updated_at >= $${params.push(filter.updated.from)}`);
    if (filter.updated?.before) where.push(`updated_at < $${params.push(filter.updated.before)}`);
    // A place held for a patient's choice is not free to another system (docs/domain.md "Choice and holds").
    if (filter.free !== undefined) where.push(filter.free ? 'booked_count + held_count < capacity' : 'booked_count + held_count >= capacity');
    if (filter.after) {
      const startsAt = params.push(filter.after[0]);
      const id = params.push(filter.after[1]);
      where.push(`(starts_at, id) > ($${startsAt}::timestamptz, $${id}::uuid)`);
    }
    return this.dataSource.query(`${SELECT_FEED_SLOT} WHERE ${where.join(' AND ')} ORDER BY starts_at, id LIMIT $2`, params);
  }

  /** externalRef → id of this trust's appointments among the references, as `tx` sees them. */
  async appointmentIdsByRef(tx: UnitOfWork, trustId: string, refs: string[]): Promise<Map<string, string>> {
    if (!refs.length) return new Map();
    const rows: { id: string; external_ref: string }[] = await tx.query(
      `SELECT id, external_ref FROM appointment WHERE trust_id = $1 AND external_ref = ANY($2::text[])`,
      [trustId, refs],
    );
    return new Map(rows.map((row) => [row.external_ref, row.id]));
  }

  /** externalRef → id of this trust's slots among the references, as `tx` sees them. */
  async slotIdsByRef(tx: UnitOfWork, trustId: string, refs: string[]): Promise<Map<string, string>> {
    if (!refs.length) return new Map();
    const rows: { id: string; external_ref: string }[] = await tx.query(
      `SELECT id, external_ref FROM slot WHERE trust_id = $1 AND external_ref = ANY($2::text[])`,
      [trustId, refs],
    );
    return new Map(rows.map((row) => [row.external_ref, row.id]));
  }
}
