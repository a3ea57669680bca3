import { TestApp } from './test-app';
import { validNhsNumber } from './fixtures';

/** Patients with valid NHS numbers from `seed` on; returns their NHS numbers in order. */
export async function importPatients(t: TestApp, trustId: string, token: string, count: number, seed: number): Promise<string[]> {
  const nhsNumbers = Array.from({ length: count }, (_, n) => validNhsNumber(seed + n));
  const response = await t.request('POST', `/api/v1/trusts/${trustId}/patients/import`, {
    token,
    body: { items: nhsNumbers.map((nhsNumber, n) => ({ nhsNumber, givenName: `Pat${n}`, familyName: 'Ient', dateOfBirth: '1970-01-01', mobile: '07700900123' })) },
  });
  if (response.status !== 200) throw new Error(`patients: ${response.status} ${response.text}`);
  return nhsNumbers;
}

export interface SlotSpec {
  externalRef: string;
  siteId: string;
  departmentId?: string;
  specialty?: string;
  kind?: 'outpatient' | 'theatre';
  startsAt: string;
  minutes?: number;
  capacity?: number;
  clinicianStaffNumber?: string;
}

export function slotItem(spec: SlotSpec): Record<string, unknown> {
  const endsAt = new Date(new Date(spec.startsAt).getTime() + (spec.minutes ?? 15) * 60_000).toISOString();
  return {
    externalRef: spec.externalRef,
    siteId: spec.siteId,
    ...(spec.departmentId ? { departmentId: spec.departmentId } : {}),
    specialty: spec.specialty ?? 'cardiology',
    kind: spec.kind ?? 'outpatient',
    startsAt: spec.startsAt,
    endsAt,
    ...(spec.capacity ? { capacity: spec.capacity } : {}),
    ...(spec.clinicianStaffNumber ? { clinicianStaffNumber: spec.clinicianStaffNumber } : {}),
  };
}

export async function importSlots(t: TestApp, trustId: string, token: string, specs: SlotSpec[]): Promise<void> {
  const response = await t.request('POST', `/api/v1/trusts/${trustId}/slots/import`, { token, body: { items: specs.map(slotItem) } });
  if (response.status !== 200) throw new Error(`slots: ${response.status} ${response.text}`);
}

export interface AppointmentSpec {
  externalRef: string;
  nhsNumber: string;
  slotExternalRef: string;
  kind?: 'outpatient-new' | 'outpatient-follow-up' | 'day-case' | 'inpatient';
  urgency?: 'two-week-wait' | 'urgent' | 'routine';
  surgicalPriority?: 'P1a' | 'P1b' | 'P2' | 'P3' | 'P4';
  referralDate?: string;
}

export function appointmentItem(spec: AppointmentSpec): Record<string, unknown> {
  return { kind: 'outpatient-new', urgency: 'routine', referralDate: '2025-10-01', ...spec };
}

export async function importAppointments(t: TestApp, trustId: string, token: string, specs: AppointmentSpec[]): Promise<void> {
  const response = await t.request('POST', `/api/v1/trusts/${trustId}/appointments/import`, { token, body: { items: specs.map(appointmentItem) } });
  if (response.status !== 200) throw new Error(`appointments: ${response.status} ${response.text}`);
}

/** id of the appointment with this external reference (test convenience: straight from the database). */
export async function appointmentId(t: TestApp, trustId: string, externalRef: string): Promise<string> {
  const [row] = await t.dataSource.query(`SELECT id FROM appointment WHERE trust_id = $1 AND external_ref = $2`, [trustId, externalRef]);
  if (!row) throw new Error(`no appointment ${externalRef}`);
  return row.id;
}

/** Every slot's counter equals the appointments holding it (booked, offered, confirmed). */
export async function slotCountersDrift(t: TestApp): Promise<{ id: string; booked_count: number; held: number }[]> {
  return t.dataSource.query(
    `SELECT s.id, s.booked_count, count(a.id) FILTER (WHERE a.status IN ('booked', 'offered', 'confirmed'))::int AS held
     FROM slot s LEFT JOIN appointment a ON a.slot_id = s.id
     GROUP BY s.id HAVING s.booked_count <> count(a.id) FILTER (WHERE a.status IN ('booked', 'offered', 'confirmed'))`,
  );
}

/** Every slot's held counter equals the alternatives still held in it (docs/domain.md "Choice and holds"), and no slot is past capacity. */
export async function heldCountersDrift(t: TestApp): Promise<{ id: string; held_count: number; held: number }[]> {
  return t.dataSource.query(
    `SELECT s.id, s.held_count, count(h.slot_id)::int AS held
     FROM slot s LEFT JOIN rebooking_hold h ON h.slot_id = s.id AND h.released_at IS NULL
     GROUP BY s.id HAVING s.held_count <> count(h.slot_id) OR s.booked_count + s.held_count > s.capacity`,
  );
}

/**
 * Every count the walkout activity tally keeps (docs/decisions/0014-walkout-activity-tally.md) equals
 * the appointments it counts, grouped by the same key: the rows where they differ, with the tally's
 * count minus the appointments' (none when the triggers kept it exact).
 */
export async function activityTallyDrift(t: TestApp): Promise<Record<string, unknown>[]> {
  return t.dataSource.query(
    `SELECT walkout_id, kind, status, first_of_chain, rebooked_onward, days_after_walkout, original_starts_at, sum(n)::int AS drift
     FROM (
       SELECT walkout_id, kind, status, first_of_chain, rebooked_onward, days_after_walkout, original_starts_at, appointments AS n FROM walkout_activity_tally
       UNION ALL
       SELECT a.walkout_id, a.kind, a.status, a.rebooked_from_id IS NULL, a.rebooked_to_id IS NOT NULL, a.days_after_walkout,
              CASE WHEN a.rebooked_from_id IS NULL AND a.postponed_at IS NOT NULL THEN s.starts_at END, -1
       FROM appointment a JOIN slot s ON s.id = a.slot_id WHERE a.walkout_id IS NOT NULL
     ) counted
     GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0`,
  );
}
