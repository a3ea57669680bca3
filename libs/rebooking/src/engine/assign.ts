import type {
  RebookingAlternative,
  RebookingAppointment,
  RebookingInput,
  RebookingPlacement,
  RebookingResult,
  RebookingSlot,
  RebookingSummary,
  UnplacedAppointment,
  UnplacedReason,
} from './engine.types';
import { UNPLACED_REASONS } from './engine.types';
import { cancellationFlag, dueBy, rebookingOrder } from './priority';
import { SlotBoard } from './slot-board';
import {
  type PreparedSlots,
  type ResolvedRebookingOptions,
  groupBusyIntervals,
  minimumSlotLengthMs,
  overlapsAnyInterval,
  prepareSlots,
  resolveRebookingOptions,
  staffGroupBlackoutMaskFor,
} from './slot-eligibility';
import type { SlotQueue } from './slot-queue';

/**
 * Rebooking engine: postponed appointments + free slots → placements (pure; no I/O).
 *
 * Algorithm — greedy in rebooking priority order (priority.ts): the most urgent appointment takes the
 * best slot still free for it, then the next, and so on.
 *
 * Why greedy rather than a global optimum: docs/domain.md makes the order a hard rule ("clinical priority
 * first, then longest wait, then patients cancelled before"), so a less urgent patient must never get an
 * earlier date at a more urgent patient's expense — which is exactly what a global optimum of total
 * delay would sometimes do. Greedy is also fast: O(n log n + m log m) for n appointments and m slots —
 * two sorts, then near-constant work per appointment (slot-board.ts buckets the slots, slot-queue.ts
 * skips full ones; only a patient's own bookings make it step past the few slots that clash with them),
 * where an exact assignment is O(n³) and cannot run on a national walkout's 122,500 appointments.
 * optimal.ts computes the exact optimum on small instances so quality.ts can measure what greediness
 * costs; the spec shows it equals the optimum whenever a clinic's appointments can all use the same slots.
 *
 * "Best slot" for an appointment, among slots of its specialty and kind, inside the window, outside every
 * other walkout that concerns it, with room, long enough, and not clashing with the patient's bookings:
 *   1. at its own site within the target (14 days): a follow-up's own clinician's earliest slot, else the
 *      earliest slot;
 *   2. only when sameSiteOnly is false — at any site of its trust within the target, the same way;
 *   3. otherwise the earliest slot at any site it may use (ties: own clinician, then own site).
 * So a follow-up keeps its clinician when that still meets the target, and keeping the patient's own
 * site within the target outranks keeping the clinician at another site.
 *
 * Alternatives (input.alternatives, 0–2; docs/domain.md "Choice and holds"): once every appointment has
 * its best place, a second pass in the same order picks each placement's alternatives by the same rule
 * ("best slot" above, the same queues, walkouts and clashes), each on a London day none of the offer's
 * other dates uses, from the room the first pass left. Holding alternatives therefore never takes a
 * best place from anyone, however urgent: they come only out of places nobody's best date needed.
 */
export function assignRebookings(input: RebookingInput): RebookingResult {
  const options = resolveRebookingOptions(input);
  const { appointments, slots } = input;
  assertUniqueIds(appointments, 'appointment');
  assertUniqueIds(slots, 'slot');
  const prepared = prepareSlots(slots, input.blackouts ?? [], options);
  const board = new SlotBoard(slots, prepared);
  const busyByPatient = groupBusyIntervals(input.patientBusy);
  const patientsWithSeveralAppointments = findPatientsWithSeveralAppointments(appointments);
  const search = new SlotSearch(prepared, options);
  const need = new AppointmentNeed();

  const placements: RebookingPlacement[] = [];
  const placedIndexes: number[] = [];
  const placedSlotIndexes: number[] = [];
  const unplaced: UnplacedAppointment[] = [];
  for (const index of rebookingOrder(appointments)) {
    const appointment = appointments[index];
    const busy = busyByPatient.get(appointment.patientId);
    need.resolve(appointment, prepared, board, options);
    const slotIndex = search.bestSlot(need, busy);
    if (slotIndex < 0) {
      unplaced.push({
        appointmentId: appointment.id,
        reason: explainUnplaced(need, board, busy, search, options),
        cancellationFlag: cancellationFlag(appointment.cancellationCount),
      });
      continue;
    }
    prepared.remaining[slotIndex] -= 1;
    const slot = slots[slotIndex];
    if (patientsWithSeveralAppointments.has(appointment.patientId)) {
      if (busy) busy.push(slot.startsAt, slot.endsAt);
      else busyByPatient.set(appointment.patientId, [slot.startsAt, slot.endsAt]);
    }
    placements.push(toPlacement(appointment, slot, prepared.daysAfterWalkout[slotIndex], options));
    placedIndexes.push(index);
    placedSlotIndexes.push(slotIndex);
  }
  if (options.alternatives > 0) {
    const days: number[] = [];
    for (let n = 0; n < placements.length; n++) {
      const appointment = appointments[placedIndexes[n]];
      need.resolve(appointment, prepared, board, options);
      days.length = 0;
      days.push(prepared.daysAfterWalkout[placedSlotIndexes[n]]);
      const alternatives: RebookingAlternative[] = placements[n].alternatives;
      while (alternatives.length < options.alternatives) {
        const busy = busyByPatient.get(appointment.patientId);
        const slotIndex = search.bestSlot(need, busy, days);
        if (slotIndex < 0) break;
        prepared.remaining[slotIndex] -= 1;
        const slot = slots[slotIndex];
        // A patient with several appointments could choose this date: keep their other offers clear of it.
        if (patientsWithSeveralAppointments.has(appointment.patientId)) busy!.push(slot.startsAt, slot.endsAt);
        days.push(prepared.daysAfterWalkout[slotIndex]);
        alternatives.push({ slotId: slot.id, startsAt: slot.startsAt, daysAfterWalkout: prepared.daysAfterWalkout[slotIndex] });
      }
    }
  }
  return { placements, unplaced, summary: summarise(placements, unplaced) };
}

