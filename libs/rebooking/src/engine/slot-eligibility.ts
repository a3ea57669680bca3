import { londonDayNumber } from '@app/core';
import { DEFAULT_REBOOKING_HORIZON_DAYS } from '../rebooking.constants';
import type {
  PatientBusyInterval,
  RebookingAppointment,
  RebookingBlackout,
  RebookingInput,
  RebookingSlot,
} from './engine.types';

/**
 * Which slots a run may use at all, decided once per slot before any appointment is looked at. Shared by
 * the greedy engine (assign.ts) and the exact optimum (optimal.ts), so both solve the same problem.
 */

export interface ResolvedRebookingOptions {
  walkoutEndsAt: number;
  sameSiteOnly: boolean;
  horizonDays: number;
  targetDays: number;
  breachDays: number;
  alternatives: number;
}

/** At most two alternatives: a choice of three dates (docs/domain.md "Choice and holds"). */
export const MAX_ALTERNATIVES = 2;

export const DEFAULT_TARGET_DAYS = 14;
export const DEFAULT_BREACH_DAYS = 28;

export function resolveRebookingOptions(input: RebookingInput): ResolvedRebookingOptions {
  const options: ResolvedRebookingOptions = {
    walkoutEndsAt: input.walkoutEndsAt,
    sameSiteOnly: input.sameSiteOnly !== false,
    horizonDays: input.horizonDays ?? DEFAULT_REBOOKING_HORIZON_DAYS,
    targetDays: input.targetDays ?? DEFAULT_TARGET_DAYS,
    breachDays: input.breachDays ?? DEFAULT_BREACH_DAYS,
    alternatives: input.alternatives ?? 0,
  };
  if (!Number.isInteger(options.alternatives) || options.alternatives < 0 || options.alternatives > MAX_ALTERNATIVES) {
    throw new RangeError(`alternatives must be a whole number from 0 to ${MAX_ALTERNATIVES}, got ${options.alternatives}`);
  }
  if (!Number.isFinite(options.walkoutEndsAt)) throw new RangeError('walkoutEndsAt must be epoch milliseconds');
  for (const name of ['horizonDays', 'targetDays', 'breachDays'] as const) {
    if (!Number.isInteger(options[name]) || options[name] < 0) {
      throw new RangeError(`${name} must be a whole number of days ≥ 0, got ${options[name]}`);
    }
  }
  return options;
}

/**
 * Blackouts naming staff groups block only some appointments, so each gets a bit; a slot records which of
 * them it overlaps, and an appointment which of them concern it. 31 bits keep the masks plain integers —
 * far more than a series of walkouts ever announces.
 */
export const MAX_STAFF_GROUP_BLACKOUTS = 31;

export interface PreparedSlots {
  /** Per slot start and end, copied out of the slot objects: the search reads them millions of times. */
  startsAt: Float64Array;
  endsAt: Float64Array;
  /** London day number of the walkout's end date. */
  walkoutEndDay: number;
  /** Per slot: London calendar days after the walkout's end date. */
  daysAfterWalkout: Int32Array;
  /** Per slot: starts at/after the walkout's end and no later than the horizon. */
  inWindow: Uint8Array;
  /** Per slot: overlaps a blackout that blocks every appointment at its site. */
  blockedForEveryone: Uint8Array;
  /** Per slot: bit b set when it overlaps `staffGroupBlackouts[b]` at its site. */
  staffGroupBlackoutMask: Int32Array;
  staffGroupBlackouts: readonly RebookingBlackout[];
  /** Per slot: capacity − booked, never negative. The greedy engine decrements it as it books. */
  remaining: Int32Array;
}

function appliesToSite(sitesOf: ReadonlySet<string> | null, siteId: string): boolean {
  return sitesOf === null || sitesOf.has(siteId);
}

