/**
 * Recall by fill count (pure): a major incident says what it needs by grade and specialty (and site) —
 * "2 anaesthetics registrars, 1 trauma-orthopaedics consultant at site X" — instead of one attending
 * target. Each need asks its nearest group first and widens group by group on the escalation timer until
 * it is filled; then its group stops being messaged and is told to stand by. docs/domain.md, "Recall by
 * fill count".
 *
 * Groups (the need's `stage`, the same 0–2 as the incident's widening stages):
 *   0 — the right grade and specialty at the need's site (or, when it names none, the incident's sites);
 *   1 — the right grade and specialty at any of the incident's sites;
 *   2 — the right grade and specialty at any site of the trust (and staff with no fixed site).
 * A need naming no site has the same group at stages 0 and 1, so its first widening reaches the trust.
 */
import { WIDEST_STAGE, WideningStage } from './recall-cohort';
import type { ValidationDetail } from './derogation';
import { SPECIALTY_PATTERN } from './derogation-evidence';

export interface NeedInput {
  grade: string;
  specialty: string;
  count: number;
  siteId: string | null;
}

export interface IncidentNeed {
  id: string;
  grade: string;
  specialty: string;
  siteId: string | null;
  wanted: number;
  stage: WideningStage;
  filledAt: Date | null;
}

export interface NeedPerson {
  id: string;
  grade: string;
  specialty: string;
  siteId: string | null;
}

export const MAX_NEEDS = 50;

