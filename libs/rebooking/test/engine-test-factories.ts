import { DateTime } from 'luxon';
import type { RebookingAppointment, RebookingSlot } from '../src/engine/engine.types';

/**
 * Factories for the engine's specs. Times are built with luxon from London wall-clock strings, so the
 * specs never check the engine's own calendar code against itself.
 */

/** A London wall-clock time ('2026-06-10T07:00') as epoch milliseconds. */
export function londonTime(wallClock: string): number {
  const parsed = DateTime.fromISO(wallClock, { zone: 'Europe/London' });
  if (!parsed.isValid) throw new Error(`Not a London wall-clock time: ${wallClock}`);
  return parsed.toMillis();
}

/** The London calendar date `days` after a London wall-clock instant's date, at a given time of day. */
export function londonTimeDaysAfter(instant: number, days: number, timeOfDay: string): number {
  const date = DateTime.fromMillis(instant, { zone: 'Europe/London' }).plus({ days }).toISODate();
  return londonTime(`${date}T${timeOfDay}`);
}

/** A two-day walkout ending Wednesday 10 June 2026 at 07:00 (BST) — no clock change nearby. */
export const WALKOUT_ENDS_AT = londonTime('2026-06-10T07:00');

export function makeAppointment(overrides: Partial<RebookingAppointment> & { id: string }): RebookingAppointment {
  return {
    patientId: `patient-of-${overrides.id}`,
    trustId: 'RQM',
    siteId: 'RQM01',
    specialty: 'cardiology',
    kind: 'outpatient',
    appointmentKind: 'outpatient-new',
    urgency: 'routine',
    surgicalPriority: null,
    referralDate: londonTime('2026-01-05T00:00'),
    decisionToAdmitAt: null,
    cancellationCount: 1,
    clinicianStaffNumber: null,
    originalStartsAt: londonTime('2026-06-09T10:00'),
    durationMinutes: null,
    staffGroupsAffected: null,
    ...overrides,
  };
}

export function makeSlot(overrides: Partial<RebookingSlot> & { id: string; startsAt: number }): RebookingSlot {
  return {
    trustId: 'RQM',
    siteId: 'RQM01',
    specialty: 'cardiology',
    kind: 'outpatient',
    clinicianStaffNumber: 'C100',
    endsAt: overrides.startsAt + 15 * 60_000,
    capacity: 1,
    booked: 0,
    ...overrides,
  };
}

/** A slot on the London date `days` after the walkout's end date (default 09:00, 15 minutes). */
export function makeSlotOnDay(
  id: string,
  days: number,
  overrides: Partial<RebookingSlot> & { timeOfDay?: string; lengthMinutes?: number } = {},
): RebookingSlot {
  const { timeOfDay = '09:00', lengthMinutes = 15, ...rest } = overrides;
  const startsAt = londonTimeDaysAfter(WALKOUT_ENDS_AT, days, timeOfDay);
  return makeSlot({ id, startsAt, endsAt: startsAt + lengthMinutes * 60_000, ...rest });
}