/** What an appointment needs, resolved to the queues that can hold it. Reused across appointments. */
class AppointmentNeed {
  /** In order of preference: own clinician at own site, own site, own clinician in trust, trust. */
  readonly queues: SlotQueue[] = [];
  homeScope = -1;
  trustScope = -1;
  blackoutMask = 0;
  minimumLengthMs = 0;

  resolve(
    appointment: RebookingAppointment,
    prepared: PreparedSlots,
    board: SlotBoard,
    options: ResolvedRebookingOptions,
  ): this {
    const { specialty, kind } = appointment;
    this.blackoutMask =
      prepared.staffGroupBlackouts.length === 0
        ? 0
        : staffGroupBlackoutMaskFor(appointment, prepared.staffGroupBlackouts);
    this.minimumLengthMs = minimumSlotLengthMs(appointment);
    this.homeScope = board.scopeOf('site', specialty, kind, appointment.siteId);
    this.trustScope = board.scopeOf('trust', specialty, kind, appointment.trustId);
    const keepClinician =
      appointment.appointmentKind === 'outpatient-follow-up' ? appointment.clinicianStaffNumber : null;
    const queues = this.queues;
    queues.length = 0;
    if (keepClinician !== null) {
      queues.push(board.clinicianQueue(this.homeScope, this.blackoutMask, this.minimumLengthMs, keepClinician));
    }
    queues.push(board.queue(this.homeScope, this.blackoutMask, this.minimumLengthMs));
    if (!options.sameSiteOnly) {
      if (keepClinician !== null) {
        queues.push(board.clinicianQueue(this.trustScope, this.blackoutMask, this.minimumLengthMs, keepClinician));
      }
      queues.push(board.queue(this.trustScope, this.blackoutMask, this.minimumLengthMs));
    }
    return this;
  }
}

class SlotSearch {
  private readonly candidates: number[] = [];

  constructor(
    private readonly prepared: PreparedSlots,
    private readonly options: ResolvedRebookingOptions,
  ) {}

  /**
   * Slot index chosen for the need, or −1 when no queue has a free slot the patient can attend.
   * `excludedDays` (days after the walkout): dates the offer already has, when looking for alternatives.
   */
  bestSlot(need: AppointmentNeed, busy: readonly number[] | undefined, excludedDays: readonly number[] | null = null): number {
    const { daysAfterWalkout, startsAt } = this.prepared;
    const candidates = this.candidates;
    candidates.length = 0;
    for (const queue of need.queues) {
      const slotIndex = excludedDays === null ? this.earliestAttendable(queue, busy) : this.earliestAttendableOnOtherDays(queue, busy, excludedDays);
      if (slotIndex >= 0 && daysAfterWalkout[slotIndex] <= this.options.targetDays) return slotIndex;
      candidates.push(slotIndex);
    }
    // Nothing meets the target: earliest wins; on a tie, the earlier preference (strict <).
    let best = -1;
    for (const slotIndex of candidates) {
      if (slotIndex >= 0 && (best < 0 || startsAt[slotIndex] < startsAt[best])) best = slotIndex;
    }
    return best;
  }

  /** Earliest slot in the queue with room that does not overlap the patient's bookings, or −1. */
  earliestAttendable(queue: SlotQueue, busy: readonly number[] | undefined): number {
    let position = queue.firstOpenFrom(0);
    if (busy === undefined) return position < queue.size ? queue.slotIndexes[position] : -1;
    const { startsAt, endsAt } = this.prepared;
    while (position < queue.size) {
      const slotIndex = queue.slotIndexes[position];
      if (!overlapsAnyInterval(busy, startsAt[slotIndex], endsAt[slotIndex])) return slotIndex;
      position = queue.firstOpenFrom(position + 1);
    }
    return -1;
  }