export function prepareSlots(
  slots: readonly RebookingSlot[],
  blackouts: readonly RebookingBlackout[],
  options: ResolvedRebookingOptions,
): PreparedSlots {
  const count = slots.length;
  const walkoutEndDay = londonDayNumber(options.walkoutEndsAt);
  const lastDay = walkoutEndDay + options.horizonDays;
  const everyoneBlackouts = blackouts.filter((blackout) => !blackout.staffGroups?.length);
  const staffGroupBlackouts = blackouts.filter((blackout) => Boolean(blackout.staffGroups?.length));
  if (staffGroupBlackouts.length > MAX_STAFF_GROUP_BLACKOUTS) {
    throw new RangeError(
      `At most ${MAX_STAFF_GROUP_BLACKOUTS} blackouts may name staff groups ` +
        `(got ${staffGroupBlackouts.length}); merge them per walkout`,
    );
  }
  const siteSetOf = new Map<RebookingBlackout, ReadonlySet<string> | null>();
  for (const blackout of blackouts) siteSetOf.set(blackout, blackout.siteIds ? new Set(blackout.siteIds) : null);

  const prepared: PreparedSlots = {
    startsAt: new Float64Array(count),
    endsAt: new Float64Array(count),
    walkoutEndDay,
    daysAfterWalkout: new Int32Array(count),
    inWindow: new Uint8Array(count),
    blockedForEveryone: new Uint8Array(count),
    staffGroupBlackoutMask: new Int32Array(count),
    staffGroupBlackouts,
    remaining: new Int32Array(count),
  };
  for (let index = 0; index < count; index++) {
    const slot = slots[index];
    prepared.startsAt[index] = slot.startsAt;
    prepared.endsAt[index] = slot.endsAt;
    const days = londonDayNumber(slot.startsAt) - walkoutEndDay;
    prepared.daysAfterWalkout[index] = days;
    prepared.remaining[index] = Math.max(0, slot.capacity - slot.booked);
    if (slot.startsAt < options.walkoutEndsAt || days + walkoutEndDay > lastDay) continue;
    prepared.inWindow[index] = 1;
    for (const blackout of everyoneBlackouts) {
      if (
        slot.startsAt < blackout.endsAt &&
        slot.endsAt > blackout.startsAt &&
        appliesToSite(siteSetOf.get(blackout)!, slot.siteId)
      ) {
        prepared.blockedForEveryone[index] = 1;
        break;
      }
    }
    let mask = 0;
    for (let bit = 0; bit < staffGroupBlackouts.length; bit++) {
      const blackout = staffGroupBlackouts[bit];
      if (
        slot.startsAt < blackout.endsAt &&
        slot.endsAt > blackout.startsAt &&
        appliesToSite(siteSetOf.get(blackout)!, slot.siteId)
      ) {
        mask |= 1 << bit;
      }
    }
    prepared.staffGroupBlackoutMask[index] = mask;
  }
  return prepared;
}

/** Bits of the staff-group blackouts that concern this appointment (all of them when its groups are unknown). */
export function staffGroupBlackoutMaskFor(
  appointment: Pick<RebookingAppointment, 'staffGroupsAffected'>,
  staffGroupBlackouts: readonly RebookingBlackout[],
): number {
  const groups = appointment.staffGroupsAffected;
  let mask = 0;
  for (let bit = 0; bit < staffGroupBlackouts.length; bit++) {
    const blackoutGroups = staffGroupBlackouts[bit].staffGroups!;
    if (!groups || groups.some((group) => blackoutGroups.includes(group))) mask |= 1 << bit;
  }
  return mask;
}

export function minimumSlotLengthMs(appointment: Pick<RebookingAppointment, 'durationMinutes'>): number {
  const minutes = appointment.durationMinutes;
  return minutes && minutes > 0 ? minutes * 60_000 : 0;
}

/** Busy intervals per patient as flat [start, end, start, end, …] arrays. */
export function groupBusyIntervals(patientBusy: readonly PatientBusyInterval[] | undefined): Map<string, number[]> {
  const byPatient = new Map<string, number[]>();
  for (const interval of patientBusy ?? []) {
    const intervals = byPatient.get(interval.patientId);
    if (intervals) intervals.push(interval.startsAt, interval.endsAt);
    else byPatient.set(interval.patientId, [interval.startsAt, interval.endsAt]);
  }
  return byPatient;
}

export function overlapsAnyInterval(intervals: readonly number[], startsAt: number, endsAt: number): boolean {
  for (let index = 0; index < intervals.length; index += 2) {
    if (startsAt < intervals[index + 1] && endsAt > intervals[index]) return true;
  }
  return false;
}

/**
 * Whether an appointment may ever be placed in a slot, capacity and this run's other placements aside:
 * same specialty and kind, a site it may use, inside the window, outside every blackout that concerns
 * it, long enough, and not clashing with the patient's existing bookings.
 */
export function slotIsUsableBy(
  appointment: RebookingAppointment,
  slot: RebookingSlot,
  slotIndex: number,
  prepared: PreparedSlots,
  options: ResolvedRebookingOptions,
  appointmentBlackoutMask: number,
  patientBusy: readonly number[] | undefined,
): boolean {
  return (
    slot.specialty === appointment.specialty &&
    slot.kind === appointment.kind &&
    slot.trustId === appointment.trustId &&
    (!options.sameSiteOnly || slot.siteId === appointment.siteId) &&
    prepared.inWindow[slotIndex] === 1 &&
    prepared.blockedForEveryone[slotIndex] === 0 &&
    (prepared.staffGroupBlackoutMask[slotIndex] & appointmentBlackoutMask) === 0 &&
    slot.endsAt - slot.startsAt >= minimumSlotLengthMs(appointment) &&
    (patientBusy === undefined || !overlapsAnyInterval(patientBusy, slot.startsAt, slot.endsAt))
  );
}
