/**
 * The national walkout dataset the benches share (bench:national, bench:fhir): the engine benchmark's
 * synthetic national walkout (docs/domain.md "Who uses it and why": 110,000 outpatient appointments and
 * 12,500 operations, 20 trusts of 3 sites; seeded, reproducible), with two changes: free slots carry only
 * their free places (the synthetic "already booked" share would need 100,000 more appointments to hold
 * it), and two-week-wait and P1b — which a walkout keeps — become urgent and P2, so all 122,500 are
 * postponed. Grouped per trust as the JSON imports' rows.
 */
import { DAY_MS, HOUR_MS, londonWallClockToUtc } from '@app/core';
import type { RebookingAppointment, RebookingInput, RebookingSlot } from '@app/rebooking';
import { buildSyntheticRebookingInput, nationalWalkoutShape } from '@app/rebooking/testing';
import { DateTime } from 'luxon';

export const SEED = 2026;
export const TRUSTS = 20;
export const SITES = 3;
/** 07:00 on Wednesday 10 June 2026, London: the end of a two-day 07:00 → 07:00 walkout. */
export const WALKOUT_ENDS_AT = londonWallClockToUtc(Date.UTC(2026, 5, 10) + 7 * HOUR_MS);
export const WALKOUT_STARTS_AT = WALKOUT_ENDS_AT - 2 * DAY_MS;
/** The next walkout of the series, three weeks on (same staff group): a blackout for the rebooking. */
export const NEXT_WALKOUT_STARTS_AT = londonWallClockToUtc(Date.UTC(2026, 5, 30) + 7 * HOUR_MS);
/** During the walkout: every synthetic referral date has passed, and new dates start at its end. */
export const NOW = new Date('2026-06-09T12:00:00Z');

export const iso = (ms: number) => new Date(ms).toISOString();
const londonDate = (ms: number) => DateTime.fromMillis(ms, { zone: 'Europe/London' }).toISODate()!;

export interface ScenarioTrust {
  appointments: RebookingAppointment[];
  slots: RebookingSlot[];
}

/**
 * The synthetic national input, adjusted as the header says, and grouped per synthetic trust (T01…T20).
 * `scale` below 1 shrinks every count by that factor (same shape, same 20 trusts), to check a bench quickly.
 */
export function nationalScenario(scale = 1): { input: RebookingInput; byTrust: Map<string, ScenarioTrust> } {
  const shape = nationalWalkoutShape(SEED, WALKOUT_ENDS_AT);
  const scaled = (n: number) => Math.max(TRUSTS, Math.round(n * scale));
  const raw = buildSyntheticRebookingInput(
    scale === 1
      ? shape
      : { ...shape, outpatientAppointments: scaled(shape.outpatientAppointments), theatreAppointments: scaled(shape.theatreAppointments), outpatientSlots: scaled(shape.outpatientSlots), theatreSlots: scaled(shape.theatreSlots) },
  );
  // Rows from the database carry no duration and one cancellation (the walkout's): the same here, so the
  // engine alone solves exactly the problem the runs solve.
  const appointments = raw.appointments.map((a) => ({
    ...a,
    durationMinutes: null,
    cancellationCount: 1,
    urgency: a.urgency === 'two-week-wait' ? ('urgent' as const) : a.urgency,
    surgicalPriority: a.surgicalPriority === 'P1b' || a.surgicalPriority === 'P1a' ? ('P2' as const) : a.surgicalPriority,
  }));
  const slots = raw.slots.filter((s) => s.capacity > s.booked).map((s) => ({ ...s, capacity: s.capacity - s.booked, booked: 0 }));
  const input: RebookingInput = { ...raw, appointments, slots, patientBusy: [], blackouts: [{ startsAt: NEXT_WALKOUT_STARTS_AT, endsAt: NEXT_WALKOUT_STARTS_AT + 2 * DAY_MS, siteIds: null, staffGroups: null }], sameSiteOnly: true };
  const byTrust = new Map<string, ScenarioTrust>();
  const of = (trustId: string) => byTrust.get(trustId) ?? byTrust.set(trustId, { appointments: [], slots: [] }).get(trustId)!;
  for (const a of appointments) of(a.trustId).appointments.push(a);
  for (const s of slots) of(s.trustId).slots.push(s);
  return { input, byTrust };
}

/** Synthetic clinician codes run past the 32 characters a staff number allows: give each a short one. */
export function clinicianCodes(): (code: string | null) => string | undefined {
  const codes = new Map<string, string>();
  return (code) => (code === null ? undefined : codes.get(code) ?? codes.set(code, `K${codes.size + 1}`).get(code));
}

export interface SlotImportRow {
  externalRef: string;
  siteId: string;
  specialty: string;
  kind: 'outpatient' | 'theatre';
  clinicianStaffNumber?: string;
  startsAt: string;
  endsAt: string;
  capacity?: number;
}

export interface AppointmentImportRow {
  externalRef: string;
  nhsNumber: string;
  slotExternalRef: string;
  kind: string;
  urgency: string;
  surgicalPriority?: string;
  referralDate: string;
}

/**
 * One trust's slots and appointments as the JSON imports take them: the free slots of the six weeks
 * after the walkout (`F-…`), and each appointment's own slot inside the walkout (`O-…`). `siteIds` maps
 * the synthetic site (T01S1) to the trust's site id, `nhsOf` the synthetic patient to an NHS number.
 */
export function trustImportRows(data: ScenarioTrust, siteIds: Map<string, string>, nhsOf: Map<string, string>, clinician: (code: string | null) => string | undefined): { slots: SlotImportRow[]; appointments: AppointmentImportRow[] } {
  const slots: SlotImportRow[] = [
    ...data.slots.map((s) => ({
      externalRef: `F-${s.id}`,
      siteId: siteIds.get(s.siteId)!,
      specialty: s.specialty,
      kind: s.kind,
      ...(s.clinicianStaffNumber ? { clinicianStaffNumber: clinician(s.clinicianStaffNumber) } : {}),
      startsAt: iso(s.startsAt),
      endsAt: iso(s.endsAt),
      capacity: s.capacity,
    })),
    ...data.appointments.map((a) => {
      const startsAt = Math.min(Math.max(a.originalStartsAt, WALKOUT_STARTS_AT + HOUR_MS), WALKOUT_ENDS_AT - 4 * HOUR_MS);
      return {
        externalRef: `O-${a.id}`,
        siteId: siteIds.get(a.siteId)!,
        specialty: a.specialty,
        kind: a.kind,
        ...(a.clinicianStaffNumber ? { clinicianStaffNumber: clinician(a.clinicianStaffNumber) } : {}),
        startsAt: iso(startsAt),
        endsAt: iso(startsAt + (a.kind === 'theatre' ? 120 : 15) * 60_000),
      };
    }),
  ];
  const appointments: AppointmentImportRow[] = data.appointments.map((a) => ({
    externalRef: a.id,
    nhsNumber: nhsOf.get(a.patientId)!,
    slotExternalRef: `O-${a.id}`,
    kind: a.appointmentKind,
    urgency: a.urgency,
    ...(a.surgicalPriority ? { surgicalPriority: a.surgicalPriority } : {}),
    referralDate: londonDate(a.referralDate),
  }));
  return { slots, appointments };
}