  /**
   * As earliestAttendable, skipping every slot on an excluded day: a whole day is jumped at once (the
   * queue is in start order, so its days never decrease), so a full clinic day costs a binary search,
   * not a walk through its slots.
   */
  private earliestAttendableOnOtherDays(queue: SlotQueue, busy: readonly number[] | undefined, excludedDays: readonly number[]): number {
    const { startsAt, endsAt, daysAfterWalkout } = this.prepared;
    const indexes = queue.slotIndexes;
    let position = queue.firstOpenFrom(0);
    while (position < queue.size) {
      const slotIndex = indexes[position];
      const day = daysAfterWalkout[slotIndex];
      if (excludedDays.includes(day)) {
        position = queue.firstOpenFrom(firstPositionAfterDay(indexes, daysAfterWalkout, position, day));
        continue;
      }
      if (busy === undefined || !overlapsAnyInterval(busy, startsAt[slotIndex], endsAt[slotIndex])) return slotIndex;
      position = queue.firstOpenFrom(position + 1);
    }
    return -1;
  }
}

/** First position after `from` whose slot is on a later day than `day` (binary search; days never decrease along a queue). */
function firstPositionAfterDay(indexes: Int32Array, daysAfterWalkout: Int32Array, from: number, day: number): number {
  let low = from + 1;
  let high = indexes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (daysAfterWalkout[indexes[middle]] > day) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Runs only for unplaced appointments, so it may look at a few more queues than the search did. */
function explainUnplaced(
  need: AppointmentNeed,
  board: SlotBoard,
  busy: readonly number[] | undefined,
  search: SlotSearch,
  options: ResolvedRebookingOptions,
): UnplacedReason {
  if (options.sameSiteOnly) {
    const elsewhereInTrust = board.queue(need.trustScope, need.blackoutMask, need.minimumLengthMs);
    if (search.earliestAttendable(elsewhereInTrust, busy) >= 0) return 'SAME_SITE_ONLY';
  }
  const scope = options.sameSiteOnly ? need.homeScope : need.trustScope;
  if (board.slotCount(scope) === 0) return 'NO_SLOT_SAME_SPECIALTY';
  if (board.inWindowCount(scope) === 0) return 'NO_SLOT_IN_HORIZON';
  if (board.queue(scope, need.blackoutMask, 0).size === 0) return 'ALL_SLOTS_IN_OTHER_WALKOUTS';
  const longEnough = board.queue(scope, need.blackoutMask, need.minimumLengthMs);
  if (longEnough.size === 0) return 'NO_SLOT_LONG_ENOUGH';
  if (longEnough.firstOpenFrom(0) === longEnough.size) return 'ALL_SLOTS_FULL';
  return 'PATIENT_BUSY_AT_EVERY_FREE_SLOT';
}

function toPlacement(
  appointment: RebookingAppointment,
  slot: RebookingSlot,
  daysAfterWalkout: number,
  options: ResolvedRebookingOptions,
): RebookingPlacement {
  return {
    appointmentId: appointment.id,
    slotId: slot.id,
    startsAt: slot.startsAt,
    daysAfterWalkout,
    within14Days: daysAfterWalkout <= options.targetDays,
    breach28Day: daysAfterWalkout > options.breachDays,
    sameClinician:
      slot.clinicianStaffNumber !== null && slot.clinicianStaffNumber === appointment.clinicianStaffNumber,
    sameSite: slot.siteId === appointment.siteId,
    pastDueBy: slot.startsAt > dueBy(appointment).dueAt,
    cancellationFlag: cancellationFlag(appointment.cancellationCount),
    alternatives: [],
  };
}

function summarise(placements: readonly RebookingPlacement[], unplaced: readonly UnplacedAppointment[]): RebookingSummary {
  const unplacedByReason = Object.fromEntries(UNPLACED_REASONS.map((reason) => [reason, 0])) as Record<
    UnplacedReason,
    number
  >;
  for (const entry of unplaced) unplacedByReason[entry.reason] += 1;
  let within14Days = 0;
  let breaches28Day = 0;
  let totalDelayDays = 0;
  let alternativesHeld = 0;
  for (const placement of placements) {
    alternativesHeld += placement.alternatives.length;
    if (placement.within14Days) within14Days += 1;
    if (placement.breach28Day) breaches28Day += 1;
    totalDelayDays += placement.daysAfterWalkout;
  }
  return {
    placed: placements.length,
    unplaced: unplaced.length,
    within14Days,
    breaches28Day,
    totalDelayDays,
    alternativesHeld,
    unplacedByReason,
  };
}

/** Only these patients can clash with themselves within the run, so only their placements are remembered. */
function findPatientsWithSeveralAppointments(appointments: readonly RebookingAppointment[]): Set<string> {
  const seen = new Set<string>();
  const several = new Set<string>();
  for (const appointment of appointments) {
    if (seen.has(appointment.patientId)) several.add(appointment.patientId);
    else seen.add(appointment.patientId);
  }
  return several;
}

/** A repeated appointment would be booked twice and a repeated slot overbooked: refuse the input instead. */
function assertUniqueIds(records: readonly { id: string }[], what: string): void {
  const ids = new Set<string>();
  for (const record of records) {
    if (ids.has(record.id)) throw new RangeError(`Duplicate ${what} id in rebooking input: ${record.id}`);
    ids.add(record.id);
  }
}
