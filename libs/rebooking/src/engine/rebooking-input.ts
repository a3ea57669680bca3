import { londonWallClockToUtc } from '@app/core';
import type { RebookingAppointment, RebookingBlackout, RebookingInput, RebookingSlot } from './engine.types';
import type { BusyRow, FreeSlotRow, QueuedAppointmentRow } from '../runs/rebooking-run.repository';

export interface RunContext {
  trustId: string;
  walkoutEndsAt: Date;
  /** Staff groups of the walkout that postponed the appointments. */
  staffGroups: readonly string[];
  sameSiteOnly: boolean;
  horizonDays: number;
}

export interface OtherWalkout {
  id: string;
  startsAt: Date;
  endsAt: Date;
  /** Empty: every site. */
  siteIds: readonly string[];
  staffGroups: readonly string[];
  calledOffAt: Date | null;
}

/**
 * Announced walkouts a new date must avoid: the others of the series that have not been called off and
 * share a staff group with this one. Each blocks every appointment of this run (they were all postponed
 * for this walkout's staff groups), at the sites it names.
 */
export function blackoutsFor(walkoutId: string, staffGroups: readonly string[], others: readonly OtherWalkout[]): RebookingBlackout[] {
  return others
    .filter((other) => other.id !== walkoutId && other.calledOffAt === null && other.staffGroups.some((group) => staffGroups.includes(group)))
    .map((other) => ({ startsAt: other.startsAt.getTime(), endsAt: other.endsAt.getTime(), siteIds: other.siteIds.length ? other.siteIds : null, staffGroups: null }));
}

/** 'YYYY-MM-DD' → London midnight of that date, as the engine's epoch milliseconds. */
function londonMidnight(date: string): number {
  return londonWallClockToUtc(Date.parse(`${date}T00:00:00Z`));
}

/** Database rows → the engine's plain input (times as epoch milliseconds). */
export function toRebookingInput(context: RunContext, queue: readonly QueuedAppointmentRow[], slots: readonly FreeSlotRow[], busy: readonly BusyRow[], blackouts: RebookingBlackout[]): RebookingInput {
  const appointments: RebookingAppointment[] = queue.map((row) => ({
    id: row.id,
    patientId: row.patientId,
    trustId: context.trustId,
    siteId: row.siteId,
    specialty: row.specialty,
    kind: row.slotKind,
    appointmentKind: row.kind,
    urgency: row.urgency,
    surgicalPriority: row.surgicalPriority,
    referralDate: londonMidnight(row.referralDate),
    decisionToAdmitAt: null,
    // The engine counts the cancellation that brought the appointment here; a declined offer brings none.
    cancellationCount: Math.max(1, row.cancellationCount),
    clinicianStaffNumber: row.clinicianStaffNumber,
    originalStartsAt: row.startsAt.getTime(),
    durationMinutes: null,
    staffGroupsAffected: context.staffGroups,
  }));
  const engineSlots: RebookingSlot[] = slots.map((slot) => ({
    id: slot.id,
    trustId: context.trustId,
    siteId: slot.siteId,
    specialty: slot.specialty,
    kind: slot.kind,
    clinicianStaffNumber: slot.clinicianStaffNumber,
    startsAt: slot.startsAt.getTime(),
    endsAt: slot.endsAt.getTime(),
    capacity: slot.capacity,
    booked: slot.bookedCount,
  }));
  return {
    appointments,
    slots: engineSlots,
    walkoutEndsAt: context.walkoutEndsAt.getTime(),
    blackouts,
    sameSiteOnly: context.sameSiteOnly,
    horizonDays: context.horizonDays,
    patientBusy: busy.map((row) => ({ patientId: row.patientId, startsAt: row.startsAt.getTime(), endsAt: row.endsAt.getTime() })),
  };
}
