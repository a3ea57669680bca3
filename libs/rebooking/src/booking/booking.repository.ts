import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppointmentKind, OutpatientUrgency, SlotKind, SurgicalPriority } from '../engine/engine.types';
import { AppointmentStatus, SLOT_HOLDING_STATUSES } from '../rebooking.constants';

export interface SlotRow {
  externalRef: string;
  siteId: string;
  departmentId: string | null;
  specialty: string;
  kind: SlotKind;
  clinicianStaffNumber: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
}

export interface AppointmentRow {
  externalRef: string;
  patientId: string;
  slotId: string;
  kind: AppointmentKind;
  urgency: OutpatientUrgency;
  surgicalPriority: SurgicalPriority | null;
  referralDate: string;
}

/** A slot as the API lists it. */
export interface SlotRecord extends SlotRow {
  id: string;
  bookedCount: number;
}

export interface SlotListFilter {
  from?: Date;
  to?: Date;
  siteId?: string;
  specialty?: string;
  kind?: SlotKind;
  /** true: a place is free · false: full · absent: either. */
  hasCapacity?: boolean;
  after: [string, string] | null;
  limit: number;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** An appointment as the API shows it: the row with its slot's place and time. */
export interface AppointmentRecord {
  id: string;
  externalRef: string | null;
  status: AppointmentStatus;
  slotId: string;
  siteId: string;
  specialty: string;
  kind: AppointmentKind;
  urgency: OutpatientUrgency;
  surgicalPriority: SurgicalPriority | null;
  startsAt: Date;
  endsAt: Date;
  clinicianStaffNumber: string | null;
  cancellationCount: number;
  rebookedFromId: string | null;
  rebookedToId: string | null;
}

export interface AppointmentView {
  appointment: AppointmentRecord;
  /** Oldest first, the appointment itself included. */
  chain: AppointmentRecord[];
}

export interface AppointmentListFilter {
  status?: AppointmentStatus;
  from?: Date;
  to?: Date;
  after: [string, string] | null;
  limit: number;
}

const SELECT_APPOINTMENT = `
  SELECT a.id, a.external_ref AS "externalRef", a.status, a.slot_id AS "slotId", s.site_id AS "siteId", s.specialty,
         a.kind, a.urgency, a.surgical_priority AS "surgicalPriority", s.starts_at AS "startsAt", s.ends_at AS "endsAt",
         s.clinician_staff_number AS "clinicianStaffNumber", a.cancellation_count AS "cancellationCount",
         a.rebooked_from_id AS "rebookedFromId", a.rebooked_to_id AS "rebookedToId"`;

/** Longer chains than this would mean a patient declined dozens of dates: stop walking rather than loop. */
const MAX_CHAIN = 100;

/**
 * Slots and appointments: bulk upserts (unnest of column arrays, one statement per chunk) inside the
 * caller's transaction, so an import is all-or-nothing, and the reads of the appointment routes.
 */
@Injectable()
export class BookingRepository {
  static readonly CHUNK = 5_000;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}


  /** externalRef → slot for this trust's slots among the references (for validation; no lock), as `tx` sees them. */
  async slotsByRef(tx: UnitOfWork, trustId: string, refs: string[]): Promise<Map<string, { id: string; kind: SlotKind }>> {
    if (!refs.length) return new Map();
    const rows: { id: string; external_ref: string; kind: SlotKind }[] = await tx.query(
      `SELECT id, external_ref, kind FROM slot WHERE trust_id = $1 AND external_ref = ANY($2::text[])`,
      [trustId, refs],
    );
    return new Map(rows.map((row) => [row.external_ref, { id: row.id, kind: row.kind }]));
  }

  /** Existing slots among the references, locked (in id order, so concurrent imports cannot deadlock). */
  async lockSlotsByRef(tx: UnitOfWork, trustId: string, refs: string[]): Promise<Map<string, { capacity: number; bookedCount: number }>> {
    const rows: { external_ref: string; capacity: number; booked_count: number }[] = await tx.query(
      // Held alternatives take places as bookings do (docs/domain.md "Choice and holds"): counted together here.
      `SELECT external_ref, capacity, booked_count + held_count AS booked_count FROM slot WHERE trust_id = $1 AND external_ref = ANY($2::text[]) ORDER BY id FOR UPDATE`,
      [trustId, refs],
    );
    return new Map(rows.map((row) => [row.external_ref, { capacity: row.capacity, bookedCount: row.booked_count }]));
  }

