/**
 * Recall roll-call: counts for the control room and the per-person CSV (pure).
 */
import { toCsv } from '@app/core';
import { DateTime } from 'luxon';

/**
 * Our notification lifecycle as the recall sees it. Up to `sending` the message has not been accepted
 * by the provider (GOV.UK Notify); from `sent` on it has. The three provider failure statuses are
 * Notify's own, reported after it accepted the message; `failed` is ours: the provider never took it
 * (rejected request, retries exhausted).
 */
export type RecallNotificationStatus =
  | 'pending'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'permanent-failure'
  | 'temporary-failure'
  | 'technical-failure'
  | 'failed';

const REACHED_PROVIDER: ReadonlySet<RecallNotificationStatus> = new Set<RecallNotificationStatus>([
  'sent',
  'delivered',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
]);

const FAILED: ReadonlySet<RecallNotificationStatus> = new Set<RecallNotificationStatus>([
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
  'failed',
]);

export interface RecallResponse {
  attending: boolean;
  /** Minutes to arrival; only meaningful when attending. */
  etaMinutes: number | null;
  at: Date | string;
}

export interface RollCallStaff {
  id: string;
  siteId: string | null;
  departmentId: string | null;
  notificationStatus: RecallNotificationStatus;
  response: RecallResponse | null;
}

export interface EtaBuckets {
  within30: number;
  within60: number;
  over60: number;
  unknown: number;
}

export interface RollCallCounts {
  cohort: number;
  /** The provider accepted the message (sent, delivered, or a failure the provider reported). */
  notified: number;
  delivered: number;
  /** Any failure, ours or the provider's: the people to phone. Not in the API's minimum shape; extra. */
  failed: number;
  attending: number;
  unavailable: number;
  noResponse: number;
  /** Attending staff only, by how soon they arrive. */
  eta: EtaBuckets;
}

export interface RollCallSiteRow extends RollCallCounts {
  siteId: string | null;
}

/** Keyed by site and department together, so "no department" at two sites are two rows. */
export interface RollCallDepartmentRow extends RollCallCounts {
  siteId: string | null;
  departmentId: string | null;
}

export interface RollCall extends RollCallCounts {
  bySite: RollCallSiteRow[];
  byDepartment: RollCallDepartmentRow[];
}

export type EtaBucket = keyof EtaBuckets;

/** 30 and 60 are inclusive: "within 30 minutes" includes someone 30 minutes away. */
export function etaBucket(etaMinutes: number | null): EtaBucket {
  if (etaMinutes === null || !Number.isFinite(etaMinutes) || etaMinutes < 0) return 'unknown';
  if (etaMinutes <= 30) return 'within30';
  if (etaMinutes <= 60) return 'within60';
  return 'over60';
}

export function aggregateRollCall(staff: readonly RollCallStaff[]): RollCall {
  const total = emptyCounts();
  const bySite = new Map<string, RollCallSiteRow>();
  const byDepartment = new Map<string, RollCallDepartmentRow>();

  for (const person of staff) {
    add(total, person);

    const siteKey = JSON.stringify([person.siteId]);
    let site = bySite.get(siteKey);
    if (!site) bySite.set(siteKey, (site = { siteId: person.siteId, ...emptyCounts() }));
    add(site, person);

    const departmentKey = JSON.stringify([person.siteId, person.departmentId]);
    let department = byDepartment.get(departmentKey);
    if (!department) {
      department = { siteId: person.siteId, departmentId: person.departmentId, ...emptyCounts() };
      byDepartment.set(departmentKey, department);
    }
    add(department, person);
  }

  return {
    ...total,
    bySite: [...bySite.values()].sort((a, b) => compareIds(a.siteId, b.siteId)),
    byDepartment: [...byDepartment.values()].sort(
      (a, b) => compareIds(a.siteId, b.siteId) || compareIds(a.departmentId, b.departmentId),
    ),
  };
}

function emptyCounts(): RollCallCounts {
  return {
    cohort: 0,
    notified: 0,
    delivered: 0,
    failed: 0,
    attending: 0,
    unavailable: 0,
    noResponse: 0,
    eta: { within30: 0, within60: 0, over60: 0, unknown: 0 },
  };
}

function add(counts: RollCallCounts, person: RollCallStaff): void {
  counts.cohort += 1;
  if (REACHED_PROVIDER.has(person.notificationStatus)) counts.notified += 1;
  if (person.notificationStatus === 'delivered') counts.delivered += 1;
  if (FAILED.has(person.notificationStatus)) counts.failed += 1;
  // The answer counts whatever the notification status says: a late delivery receipt must not hide
  // someone who has already replied through their link.
  if (person.response === null) {
    counts.noResponse += 1;
  } else if (person.response.attending) {
    counts.attending += 1;
    counts.eta[etaBucket(person.response.etaMinutes)] += 1;
  } else {
    counts.unavailable += 1;
  }
}

/** Stable, locale-independent order with "no site"/"no department" last. */
function compareIds(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------------
// CSV

/** A roll-call row plus the labels the service can add; ids stand in where a label is missing. */
export interface RollCallCsvRow extends RollCallStaff {
  staffNumber?: string | null;
  name?: string | null;
  grade?: string | null;
  siteName?: string | null;
  departmentName?: string | null;
  /** No message was sent for this recall: the person's recall for that incident (and its answer) stands. */
  carriedFromIncidentId?: string | null;
}

export const ROLL_CALL_CSV_HEADER = [
  'Staff ID',
  'Staff number',
  'Name',
  'Site ID',
  'Site',
  'Department ID',
  'Department',
  'Notification status',
  'Response',
  'ETA minutes',
  'Responded at (UTC)',
  'Grade',
  'Carried from incident ID',
] as const;

/**
 * Written by core's toCsv (RFC 4180, formula-safe). Contact details are left out on purpose: the file is
 * a list of who is coming, and gets mailed round an incident room.
 */
export function toRollCallCsv(rows: readonly RollCallCsvRow[]): string {
  const records: string[][] = [[...ROLL_CALL_CSV_HEADER]];
  for (const row of rows) {
    records.push([
      row.id,
      row.staffNumber ?? '',
      row.name ?? '',
      row.siteId ?? '',
      row.siteName ?? row.siteId ?? '',
      row.departmentId ?? '',
      row.departmentName ?? row.departmentId ?? '',
      row.notificationStatus,
      row.response === null ? 'no response' : row.response.attending ? 'attending' : 'unavailable',
      row.response?.attending && row.response.etaMinutes !== null ? String(row.response.etaMinutes) : '',
      row.response ? formatUtc(row.response.at) : '',
      row.grade ?? '',
      row.carriedFromIncidentId ?? '',
    ]);
  }
  return toCsv(records);
}

function formatUtc(at: Date | string): string {
  const parsed = at instanceof Date ? DateTime.fromJSDate(at) : DateTime.fromISO(at, { setZone: true });
  // An unparseable value is written as given (still escaped and guarded) rather than dropped.
  return parsed.isValid ? (parsed.toUTC().toISO() ?? String(at)) : String(at);
}
