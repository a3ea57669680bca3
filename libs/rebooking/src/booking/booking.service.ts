import { Clock, CommonError, decodeCursor, DEFAULT_PAGE_SIZE, isPgError, normaliseNhsNumber, Page, PgErrorCode, toPage, Transactions, UnitOfWork } from '@app/core';
import { byRowIndex, duplicateKeyProblems, OrganisationService, PeopleService, placementProblems } from '@app/organisations';
import { Injectable, Logger } from '@nestjs/common';
import { appointmentRowProblems, capacityProblems, ImportedBooking, overbookingProblems, slotTimeProblems } from '../engine/booking-import-rules';
import { AppointmentRecord, AppointmentRow, AppointmentView, BookingRepository, ImportCounts, SlotListFilter, SlotRecord, SlotRow } from './booking.repository';
import type { AppointmentKind, OutpatientUrgency, SlotKind, SurgicalPriority } from '../engine/engine.types';
import { AppointmentStatus, SLOT_CAPACITY_CONSTRAINTS } from '../rebooking.constants';
import { RebookingError, RebookingErrorCode } from '../rebooking.errors';

export interface SlotImportItem {
  externalRef: string;
  siteId: string;
  departmentId?: string;
  specialty: string;
  kind: SlotKind;
  clinicianStaffNumber?: string;
  startsAt: Date;
  endsAt: Date;
  capacity?: number;
}

export interface AppointmentImportItem {
  externalRef: string;
  nhsNumber: string;
  slotExternalRef: string;
  kind: AppointmentKind;
  urgency: OutpatientUrgency;
  surgicalPriority?: SurgicalPriority;
  referralDate: string;
}


/** Slot and appointment imports (all-or-nothing, upsert on externalRef) and the appointment reads. */
@Injectable()
export class BookingService {
  private readonly logger = new Logger('Bookings');

  constructor(
    private readonly bookings: BookingRepository,
    private readonly transactions: Transactions,
    private readonly organisations: OrganisationService,
    private readonly people: PeopleService,
    private readonly clock: Clock,
  ) {}

  /** One import, in its own transaction. */
  importSlots(trustId: string, items: SlotImportItem[]): Promise<ImportCounts> {
    return this.transactions.run((tx) => this.importSlotsWithin(tx, trustId, items));
  }

  /** The same inside the caller's transaction (one all-or-nothing import of several kinds: FHIR bundles). */
  async importSlotsWithin(tx: UnitOfWork, trustId: string, items: SlotImportItem[]): Promise<ImportCounts> {
    await this.organisations.getTrust(trustId);
    const { trustSites, departmentSites } = await this.organisations.placementsOfTrust(trustId, unique(items.map((i) => i.siteId)), unique(items.map((i) => i.departmentId)));
    const problems = [...duplicateKeyProblems(items, 'externalRef', (i) => i.externalRef), ...placementProblems(items, trustSites, departmentSites), ...slotTimeProblems(items)];
    if (problems.length) throw CommonError.validation(byRowIndex(problems), `${problems.length} problem(s) in the import; nothing was saved`);

    const rows: SlotRow[] = items.map((item) => ({
      externalRef: item.externalRef,
      siteId: item.siteId,
      departmentId: item.departmentId ?? null,
      specialty: item.specialty,
      kind: item.kind,
      clinicianStaffNumber: item.clinicianStaffNumber ?? null,
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      capacity: item.capacity ?? 1,
    }));
    const counts = await this.withCapacityGuard(async () => {
      const existing = await this.bookings.lockSlotsByRef(tx, trustId, rows.map((r) => r.externalRef));
      const shrunk = capacityProblems(rows, existing);
      if (shrunk.length) throw new RebookingError(RebookingErrorCode.SlotCapacityBelowBookings, `${shrunk.length} slot(s) would hold more bookings than their new capacity; nothing was saved`, shrunk);
      return this.bookings.upsertSlots(tx, trustId, rows);
    });
    this.logger.log({ msg: 'slots imported', trustId, ...counts });
    return counts;
  }

  /** One import, in its own transaction. */
  importAppointments(trustId: string, items: AppointmentImportItem[]): Promise<ImportCounts> {
    return this.transactions.run((tx) => this.importAppointmentsWithin(tx, trustId, items));
  }