  /** Slots by id, locked in id order: the counters they hold are about to change. */
  async lockSlotsById(tx: UnitOfWork, trustId: string, ids: string[]): Promise<Map<string, { externalRef: string; capacity: number; bookedCount: number }>> {
    const rows: { id: string; external_ref: string; capacity: number; booked_count: number }[] = await tx.query(
      `SELECT id, external_ref, capacity, booked_count + held_count AS booked_count FROM slot WHERE trust_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
      [trustId, ids],
    );
    return new Map(rows.map((row) => [row.id, { externalRef: row.external_ref, capacity: row.capacity, bookedCount: row.booked_count }]));
  }

  async upsertSlots(tx: UnitOfWork, trustId: string, rows: SlotRow[]): Promise<ImportCounts> {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (let start = 0; start < rows.length; start += BookingRepository.CHUNK) {
      const chunk = rows.slice(start, start + BookingRepository.CHUNK);
      const result: { inserted: boolean }[] = await tx.query(
        `INSERT INTO slot (trust_id, external_ref, site_id, department_id, specialty, kind, clinician_staff_number, starts_at, ends_at, capacity)
         SELECT $1, * FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::int[])
         ON CONFLICT (trust_id, external_ref) DO UPDATE SET
           site_id = EXCLUDED.site_id, department_id = EXCLUDED.department_id, specialty = EXCLUDED.specialty, kind = EXCLUDED.kind,
           clinician_staff_number = EXCLUDED.clinician_staff_number, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
           capacity = EXCLUDED.capacity, updated_at = now()
         RETURNING (xmax = 0) AS inserted`,
        [
          trustId,
          chunk.map((r) => r.externalRef),
          chunk.map((r) => r.siteId),
          chunk.map((r) => r.departmentId),
          chunk.map((r) => r.specialty),
          chunk.map((r) => r.kind),
          chunk.map((r) => r.clinicianStaffNumber),
          chunk.map((r) => r.startsAt),
          chunk.map((r) => r.endsAt),
          chunk.map((r) => r.capacity),
        ],
      );
      for (const row of result) {
        if (row.inserted) counts.created++;
        else counts.updated++;
      }
    }
    return counts;
  }

  /** Stored appointments with these references, locked: the import may move them between slots. */
  async lockAppointmentsByRef(tx: UnitOfWork, trustId: string, refs: string[]): Promise<Map<string, { status: AppointmentStatus; slotId: string }>> {
    const rows: { external_ref: string; status: AppointmentStatus; slot_id: string }[] = await tx.query(
      `SELECT external_ref, status, slot_id FROM appointment WHERE trust_id = $1 AND external_ref = ANY($2::text[]) ORDER BY id FOR UPDATE`,
      [trustId, refs],
    );
    return new Map(rows.map((row) => [row.external_ref, { status: row.status, slotId: row.slot_id }]));
  }

  /**
   * Upserts on the external reference. Only appointments still `booked` are updated: once postponed or
   * rebooked the service owns the chain, and a re-export from the trust's system must not undo that.
   */
  async upsertAppointments(tx: UnitOfWork, trustId: string, rows: AppointmentRow[]): Promise<ImportCounts> {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (let start = 0; start < rows.length; start += BookingRepository.CHUNK) {
      const chunk = rows.slice(start, start + BookingRepository.CHUNK);
      const result: { inserted: boolean }[] = await tx.query(
        `INSERT INTO appointment (trust_id, external_ref, patient_id, slot_id, kind, urgency, surgical_priority, referral_date)
         SELECT $1, * FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::date[])
         ON CONFLICT (trust_id, external_ref) DO UPDATE SET
           patient_id = EXCLUDED.patient_id, slot_id = EXCLUDED.slot_id, kind = EXCLUDED.kind, urgency = EXCLUDED.urgency,
           surgical_priority = EXCLUDED.surgical_priority, referral_date = EXCLUDED.referral_date, updated_at = now()
         WHERE appointment.status = 'booked'
         RETURNING (xmax = 0) AS inserted`,
        [
          trustId,
          chunk.map((r) => r.externalRef),
          chunk.map((r) => r.patientId),
          chunk.map((r) => r.slotId),
          chunk.map((r) => r.kind),
          chunk.map((r) => r.urgency),
          chunk.map((r) => r.surgicalPriority),
          chunk.map((r) => r.referralDate),
        ],
      );
      for (const row of result) {
        if (row.inserted) counts.created++;
        else counts.updated++;
      }
      counts.unchanged += chunk.length - result.length;
    }
    return counts;
  }

  /**
   * Sets each slot's counter to the appointments that hold it. A recount rather than a delta: an import
   * moves appointments between slots in both directions, and a recount cannot drift. The CHECK on the
   * counter refuses an overbooked slot even if the caller's own check missed a concurrent change.
   */
  async recountSlots(tx: UnitOfWork, trustId: string, slotIds: string[]): Promise<void> {
    if (!slotIds.length) return;
    await tx.query(
      `UPDATE slot s SET booked_count = c.held, updated_at = now()
       FROM (
         SELECT s2.id, (SELECT count(*) FROM appointment a WHERE a.slot_id = s2.id AND a.status = ANY($3::text[]))::int AS held
         FROM slot s2 WHERE s2.trust_id = $1 AND s2.id = ANY($2::uuid[])
       ) c
       WHERE s.id = c.id AND s.booked_count <> c.held`,
      [trustId, slotIds, SLOT_HOLDING_STATUSES],
    );
  }

  /** Slots of the trust in start order (the (trust_id, starts_at) index serves the window and the order). */
  async listSlots(trustId: string, filter: SlotListFilter): Promise<SlotRecord[]> {
    const params: unknown[] = [trustId, filter.limit];
    const where = ['trust_id = $1'];
    if (filter.from) where.push(`starts_at >= $${params.push(filter.from)}`);
    if (filter.to) where.push(`starts_at < $${params.push(filter.to)}`);
    if (filter.siteId) where.push(`site_id = $${params.push(filter.siteId)}`);
    if (filter.specialty) where.push(`specialty = $${params.push(filter.specialty)}`);
    if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
    if (filter.hasCapacity !== undefined) where.push(filter.hasCapacity ? 'booked_count + held_count < capacity' : 'booked_count + held_count >= capacity');
    if (filter.after) {
      const startsAt = params.push(filter.after[0]);
      const id = params.push(filter.after[1]);
      where.push(`(starts_at, id) > ($${startsAt}::timestamptz, $${id}::uuid)`);
    }
    return this.dataSource.query(
      `SELECT id, external_ref AS "externalRef", site_id AS "siteId", department_id AS "departmentId", specialty, kind,
              clinician_staff_number AS "clinicianStaffNumber", starts_at AS "startsAt", ends_at AS "endsAt", capacity, booked_count AS "bookedCount"
       FROM slot WHERE ${where.join(' AND ')} ORDER BY starts_at, id LIMIT $2`,
      params,
    );
  }

  async listAppointments(trustId: string, filter: AppointmentListFilter): Promise<AppointmentRecord[]> {
    const params: unknown[] = [trustId, filter.limit];
    // The trust on the slot only: its appointments are the trust's (composite key), see postponement.repository.
    const where = ['s.trust_id = $1'];
    if (filter.status) where.push(`a.status = $${params.push(filter.status)}`);
    if (filter.from) where.push(`s.starts_at >= $${params.push(filter.from)}`);
    if (filter.to) where.push(`s.starts_at < $${params.push(filter.to)}`);
    if (filter.after) {
      const startsAt = params.push(filter.after[0]);
      const id = params.push(filter.after[1]);
      where.push(`(s.starts_at, a.id) > ($${startsAt}::timestamptz, $${id}::uuid)`);
    }
    return this.dataSource.query(
      `${SELECT_APPOINTMENT} FROM appointment a JOIN slot s ON s.id = a.slot_id
       WHERE ${where.join(' AND ')} ORDER BY s.starts_at, a.id LIMIT $2`,
      params,
    );
  }

  /** The appointment and its whole chain (what it replaced, what replaced it), oldest first; null if not this trust's. */
  async findWithChain(trustId: string, appointmentId: string): Promise<AppointmentView | null> {
    const rows: (AppointmentRecord & { depth: number })[] = await this.dataSource.query(
      `WITH RECURSIVE back AS (
         SELECT id, rebooked_from_id, 0 AS depth FROM appointment WHERE trust_id = $1 AND id = $2
         UNION ALL
         SELECT a.id, a.rebooked_from_id, b.depth - 1 FROM appointment a JOIN back b ON a.id = b.rebooked_from_id
         WHERE a.trust_id = $1 AND b.depth > -$3::int
       ), forward AS (
         SELECT id, rebooked_to_id, 0 AS depth FROM appointment WHERE trust_id = $1 AND id = $2
         UNION ALL
         SELECT a.id, a.rebooked_to_id, f.depth + 1 FROM appointment a JOIN forward f ON a.id = f.rebooked_to_id
         WHERE a.trust_id = $1 AND f.depth < $3::int
       ), chain AS (SELECT id, depth FROM back UNION SELECT id, depth FROM forward)
       ${SELECT_APPOINTMENT}, c.depth
       FROM chain c JOIN appointment a ON a.id = c.id JOIN slot s ON s.id = a.slot_id
       ORDER BY c.depth`,
      [trustId, appointmentId, MAX_CHAIN],
    );
    const chain = rows.map(({ depth: _depth, ...record }) => record);
    const appointment = rows.find((row) => row.depth === 0);
    return appointment ? { appointment: chain[rows.indexOf(appointment)], chain } : null;
  }
}
