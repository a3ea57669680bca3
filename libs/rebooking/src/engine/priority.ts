import { addLondonCalendarDays, addLondonCalendarMonths, HOUR_MS } from '@app/core';
import type {
  CancellationFlag,
  OutpatientUrgency,
  RebookingAppointment,
  SurgicalPriority,
} from './engine.types';
import { compareIds } from './compare-ids';

/**
 * Rebooking order (docs/domain.md, "Prioritisation and postponement" and "Rebooking"):
 *   1. clinical priority — the tiers below, most urgent first;
 *   2. longest wait — earliest referral date (RTT clock start) first;
 *   3. patients cancelled before — higher cancellation count first;
 *   4. appointment id — only so that equal appointments always come out in the same order.
 *
 * Clinical tiers, and the choices the rules leave open (docs/domain.md, "Rebooking"):
 * - P1a, P1b, P2, two-week-wait, urgent is the list in docs/domain.md, kept in that order. P2 ranks above
 *   outpatient urgent (and above two-week-wait) because it is a decided procedure with a hard 4-week
 *   clinical limit; "urgent" has no fixed limit. The two sit in different slot kinds (theatre vs clinic),
 *   so they only meet when one patient has both — then the P2 chooses its time first.
 * - P3 (≤ 3 months) comes next: a clinical limit, though a looser one than any tier above.
 * - P4 and routine outpatients share the last tier: neither has a clinical limit beyond the 18-week RTT
 *   standard, so between them longest wait decides.
 * - An appointment with both a surgical priority and an outpatient urgency takes the more urgent tier.
 */
export const CLINICAL_TIERS = ['P1a', 'P1b', 'P2', 'two-week-wait', 'urgent', 'P3', 'routine'] as const;
export type ClinicalTier = (typeof CLINICAL_TIERS)[number];

const SURGICAL_TIER_RANK: Record<SurgicalPriority, number> = {
  P1a: 0,
  P1b: 1,
  P2: 2,
  P3: 5,
  P4: 6,
};
const URGENCY_TIER_RANK: Record<OutpatientUrgency, number> = {
  'two-week-wait': 3,
  urgent: 4,
  routine: 6,
};

export type PrioritisedAppointment = Pick<
  RebookingAppointment,
  'id' | 'urgency' | 'surgicalPriority' | 'referralDate' | 'cancellationCount'
>;

/** Position of the appointment's clinical tier in CLINICAL_TIERS: 0 is most urgent. */
export function clinicalTierRank(appointment: Pick<RebookingAppointment, 'urgency' | 'surgicalPriority'>): number {
  const byUrgency = URGENCY_TIER_RANK[appointment.urgency] ?? URGENCY_TIER_RANK.routine;
  if (appointment.surgicalPriority === null || appointment.surgicalPriority === undefined) return byUrgency;
  return Math.min(SURGICAL_TIER_RANK[appointment.surgicalPriority] ?? byUrgency, byUrgency);
}

export function clinicalTier(appointment: Pick<RebookingAppointment, 'urgency' | 'surgicalPriority'>): ClinicalTier {
  return CLINICAL_TIERS[clinicalTierRank(appointment)];
}

/** Negative when `a` is rebooked before `b`. A total order: only equal ids compare equal. */
export function compareRebookingPriority(a: PrioritisedAppointment, b: PrioritisedAppointment): number {
  return (
    clinicalTierRank(a) - clinicalTierRank(b) ||
    a.referralDate - b.referralDate ||
    b.cancellationCount - a.cancellationCount ||
    compareIds(a.id, b.id)
  );
}

// Sort-key packing for rebookingOrder: tier, referral date and cancellation count as one exact integer
// below 2^53 (tier < 8 → 3 bits, referral date < 2^42 ms ≈ year 2109, count ≤ 127 → 7 bits).
const REFERRAL_DATE_LIMIT = 2 ** 42;
const CANCELLATION_COUNT_LIMIT = 127;

/**
 * Indexes of `appointments` in rebooking order — exactly the order of `compareRebookingPriority`, with
 * the sort key computed once per appointment instead of once per comparison (122,500 appointments make
 * about two million comparisons). Inputs the packed key cannot represent use the plain comparator.
 */
