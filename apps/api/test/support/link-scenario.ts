import { RebookingRunService } from '@app/rebooking';
import { TrustFixture } from './fixtures';
import { appointmentItem, importPatients, importSlots } from './rebooking-fixtures';
import { TestApp } from './test-app';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

export interface OfferScenario {
  /** Link tokens of the offers, by the appointment they rebook ('A1', 'A2', …). */
  offerTokens: Record<string, string>;
  /** The notification id of each offer message. */
  offerMessages: Record<string, string>;
}

/**
 * Patients whose appointments a walkout a week from `now` postpones, rebooked into free slots after it:
 * one open offer (and its link) per appointment. Times are relative to `now`, so a worker on the real
 * clock sends the messages before their deadlines.
 */
export async function offerScenario(t: TestApp, trust: TrustFixture, now: Date, count: number): Promise<OfferScenario> {
  const base = `/api/v1/trusts/${trust.trustId}`;
  const start = Math.floor(now.getTime() / DAY) * DAY + 7 * DAY + 7 * HOUR;
  const patients = await importPatients(t, trust.trustId, trust.admin, count, 7000);
  const refs = Array.from({ length: count }, (_, n) => `A${n + 1}`);
  await importSlots(t, trust.trustId, trust.admin, [
    ...refs.map((_, n) => ({ externalRef: `W-${n}`, siteId: trust.siteIds[0], startsAt: new Date(start + 2 * HOUR + n * 15 * 60_000).toISOString() })),
    ...refs.map((_, n) => ({ externalRef: `F-${n}`, siteId: trust.siteIds[0], startsAt: new Date(start + 3 * DAY + 2 * HOUR + n * 15 * 60_000).toISOString() })),
  ]);
  const imported = await t.request('POST', `${base}/appointments/import`, {
    token: trust.admin,
    body: { items: refs.map((externalRef, n) => appointmentItem({ externalRef, nhsNumber: patients[n], slotExternalRef: `W-${n}` })) },
  });
  if (imported.status !== 200) throw new Error(`appointments: ${imported.status} ${imported.text}`);
  const walkout = await t.request('POST', `${base}/walkouts`, {
    token: trust.admin,
    body: { union: 'BMA', staffGroups: ['resident-doctor'], mode: 'full-walkout', startsAt: iso(start), endsAt: iso(start + DAY), noticeReceivedAt: iso(now.getTime() - 14 * DAY) },
  });
  if (walkout.status !== 201) throw new Error(`walkout: ${walkout.status} ${walkout.text}`);
  const postponed = await t.request('POST', `${base}/walkouts/${walkout.body.id}/postponements`, { token: trust.admin, body: {} });
  if (postponed.status !== 200) throw new Error(`postponement: ${postponed.status} ${postponed.text}`);
  const run = await t.request('POST', `${base}/walkouts/${walkout.body.id}/rebooking-runs`, { token: trust.admin, body: {} });
  if (run.status !== 202) throw new Error(`rebooking run: ${run.status} ${run.text}`);
  await t.app.get(RebookingRunService).execute(run.body.runId);

  const rows: { ref: string; token: string; id: string }[] = await t.dataSource.query(
    `SELECT src.external_ref AS ref, n.personalisation->>'linkToken' AS token, n.id
     FROM notification n JOIN appointment a ON a.id = n.subject_id JOIN appointment src ON src.id = a.rebooked_from_id
     WHERE n.purpose = 'rebooking-offer' AND n.trust_id = $1`,
    [trust.trustId],
  );
  if (rows.length !== count) throw new Error(`expected ${count} offers, got ${rows.length}`);
  return { offerTokens: Object.fromEntries(rows.map((r) => [r.ref, r.token])), offerMessages: Object.fromEntries(rows.map((r) => [r.ref, r.id])) };
}

export interface RecallScenario {
  incidentId: string;
  /** Link tokens of the recall messages, by staff number. */
  recallTokens: Record<string, string>;
}

/** A walkout in progress at `now`, striking resident doctors, and a declared major incident recalling them. */
export async function recallScenario(t: TestApp, trust: TrustFixture, now: Date, staffNumbers: string[]): Promise<RecallScenario> {
  const base = `/api/v1/trusts/${trust.trustId}`;
  const staff = await t.request('POST', `${base}/staff/import`, {
    token: trust.admin,
    body: {
      items: staffNumbers.map((staffNumber, n) => ({
        staffNumber,
        givenName: `Given${n}`,
        familyName: `Family${n}`,
        grade: 'resident-doctor',
        specialty: 'emergency-medicine',
        siteId: trust.siteIds[0],
        departmentId: trust.departmentIds[0],
        mobile: `07700900${String(200 + n)}`,
      })),
    },
  });
  if (staff.status !== 200) throw new Error(`staff: ${staff.status} ${staff.text}`);
  const walkout = await t.request('POST', `${base}/walkouts`, {
    token: trust.admin,
    body: { union: 'BMA', staffGroups: ['resident-doctor'], mode: 'full-walkout', startsAt: iso(now.getTime() - 2 * HOUR), endsAt: iso(now.getTime() + 22 * HOUR), noticeReceivedAt: iso(now.getTime() - 20 * DAY) },
  });
  if (walkout.status !== 201) throw new Error(`walkout: ${walkout.status} ${walkout.text}`);
  const participation = await t.request('PUT', `${base}/walkouts/${walkout.body.id}/participation`, { token: trust.admin, body: { items: staffNumbers.map((staffNumber) => ({ staffNumber, intendsToStrike: 'yes' })) } });
  if (participation.status !== 200) throw new Error(`participation: ${participation.status} ${participation.text}`);
  const incident = await t.request('POST', `${base}/major-incidents`, {
    token: trust.admin,
    body: {
      level: 'major',
      state: 'declared',
      siteIds: [trust.siteIds[0]],
      departmentIds: [trust.departmentIds[0]],
      description: 'Multiple casualties from a bus collision on the A4',
      methane: { majorIncident: 'Declared', exactLocation: 'A4 Cromwell Road eastbound', typeOfIncident: 'Bus and lorry collision', hazards: 'Fuel spill', access: 'Staff entrance on Fulham Road', numberOfCasualties: 40, emergencyServices: 'LAS, LFB, Met Police' },
      attendingTarget: staffNumbers.length,
    },
  });
  if (incident.status !== 201) throw new Error(`incident: ${incident.status} ${incident.text}`);
  const rows: { staff_number: string; token: string }[] = await t.dataSource.query(
    `SELECT s.staff_number, n.personalisation->>'linkToken' AS token FROM notification n JOIN staff s ON s.id = n.staff_id WHERE n.subject_id = $1 AND n.purpose = 'recall'`,
    [incident.body.id],
  );
  return { incidentId: incident.body.id, recallTokens: Object.fromEntries(rows.map((r) => [r.staff_number, r.token])) };
}
