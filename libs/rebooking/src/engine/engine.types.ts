/**
 * Plain data in and out of the rebooking engine. Times are epoch milliseconds (UTC): the engine handles
 * hundreds of thousands of them per run, and numbers compare and sort far faster than Date objects.
 */

/** The kind of slot an appointment needs: a clinic slot or a theatre (operating) slot. */
export type SlotKind = 'outpatient' | 'theatre';

export type AppointmentKind = 'outpatient-new' | 'outpatient-follow-up' | 'day-case' | 'inpatient';

/** Outpatient referral urgency. Theatre work normally carries 'routine' here and a surgical priority. */
export type OutpatientUrgency = 'two-week-wait' | 'urgent' | 'routine';

/** Surgical prioritisation codes: P1a ≤ 24 h, P1b ≤ 72 h, P2 ≤ 4 weeks, P3 ≤ 3 months, P4 > 3 months. */
export type SurgicalPriority = 'P1a' | 'P1b' | 'P2' | 'P3' | 'P4';

export interface RebookingAppointment {
  id: string;
  patientId: string;
  /** Cross-site rebooking stays inside the patient's trust; it never moves a patient to another trust. */
  trustId: string;
  /** The site the patient was booked at (their "home" site for same-site rebooking). */
  siteId: string;
  specialty: string;
  /** The slot kind this appointment needs. */
  kind: SlotKind;
  appointmentKind: AppointmentKind;
  urgency: OutpatientUrgency;
  surgicalPriority: SurgicalPriority | null;
  /** RTT clock start; the earliest referral has waited longest. */
  referralDate: number;
  /**
   * When the surgical priority's clock started (decision to admit / last clinical review). Without it the
   * P-code window is counted from `originalStartsAt`: the cancelled date was inside the window the trust
   * accepted, so the window tells how far the cancellation may push the procedure.
   */
  decisionToAdmitAt?: number | null;
  /** Cancellations of this appointment so far, including the one that brought it here (so ≥ 1). */
  cancellationCount: number;
  /** The clinician the patient was booked with; follow-ups try to keep them. */
  clinicianStaffNumber: string | null;
  originalStartsAt: number;
  /** When given, only slots at least this long can take the appointment. */
  durationMinutes?: number | null;
  /**
   * Staff groups whose absence cancelled this appointment. A blackout naming staff groups only blocks
   * appointments that share one of them; when this is null or absent every blackout applies (the safe
   * reading of "unknown").
   */
  staffGroupsAffected?: readonly string[] | null;
}

export interface RebookingSlot {
  id: string;
  trustId: string;
  siteId: string;
  specialty: string;
  kind: SlotKind;
  clinicianStaffNumber: string | null;
  startsAt: number;
  endsAt: number;
  /** Bookings the slot can hold (1 for a normal clinic slot, N where the clinic says so). */
  capacity: number;
  /** Bookings it already holds; the engine only uses `capacity − booked`. */
  booked: number;
}

/** Another announced walkout of the series (not called off): no rebooking may land inside it. */
export interface RebookingBlackout {
  startsAt: number;
  endsAt: number;
  /** Sites the walkout covers; null means every site. */
  siteIds: readonly string[] | null;
  /** Staff groups it covers; null, empty or absent means it blocks every appointment. */
  staffGroups?: readonly string[] | null;
}

/** A time a patient is already booked elsewhere, so they are never given an overlapping slot. */
export interface PatientBusyInterval {
  patientId: string;
  startsAt: number;
  endsAt: number;
}

export interface RebookingInput {
  appointments: readonly RebookingAppointment[];
  slots: readonly RebookingSlot[];
  /** Nothing is placed in a slot starting before this instant. */
  walkoutEndsAt: number;
  blackouts?: readonly RebookingBlackout[];
  /** Default true: only the patient's own site. False allows other sites of the same trust as a fallback. */
  sameSiteOnly?: boolean;
  /** Default 42: no slot later than this many London calendar days after the walkout's end. */
  horizonDays?: number;
  /** Default 14: the target for a new date, in London calendar days after the walkout's end. */
  targetDays?: number;
  /** Default 28: a new date later than this many days after the walkout's end is a breach to report. */
  breachDays?: number;
  patientBusy?: readonly PatientBusyInterval[];
  /**
   * Default 0: alternatives to hold beside each best place, 0–2, so the patient can choose one of up to
   * three (docs/domain.md "Choice and holds"). Chosen after every appointment has its best place, so a
   * hold never costs another patient theirs.
   */
  alternatives?: number;
}