  /** The same inside the caller's transaction (one all-or-nothing import of several kinds: FHIR bundles). */
  async importAppointmentsWithin(tx: UnitOfWork, trustId: string, items: AppointmentImportItem[]): Promise<ImportCounts> {
    await this.organisations.getTrust(trustId);
    const normalised = items.map((item) => ({ ...item, nhsNumber: normaliseNhsNumber(item.nhsNumber) }));
    const [patientIds, slots] = await Promise.all([
      this.people.patientIdsByNhsNumber(tx, trustId, normalised.map((i) => i.nhsNumber)),
      this.bookings.slotsByRef(tx, trustId, unique(items.map((i) => i.slotExternalRef))),
    ]);
    const today = this.clock.now().toISOString().slice(0, 10);
    const problems = [...duplicateKeyProblems(items, 'externalRef', (i) => i.externalRef), ...appointmentRowProblems(normalised, patientIds, slots, today)];
    if (problems.length) throw CommonError.validation(byRowIndex(problems), `${problems.length} problem(s) in the import; nothing was saved`);

    const rows: AppointmentRow[] = normalised.map((item) => ({
      externalRef: item.externalRef,
      patientId: patientIds.get(item.nhsNumber)!,
      slotId: slots.get(item.slotExternalRef)!.id,
      kind: item.kind,
      urgency: item.urgency,
      surgicalPriority: item.surgicalPriority ?? null,
      referralDate: item.referralDate,
    }));
    const counts = await this.withCapacityGuard(async () => {
      const existing = await this.bookings.lockAppointmentsByRef(tx, trustId, rows.map((r) => r.externalRef));
      const affectedSlots = unique([...rows.map((r) => r.slotId), ...[...existing.values()].map((e) => e.slotId)]);
      const lockedSlots = await this.bookings.lockSlotsById(tx, trustId, affectedSlots);
      const bookings: ImportedBooking[] = rows.map((row, index) => ({ index, slotId: row.slotId, existing: existing.get(row.externalRef) ?? null }));
      const overbooked = overbookingProblems(bookings, lockedSlots);
      if (overbooked.length) throw new RebookingError(RebookingErrorCode.SlotOverbooked, `${overbooked.length} row(s) would overbook a slot; nothing was saved`, overbooked);
      const result = await this.bookings.upsertAppointments(tx, trustId, rows);
      await this.bookings.recountSlots(tx, trustId, affectedSlots);
      return result;
    });
    this.logger.log({ msg: 'appointments imported', trustId, ...counts });
    return counts;
  }

  async listAppointments(trustId: string, query: { status?: AppointmentStatus; from?: Date; to?: Date; limit?: number; cursor?: string }): Promise<Page<AppointmentRecord>> {
    await this.organisations.getTrust(trustId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.bookings.listAppointments(trustId, {
      status: query.status,
      from: query.from,
      to: query.to,
      after: after ? [String(after[0]), String(after[1])] : null,
      limit: limit + 1,
    });
    return toPage(rows, limit, (a) => [a.startsAt.toISOString(), a.id], (a) => a);
  }

  async listSlots(trustId: string, query: Omit<SlotListFilter, 'after' | 'limit'> & { limit?: number; cursor?: string }): Promise<Page<SlotRecord>> {
    await this.organisations.getTrust(trustId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    const { cursor: _cursor, ...filter } = query;
    const rows = await this.bookings.listSlots(trustId, { ...filter, after: after ? [String(after[0]), String(after[1])] : null, limit: limit + 1 });
    return toPage(rows, limit, (slot) => [slot.startsAt.toISOString(), slot.id], (slot) => slot);
  }

  async getAppointment(trustId: string, appointmentId: string): Promise<AppointmentView> {
    const view = await this.bookings.findWithChain(trustId, appointmentId);
    if (!view) throw new RebookingError(RebookingErrorCode.AppointmentNotFound, 'Appointment not found');
    return view;
  }

  /**
   * The counter's CHECK is the last line against overbooking: a concurrent import or rebooking that got
   * in between our check and our write is a conflict to retry, never a 500.
   */
  private async withCapacityGuard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (SLOT_CAPACITY_CONSTRAINTS.some((constraint) => isPgError(error, PgErrorCode.CheckViolation, constraint))) {
        throw new RebookingError(RebookingErrorCode.SlotOverbooked, 'A slot filled up while this import ran; nothing was saved, try again');
      }
      throw error;
    }
  }
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}
