import type { AppointmentKind, OutpatientUrgency, SlotKind, SurgicalPriority } from './engine/engine.types';

export const SLOT_KINDS: readonly SlotKind[] = ['outpatient', 'theatre'];
export const APPOINTMENT_KINDS: readonly AppointmentKind[] = ['outpatient-new', 'outpatient-follow-up', 'day-case', 'inpatient'];
export const URGENCIES: readonly OutpatientUrgency[] = ['two-week-wait', 'urgent', 'routine'];
export const SURGICAL_PRIORITIES: readonly SurgicalPriority[] = ['P1a', 'P1b', 'P2', 'P3', 'P4'];

/**
 * booked: imported, holds its slot · cancelled: postponed by a walkout, waiting for a new date ·
 * offered: a new date held for the patient · confirmed: the patient accepted it · declined: the patient
 * asked for another date (the slot is released and the chain goes back in the queue).
 */
export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'offered', 'confirmed', 'declined'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses that hold a place in the slot (and so count in slot.booked_count). */
export const SLOT_HOLDING_STATUSES: readonly AppointmentStatus[] = ['booked', 'offered', 'confirmed'];

export const REBOOKING_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type RebookingRunStatus = (typeof REBOOKING_RUN_STATUSES)[number];

/** An appointment kind is served by one kind of slot: clinics for outpatients, theatres for procedures. */
export function slotKindFor(kind: AppointmentKind): SlotKind {
  return kind === 'outpatient-new' || kind === 'outpatient-follow-up' ? 'outpatient' : 'theatre';
}

/** Up to this many rows per import request (as the organisation imports). */
export const MAX_BOOKING_IMPORT_ROWS = 50_000;

/** docs/domain.md: a new date offered with less than 3 weeks' notice may be declined without penalty. */
export const REASONABLE_NOTICE_DAYS = 21;

/**
 * An offer holds its best place and up to this many alternatives, so the patient picks one of three
 * (docs/domain.md "Choice and holds"). Option 0 is the best place, 1 and 2 the alternatives.
 */
export const OFFER_ALTERNATIVES = 2;

/** Why a held alternative stopped counting against its slot. */
export const HOLD_RELEASE_REASONS = ['chosen', 'not-chosen', 'declined', 'expired', 'postponed'] as const;
export type HoldReleaseReason = (typeof HOLD_RELEASE_REASONS)[number];

/** Default look-ahead of a rebooking run: six weeks after the walkout (the engine's default too). */
export const DEFAULT_REBOOKING_HORIZON_DAYS = 42;
export const MAX_REBOOKING_HORIZON_DAYS = 180;

/** The slot counters' CHECKs (migrations Rebooking and RebookingChoice): a writer that got past the locks is refused by one of them. */
export const SLOT_CAPACITY_CONSTRAINTS: readonly string[] = ['slot_booked_within_capacity', 'slot_places_within_capacity'];