export type CancellationFlag = 'SECOND_CANCELLATION' | 'THIRD_OR_LATER_CANCELLATION';

export interface RebookingPlacement {
  appointmentId: string;
  slotId: string;
  startsAt: number;
  /** London calendar days from the walkout's end date to the slot's date (0 = same day). */
  daysAfterWalkout: number;
  /** daysAfterWalkout ≤ targetDays (14 unless the input says otherwise). */
  within14Days: boolean;
  /** daysAfterWalkout > breachDays (28 unless the input says otherwise). */
  breach28Day: boolean;
  sameClinician: boolean;
  sameSite: boolean;
  /** The new date is later than the appointment's clinical due-by (see priority.ts `dueBy`). */
  pastDueBy: boolean;
  cancellationFlag: CancellationFlag | null;
  /** Places held beside the best one for the patient's choice, best first; empty unless the input asks for them. */
  alternatives: RebookingAlternative[];
}

/** A place held as an alternative: same rules as the best place, on a London day none of the offer's other dates uses. */
export interface RebookingAlternative {
  slotId: string;
  startsAt: number;
  daysAfterWalkout: number;
}

/**
 * Why an appointment could not be placed. The first one that explains the failure is reported, checked in
 * this order at the sites the appointment may use (its own site, or its trust's sites when cross-site):
 */
export type UnplacedReason =
  /** sameSiteOnly kept it at its own site, yet another site of its trust had a free slot it could take. */
  | 'SAME_SITE_ONLY'
  /** No slot of its specialty and kind exists at any site it may use, at any time. */
  | 'NO_SLOT_SAME_SPECIALTY'
  /** Such slots exist, but none starts between the walkout's end and the horizon. */
  | 'NO_SLOT_IN_HORIZON'
  /** Every such slot inside the window falls in another announced walkout for that site. */
  | 'ALL_SLOTS_IN_OTHER_WALKOUTS'
  /** Usable slots exist, but none is as long as the appointment's durationMinutes. */
  | 'NO_SLOT_LONG_ENOUGH'
  /** Every usable slot is full: booked already or taken by more urgent patients in this run. */
  | 'ALL_SLOTS_FULL'
  /** Free slots exist, but each overlaps a time the patient is already booked. */
  | 'PATIENT_BUSY_AT_EVERY_FREE_SLOT';

export const UNPLACED_REASONS: readonly UnplacedReason[] = [
  'SAME_SITE_ONLY',
  'NO_SLOT_SAME_SPECIALTY',
  'NO_SLOT_IN_HORIZON',
  'ALL_SLOTS_IN_OTHER_WALKOUTS',
  'NO_SLOT_LONG_ENOUGH',
  'ALL_SLOTS_FULL',
  'PATIENT_BUSY_AT_EVERY_FREE_SLOT',
];

export interface UnplacedAppointment {
  appointmentId: string;
  reason: UnplacedReason;
  cancellationFlag: CancellationFlag | null;
}

export interface RebookingSummary {
  placed: number;
  unplaced: number;
  within14Days: number;
  breaches28Day: number;
  /** Sum of daysAfterWalkout over placements. */
  totalDelayDays: number;
  /** Alternatives held beside the placements' best places. */
  alternativesHeld: number;
  unplacedByReason: Record<UnplacedReason, number>;
}

export interface RebookingResult {
  /** In the order the engine placed them: rebooking priority order. */
  placements: RebookingPlacement[];
  unplaced: UnplacedAppointment[];
  summary: RebookingSummary;
}
