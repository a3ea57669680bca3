import { Role } from '@app/core';
import { ConsoleUser, createConsoleUser } from './console-users';
import { createTrust, TrustFixture } from './fixtures';
import { appointmentItem, importPatients, importSlots } from './rebooking-fixtures';
import { TestApp } from './test-app';

/** The console tests' clock: New Year's Day 2026, midday (GMT). */
export const CONSOLE_NOW = new Date('2026-01-01T12:00:00Z');
/** The walkout the flows record: Monday 12 January 07:00 → Wednesday 14 January 07:00 (GMT). */
export const COMING_WALKOUT = { startsAt: '2026-01-12T07:00:00+00:00', endsAt: '2026-01-14T07:00:00+00:00' };

export interface ConsoleScenario {
  trust: TrustFixture;
  other: TrustFixture;
  admin: ConsoleUser;
  viewer: ConsoleUser;
  national: ConsoleUser;
  otherAdmin: ConsoleUser;
  /** A walkout in progress at CONSOLE_NOW, resident doctors R1–R3 taking part: what a major incident recalls. */
  liveWalkoutId: string;
}

/**
 * A trust a strike cell would recognise: two sites with an emergency department each, three
 * emergency-medicine consultants (C1–C3) and three resident doctors (R1–R3, with mobiles), ten routine
 * cardiology appointments during the coming walkout and eight free places after it (six within 14
 * days, two 37 days on: 28-day breaches), so a rebooking run leaves two unplaced. Plus another trust.
 */
export async function consoleScenario(t: TestApp): Promise<ConsoleScenario> {
  const nationalToken = await t.bearer(Role.NationalAdmin);
  const trust = await createTrust(t, nationalToken, 'Chelsea and Westminster Hospital NHS Foundation Trust');
  const other = await createTrust(t, nationalToken, 'Imperial College Healthcare NHS Trust');
  const base = `/api/v1/trusts/${trust.trustId}`;
  const staff = await t.request('POST', `${base}/staff/import`, {
    token: trust.admin,
    body: {
      items: [
        ...['C1', 'C2', 'C3'].map((staffNumber, n) => ({ staffNumber, givenName: ['Amara', 'Ben', 'Chloe'][n], familyName: ['Okafor', 'Hughes', 'Patel'][n], grade: 'consultant', specialty: 'emergency-medicine', siteId: trust.siteIds[0], departmentId: trust.departmentIds[0], mobile: `0770090010${n}` })),
        ...['R1', 'R2', 'R3'].map((staffNumber, n) => ({ staffNumber, givenName: ['Dev', 'Ella', 'Femi'][n], familyName: ['Shah', 'Jones', 'Adeyemi'][n], grade: 'resident-doctor', specialty: 'emergency-medicine', siteId: trust.siteIds[0], departmentId: trust.departmentIds[0], mobile: `0770090020${n}` })),
      ],
    },
  });
  if (staff.status !== 200) throw new Error(`staff: ${staff.status} ${staff.text}`);
  const patients = await importPatients(t, trust.trustId, trust.admin, 10, 4200);
  await importSlots(t, trust.trustId, trust.admin, [
    ...patients.map((_, n) => ({ externalRef: `W-${n}`, siteId: trust.siteIds[0], startsAt: new Date(Date.parse('2026-01-12T09:00:00Z') + n * 15 * 60_000).toISOString() })),
    ...Array.from({ length: 6 }, (_, n) => ({ externalRef: `F-${n}`, siteId: trust.siteIds[0], startsAt: new Date(Date.parse('2026-01-16T09:00:00Z') + n * 15 * 60_000).toISOString() })),
    ...Array.from({ length: 2 }, (_, n) => ({ externalRef: `L-${n}`, siteId: trust.siteIds[0], startsAt: new Date(Date.parse('2026-02-20T09:00:00Z') + n * 15 * 60_000).toISOString() })),
  ]);
  const appointments = await t.request('POST', `${base}/appointments/import`, {
    token: trust.admin,
    body: { items: patients.map((nhsNumber, n) => appointmentItem({ externalRef: `A${n}`, nhsNumber, slotExternalRef: `W-${n}`, referralDate: `2025-0${1 + (n % 9)}-01` })) },
  });
  if (appointments.status !== 200) throw new Error(`appointments: ${appointments.status} ${appointments.text}`);

  const live = await t.request('POST', `${base}/walkouts`, {
    token: trust.admin,
    body: { union: 'BMA', staffGroups: ['resident-doctor'], mode: 'full-walkout', startsAt: '2026-01-01T07:00:00+00:00', endsAt: '2026-01-02T07:00:00+00:00', noticeReceivedAt: '2025-12-15T09:00:00+00:00', siteIds: [trust.siteIds[0]] },
  });
  if (live.status !== 201) throw new Error(`walkout: ${live.status} ${live.text}`);
  const participation = await t.request('PUT', `${base}/walkouts/${live.body.id}/participation`, { token: trust.admin, body: { items: ['R1', 'R2', 'R3'].map((staffNumber) => ({ staffNumber, intendsToStrike: 'yes' })) } });
  if (participation.status !== 200) throw new Error(`participation: ${participation.status} ${participation.text}`);

  return {
    trust,
    other,
    admin: await createConsoleUser(t, Role.TrustAdmin, trust.trustId),
    viewer: await createConsoleUser(t, Role.TrustViewer, trust.trustId),
    national: await createConsoleUser(t, Role.NationalAdmin),
    otherAdmin: await createConsoleUser(t, Role.TrustAdmin, other.trustId),
    liveWalkoutId: live.body.id,
  };
}

/** Cover requirements for a walkout: the emergency department at site 1 needs 2 consultants 08:00–20:00 each day. */
export async function coverRequirements(t: TestApp, trust: TrustFixture, walkoutId: string, days: string[]): Promise<void> {
  for (const day of days) {
    const response = await t.request('POST', `/api/v1/trusts/${trust.trustId}/walkouts/${walkoutId}/cover-requirements`, {
      token: trust.admin,
      body: { departmentId: trust.departmentIds[0], startsAt: `${day}T08:00:00+00:00`, endsAt: `${day}T20:00:00+00:00`, minConsultants: 2 },
    });
    if (response.status !== 201) throw new Error(`cover requirement: ${response.status} ${response.text}`);
  }
}
