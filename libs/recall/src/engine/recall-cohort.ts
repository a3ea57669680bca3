/**
 * Who to recall for a declared major incident during a walkout (pure).
 *
 * The service loads the walkout, the incident, the trust's staff, the participation records and the ids
 * already recalled, calls `selectRecallCohort`, and inserts recall rows for `cohort` in one statement.
 */
import type { ParticipationAnswer, WalkoutStatus } from '@app/walkouts';

/**
 * 0 = the incident's departments at the affected sites (all departments there if the incident names
 * none); 1 = every department at the affected sites; 2 = every site of the trust.
 * Stages are cumulative: stage 1 includes everyone in stage 0 and so on, so re-running a wider stage
 * also picks up anyone who became reachable since (a mobile added) — `alreadyRecalledIds` stops
 * anyone being recalled twice.
 */
export type WideningStage = 0 | 1 | 2;
export const WIDEST_STAGE: WideningStage = 2;

export interface CohortWalkout {
  status: WalkoutStatus;
  /** Grades named in the strike notice, e.g. `resident-doctor`. */
  staffGroups: readonly string[];
  /** Workplaces named in the notice; null = every site of the trust. */
  siteIds: readonly string[] | null;
}

export interface CohortIncident {
  siteIds: readonly string[];
  /** The departments the incident needs first; absent or empty = every department at its sites. */
  departmentIds?: readonly string[] | null;
}

export interface CohortStaff {
  id: string;
  grade: string;
  /** null = no fixed site (e.g. trust-wide rota). */
  siteId: string | null;
  departmentId: string | null;
  mobile: string | null;
  email: string | null;
}

export type ParticipationLookup =
  | ReadonlyMap<string, ParticipationAnswer>
  | Readonly<Record<string, ParticipationAnswer | undefined>>;

export interface SelectRecallCohortInput {
  walkout: CohortWalkout;
  incident: CohortIncident;
  /** The trust's staff (every site); the stage decides who is in reach. */
  staff: readonly CohortStaff[];
  /** staffId → intends to strike; an absent id counts as `unknown`. */
  participation: ParticipationLookup;
  wideningStage: WideningStage;
  alreadyRecalledIds?: Iterable<string>;
}

export type CohortExclusionReason =
  | 'ALREADY_RECALLED'
  | 'NOT_STRIKING_GROUP'
  /** The walkout names specific sites and this person's site is not one of them: not on strike. */
  | 'SITE_NOT_IN_WALKOUT'
  | 'DECLARED_WORKING'
  | 'OUTSIDE_SCOPE'
  | 'NO_CONTACT';

export interface CohortExclusion {
  id: string;
  reason: CohortExclusionReason;
}

export type CohortBlockReason = 'WALKOUT_NOT_IN_PROGRESS';

export interface RecallCohortResult {
  /** Staff ids to recall, in input order. */
  cohort: string[];
  excluded: CohortExclusion[];
  /** Set when nobody at all can be recalled; `cohort` and `excluded` are then empty. */
  blocked: CohortBlockReason | null;
}

export function selectRecallCohort(input: SelectRecallCohortInput): RecallCohortResult {
  const { walkout, incident, wideningStage } = input;

  // Recall exists because striking staff agreed to come back; outside the run of the walkout (not yet
  // started, ended, called off) staff are either at work or off duty, and a major incident is then
  // handled by the ordinary on-call arrangements.
  if (walkout.status !== 'in-progress') {
    return { cohort: [], excluded: [], blocked: 'WALKOUT_NOT_IN_PROGRESS' };
  }

  const strikingGroups = new Set(walkout.staffGroups);
  const walkoutSites = walkout.siteIds === null ? null : new Set(walkout.siteIds);
  const incidentSites = new Set(incident.siteIds);
  const incidentDepartments =
    incident.departmentIds && incident.departmentIds.length > 0 ? new Set(incident.departmentIds) : null;
  const alreadyRecalled = new Set(input.alreadyRecalledIds ?? []);

  const cohort: string[] = [];
  const excluded: CohortExclusion[] = [];
  const seen = new Set<string>();

  for (const person of input.staff) {
    if (seen.has(person.id)) continue;
    seen.add(person.id);

    const reason = exclusionReason(person);
    if (reason === null) cohort.push(person.id);
    else excluded.push({ id: person.id, reason });
  }
  return { cohort, excluded, blocked: null };

  // Order matters: one reason per person, the most fundamental first. NO_CONTACT comes last so that
  // list is exactly "we would have recalled them but cannot reach them" — the people to phone.
  function exclusionReason(person: CohortStaff): CohortExclusionReason | null {
    if (alreadyRecalled.has(person.id)) return 'ALREADY_RECALLED';
    if (!strikingGroups.has(person.grade)) return 'NOT_STRIKING_GROUP';
    if (walkoutSites !== null && (person.siteId === null || !walkoutSites.has(person.siteId))) {
      return 'SITE_NOT_IN_WALKOUT';
    }
    // Someone who said they will work is already on site (or on their rota); recalling them would
    // only add noise to the roll-call.
    if (participationOf(input.participation, person.id) === 'no') return 'DECLARED_WORKING';
    if (!inScope(person)) return 'OUTSIDE_SCOPE';
    if (!hasUsableContact(person)) return 'NO_CONTACT';
    return null;
  }

  function inScope(person: CohortStaff): boolean {
    if (wideningStage >= 2) return true;
    if (person.siteId === null || !incidentSites.has(person.siteId)) return false;
    if (wideningStage === 1 || incidentDepartments === null) return true;
    // Staff at an affected site with no department recorded are not in a named department: they come
    // in at stage 1 with the rest of the site.
    return person.departmentId !== null && incidentDepartments.has(person.departmentId);
  }
}

function participationOf(lookup: ParticipationLookup, staffId: string): ParticipationAnswer {
  if (isMap(lookup)) return lookup.get(staffId) ?? 'unknown';
  // Object.hasOwn: an id such as "constructor" must not read Object.prototype.
  return Object.hasOwn(lookup, staffId) ? (lookup[staffId] ?? 'unknown') : 'unknown';
}

function isMap<V>(value: ReadonlyMap<string, V> | Readonly<Record<string, V | undefined>>): value is ReadonlyMap<string, V> {
  return value instanceof Map;
}

/**
 * Deliberately lenient: a number the provider rejects shows up as a failed notification on the
 * roll-call, whereas a number wrongly judged unusable means someone is silently never asked. We only
 * reject values that cannot be a phone number or an address at all ("", "n/a", "none").
 */
export function hasUsableContact(person: Pick<CohortStaff, 'mobile' | 'email'>): boolean {
  return isPlausibleMobile(person.mobile) || isPlausibleEmail(person.email);
}

function isPlausibleMobile(mobile: string | null): boolean {
  if (mobile === null || mobile === undefined) return false;
  const trimmed = mobile.trim();
  if (!/^\+?[\d\s\-().]+$/.test(trimmed)) return false;
  return trimmed.replace(/\D/g, '').length >= 10;
}

function isPlausibleEmail(email: string | null): boolean {
  if (email === null || email === undefined) return false;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());
}