/** Every problem named by its field; `grades` are the staff list's grades, `incidentSiteIds` where a need's site must be. */
export function validateNeeds(input: unknown, incidentSiteIds: readonly string[], grades: readonly string[]): { ok: true; value: NeedInput[] } | { ok: false; details: ValidationDetail[] } {
  if (input === undefined || input === null) return { ok: true, value: [] };
  const details: ValidationDetail[] = [];
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_NEEDS) return { ok: false, details: [{ field: 'needs', message: `must be a list of 1–${MAX_NEEDS} needs {grade, specialty, count, siteId?}` }] };
  const value: NeedInput[] = [];
  const seen = new Map<string, number>();
  input.forEach((item: unknown, index) => {
    const at = `needs[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return void details.push({ field: at, message: 'must be an object {grade, specialty, count, siteId?}' });
    const n = item as Record<string, unknown>;
    const before = details.length;
    if (typeof n.grade !== 'string' || !grades.includes(n.grade)) details.push({ field: `${at}.grade`, message: `must be one of ${grades.join(', ')}` });
    if (typeof n.specialty !== 'string' || n.specialty.length > 64 || !SPECIALTY_PATTERN.test(n.specialty)) details.push({ field: `${at}.specialty`, message: 'must be a specialty in kebab-case, e.g. anaesthetics' });
    if (typeof n.count !== 'number' || !Number.isInteger(n.count) || n.count < 1 || n.count > 1000) details.push({ field: `${at}.count`, message: 'must be a whole number from 1 to 1000' });
    const siteId = n.siteId === undefined || n.siteId === null ? null : n.siteId;
    if (siteId !== null && (typeof siteId !== 'string' || !incidentSiteIds.includes(siteId.toLowerCase()))) details.push({ field: `${at}.siteId`, message: 'must be one of the incident’s sites' });
    if (details.length > before) return;
    const need = { grade: n.grade as string, specialty: n.specialty as string, count: n.count as number, siteId: siteId === null ? null : (siteId as string).toLowerCase() };
    // The same grade, specialty and site twice would split one group between two counts: say it once.
    const key = JSON.stringify([need.grade, need.specialty, need.siteId]);
    if (seen.has(key)) return void details.push({ field: at, message: `repeats needs[${seen.get(key)}]: give one count per grade, specialty and site` });
    seen.set(key, index);
    value.push(need);
  });
  return details.length ? { ok: false, details } : { ok: true, value };
}

export function inNeedGroup(person: NeedPerson, need: Pick<IncidentNeed, 'grade' | 'specialty' | 'siteId'>, incidentSiteIds: readonly string[], stage: WideningStage): boolean {
  if (person.grade !== need.grade || person.specialty !== need.specialty) return false;
  if (stage >= 2) return true;
  if (person.siteId === null) return false;
  if (stage === 0 && need.siteId !== null) return person.siteId === need.siteId;
  return incidentSiteIds.includes(person.siteId) || person.siteId === need.siteId;
}

/**
 * Who to ask for which need now: each person (already cleared by the cohort rules — striking, reachable,
 * not declared working) goes to the first unfilled need, in the incident's order, whose group at its
 * current stage holds them. Someone already recalled for this incident is never asked again.
 */
export function assignToNeeds(
  people: readonly NeedPerson[],
  needs: readonly IncidentNeed[],
  incidentSiteIds: readonly string[],
  alreadyRecalledIds: Iterable<string> = [],
): { staffId: string; needId: string }[] {
  const already = new Set(alreadyRecalledIds);
  const open = needs.filter((need) => need.filledAt === null);
  const out: { staffId: string; needId: string }[] = [];
  for (const person of people) {
    if (already.has(person.id)) continue;
    const need = open.find((n) => inNeedGroup(person, n, incidentSiteIds, n.stage));
    if (!need) continue;
    already.add(person.id);
    out.push({ staffId: person.id, needId: need.id });
  }
  return out;
}

/** The need has its number: fill it (once — the caller's UPDATE is guarded on `filled_at IS NULL`). */
export function isNeedFilled(need: Pick<IncidentNeed, 'wanted'>, attending: number): boolean {
  return attending >= need.wanted;
}

/** On the escalation timer: each unfilled need not yet at the widest group moves one group out. */
export function widenNeeds(needs: readonly IncidentNeed[]): { needId: string; widenTo: WideningStage }[] {
  return needs.filter((n) => n.filledAt === null && n.stage < WIDEST_STAGE).map((n) => ({ needId: n.id, widenTo: (n.stage + 1) as WideningStage }));
}

/**
 * What the incident-level escalation decision (decideEscalation) needs from the needs: the target is the
 * sum wanted; attendance counts each need up to its number (ten anaesthetists do not fill an
 * orthopaedic need); the stage is the narrowest of the unfilled needs, so it widens while any can.
 */
export function needsEscalationFigures(needs: readonly IncidentNeed[], attendingByNeed: ReadonlyMap<string, number>): { target: number; attending: number; stage: WideningStage } {
  let target = 0;
  let attending = 0;
  let stage: WideningStage = WIDEST_STAGE;
  for (const need of needs) {
    target += need.wanted;
    attending += need.filledAt !== null ? need.wanted : Math.min(need.wanted, attendingByNeed.get(need.id) ?? 0);
    if (need.filledAt === null && need.stage < stage) stage = need.stage;
  }
  return { target, attending, stage };
}

// ---------------------------------------------------------------------------------------------------
// The roll-call board

export interface NeedAnswer {
  needId: string | null;
  attending: boolean | null;
  etaMinutes: number | null;
  respondedAt: Date | null;
}

export interface NeedBoardRow {
  needId: string;
  grade: string;
  specialty: string;
  siteId: string | null;
  wanted: number;
  recalled: number;
  attending: number;
  unavailable: number;
  noResponse: number;
  stage: WideningStage;
  filledAt: Date | null;
  /** Expected arrival (answer time + ETA) of the first and the last attending who gave an ETA. */
  firstEta: Date | null;
  lastEta: Date | null;
}

export function needBoard(needs: readonly IncidentNeed[], answers: readonly NeedAnswer[]): NeedBoardRow[] {
  return needs.map((need) => {
    const mine = answers.filter((a) => a.needId === need.id);
    const arrivals = mine
      .filter((a) => a.attending === true && a.etaMinutes !== null && a.respondedAt !== null)
      .map((a) => new Date(a.respondedAt!).getTime() + a.etaMinutes! * 60_000)
      .sort((x, y) => x - y);
    return {
      needId: need.id,
      grade: need.grade,
      specialty: need.specialty,
      siteId: need.siteId,
      wanted: need.wanted,
      recalled: mine.length,
      attending: mine.filter((a) => a.attending === true).length,
      unavailable: mine.filter((a) => a.attending === false).length,
      noResponse: mine.filter((a) => a.attending === null).length,
      stage: need.stage,
      filledAt: need.filledAt,
      firstEta: arrivals.length ? new Date(arrivals[0]) : null,
      lastEta: arrivals.length ? new Date(arrivals[arrivals.length - 1]) : null,
    };
  });
}