export function rebookingOrder(appointments: readonly PrioritisedAppointment[]): number[] {
  const count = appointments.length;
  const packedKeys = new Float64Array(count);
  const order = new Array<number>(count);
  for (let index = 0; index < count; index++) {
    const appointment = appointments[index];
    const { referralDate, cancellationCount } = appointment;
    if (
      !Number.isInteger(referralDate) ||
      referralDate < 0 ||
      referralDate >= REFERRAL_DATE_LIMIT ||
      !Number.isInteger(cancellationCount) ||
      cancellationCount < 0 ||
      cancellationCount > CANCELLATION_COUNT_LIMIT
    ) {
      return appointments
        .map((_, position) => position)
        .sort((a, b) => compareRebookingPriority(appointments[a], appointments[b]));
    }
    packedKeys[index] =
      (clinicalTierRank(appointment) * REFERRAL_DATE_LIMIT + referralDate) * (CANCELLATION_COUNT_LIMIT + 1) +
      (CANCELLATION_COUNT_LIMIT - cancellationCount);
    order[index] = index;
  }
  order.sort((a, b) => packedKeys[a] - packedKeys[b] || compareIds(appointments[a].id, appointments[b].id));
  return order;
}

/**
 * docs/domain.md: count every cancellation and flag the second and third. A fourth or later is flagged with
 * the third — it needs at least the same attention.
 */
export function cancellationFlag(cancellationCount: number): CancellationFlag | null {
  if (cancellationCount >= 3) return 'THIRD_OR_LATER_CANCELLATION';
  if (cancellationCount === 2) return 'SECOND_CANCELLATION';
  return null;
}

export type DueByBasis = 'P1a' | 'P1b' | 'P2' | 'P3' | 'two-week-wait' | 'referral-to-treatment';

export interface DueBy {
  dueAt: number;
  /** The limit that falls first, so the one that decides the date. */
  basis: DueByBasis;
}

const TWO_WEEK_WAIT_DAYS = 14;
const REFERRAL_TO_TREATMENT_DAYS = 18 * 7;

/**
 * The latest date the appointment should happen by: the earliest of its surgical-priority limit
 * (P1a 24 h, P1b 72 h — elapsed hours; P2 4 weeks, P3 3 months — London calendar), the two-week-wait
 * (14 days from referral) and the 18-week referral-to-treatment standard, which applies to everyone.
 * P4 has no clinical limit of its own ("over 3 months"), so RTT decides it.
 */
export function dueBy(
  appointment: Pick<
    RebookingAppointment,
    'urgency' | 'surgicalPriority' | 'referralDate' | 'decisionToAdmitAt' | 'originalStartsAt'
  >,
): DueBy {
  let dueAt = addLondonCalendarDays(appointment.referralDate, REFERRAL_TO_TREATMENT_DAYS);
  let basis: DueByBasis = 'referral-to-treatment';
  if (appointment.urgency === 'two-week-wait') {
    const twoWeekWaitDueAt = addLondonCalendarDays(appointment.referralDate, TWO_WEEK_WAIT_DAYS);
    if (twoWeekWaitDueAt < dueAt) {
      dueAt = twoWeekWaitDueAt;
      basis = 'two-week-wait';
    }
  }
  const priority = appointment.surgicalPriority;
  if (priority === 'P1a' || priority === 'P1b' || priority === 'P2' || priority === 'P3') {
    const clockStart = appointment.decisionToAdmitAt ?? appointment.originalStartsAt;
    const surgicalDueAt =
      priority === 'P1a'
        ? clockStart + 24 * HOUR_MS
        : priority === 'P1b'
          ? clockStart + 72 * HOUR_MS
          : priority === 'P2'
            ? addLondonCalendarDays(clockStart, 28)
            : addLondonCalendarMonths(clockStart, 3);
    if (surgicalDueAt < dueAt) {
      dueAt = surgicalDueAt;
      basis = priority;
    }
  }
  return { dueAt, basis };
}
