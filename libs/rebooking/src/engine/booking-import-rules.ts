import { ErrorDetail } from '@app/core';
import type { AppointmentKind, SlotKind, SurgicalPriority } from './engine.types';
import { slotKindFor } from '../rebooking.constants';

/**
 * Cross-row and cross-table checks of slot and appointment imports (the DTOs check each row alone). As
 * for the organisation imports, every problem is reported by row index so a file is fixed in one go.
 */

/** Clinic and theatre sessions are hours long; a slot longer than a day is a typing mistake. */
const LONGEST_SLOT_MS = 24 * 3_600_000;

export function slotTimeProblems(items: { startsAt: Date; endsAt: Date }[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  items.forEach((item, index) => {
    if (item.endsAt <= item.startsAt) details.push({ field: `items[${index}].endsAt`, message: 'must be after startsAt' });
    else if (item.endsAt.getTime() - item.startsAt.getTime() > LONGEST_SLOT_MS) details.push({ field: `items[${index}].endsAt`, message: 'must be within 24 hours of startsAt' });
  });
  return details;
}

export interface ExistingSlotBookings {
  capacity: number;
  bookedCount: number;
}

/** A re-import may not shrink a slot below the bookings it already holds. */
export function capacityProblems(items: { externalRef: string; capacity: number }[], existing: Map<string, ExistingSlotBookings>): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  items.forEach((item, index) => {
    const slot = existing.get(item.externalRef);
    if (slot && item.capacity < slot.bookedCount) {
      details.push({ field: `items[${index}].capacity`, message: `is below the ${slot.bookedCount} booking(s) the slot already holds` });
    }
  });
  return details;
}

export interface AppointmentRowCheck {
  nhsNumber: string;
  slotExternalRef: string;
  kind: AppointmentKind;
  surgicalPriority?: SurgicalPriority;
  referralDate: string;
}

/** Patients and slots must be this trust's, the slot of the kind the appointment needs, dates sane. */
export function appointmentRowProblems(
  items: AppointmentRowCheck[],
  patientIds: Map<string, string>,
  slots: Map<string, { kind: SlotKind }>,
  today: string,
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  items.forEach((item, index) => {
    if (!patientIds.has(item.nhsNumber)) details.push({ field: `items[${index}].nhsNumber`, message: 'is not a patient of this trust (import the patient first)' });
    const slot = slots.get(item.slotExternalRef);
    if (!slot) details.push({ field: `items[${index}].slotExternalRef`, message: 'is not a slot of this trust (import the slot first)' });
    else if (slot.kind !== slotKindFor(item.kind)) {
      details.push({ field: `items[${index}].kind`, message: `needs a slot of kind ${slotKindFor(item.kind)}, but the slot is of kind ${slot.kind}` });
    }
    if (item.surgicalPriority && slotKindFor(item.kind) !== 'theatre') {
      details.push({ field: `items[${index}].surgicalPriority`, message: 'applies to procedures (day-case, inpatient) only' });
    }
    if (item.referralDate > today) details.push({ field: `items[${index}].referralDate`, message: 'is in the future' });
  });
  return details;
}

export interface ImportedBooking {
  /** Row index in the import. */
  index: number;
  slotId: string;
  /** The stored appointment with the same external reference, if any. */
  existing: { status: string; slotId: string } | null;
}

export interface LockedSlot {
  externalRef: string;
  capacity: number;
  bookedCount: number;
}

/**
 * Rows that would put more bookings in a slot than it holds. A re-imported appointment still `booked`
 * leaves its old slot; one already postponed or rebooked is not changed by the import, so it is ignored.
 * Every row aimed at an overfull slot is named, so the trust sees the whole clash.
 */
export function overbookingProblems(rows: ImportedBooking[], slots: Map<string, LockedSlot>): ErrorDetail[] {
  const after = new Map<string, number>();
  const rowsBySlot = new Map<string, number[]>();
  for (const [slotId, slot] of slots) after.set(slotId, slot.bookedCount);
  for (const row of rows) {
    if (row.existing && row.existing.status !== 'booked') continue;
    if (row.existing) after.set(row.existing.slotId, (after.get(row.existing.slotId) ?? 0) - 1);
    after.set(row.slotId, (after.get(row.slotId) ?? 0) + 1);
    const slotRows = rowsBySlot.get(row.slotId);
    if (slotRows) slotRows.push(row.index);
    else rowsBySlot.set(row.slotId, [row.index]);
  }
  const details: ErrorDetail[] = [];
  for (const [slotId, indexes] of rowsBySlot) {
    const slot = slots.get(slotId);
    const count = after.get(slotId) ?? 0;
    if (!slot || count <= slot.capacity) continue;
    for (const index of indexes) {
      details.push({ field: `items[${index}].slotExternalRef`, message: `slot ${slot.externalRef} would hold ${count} bookings but has room for ${slot.capacity}` });
    }
  }
  return details;
}
