import { HOUR_MS, MINUTE_MS, wallClockHourNumber } from '@app/core';
import type { DepartmentKind } from '@app/organisations';
import { ShiftTimes } from './cover-rule-violation';
import {
  CoverAssignmentPeriod,
  CoverRequirementPeriod,
  CoverGapGrid,
  TimeWindow,
  buildCoverGapGrid,
} from './hourly-gaps';
import { MsInterval, lowerBound, upperBound } from './rolling-window';
import { WorkingTimeLedger } from './working-time-ledger';
import {
  DEFAULT_WORKING_TIME_LIMITS,
  WorkingTimeLimits,
} from './working-time-limits';
import { checkScopeOfPractice } from './scope-of-practice';
import { planBreak, PlannedBreak } from './break-plan';
import { AvailabilityWindow } from './cover-consent';

export interface AutofillDepartment {
  id: string;
  kind: DepartmentKind;
  siteId: string;
}

export interface AutofillCandidate {
  staffId: string;
  staffNumber: string;
  grade: string;
  specialty: string;
  siteId: string;
  /** Every shift the person already works, at any site and in any role: overlap and rest apply across all. */
  existingShifts: readonly ShiftTimes[];
  /** False for anyone taking part in the walkout. */
  eligible: boolean;
  /** Windows in which the consultant declared themselves available in advance: consent for any shift wholly inside one. */
  availability?: readonly AvailabilityWindow[];
  /** Shifts of this walkout the consultant declined: they are not asked again for those hours. */
  declined?: readonly ShiftTimes[];
}

export interface CoverAutofillOptions {
  /** Capped at limits.maxShiftHours: a planning preference may be stricter than the rule, never looser. */
  maxShiftHours: number;
  /**
   * Shifts end on wall-clock hours a whole multiple of this many hours from the start of the requirement
   * period they serve (12 → 07:00/19:00 for a 07:00 requirement), so the next shift starts on one too.
   * When no aligned end fits (a gap shorter than a block, or a 13 h autumn night against a 12 h maximum)
   * the shift ends on any hour instead: no hour is left uncovered for tidiness alone.
   */
  shiftGranularityHours: number;
  limits: WorkingTimeLimits;
}

export const DEFAULT_COVER_AUTOFILL_OPTIONS: Readonly<CoverAutofillOptions> = Object.freeze({
  maxShiftHours: 12,
  shiftGranularityHours: 1,
  limits: DEFAULT_WORKING_TIME_LIMITS,
});

export interface CoverAutofillInput {
  window: TimeWindow;
  departments: readonly AutofillDepartment[];
  requirements: readonly CoverRequirementPeriod[];
  existingAssignments: readonly CoverAssignmentPeriod[];
  candidates: readonly AutofillCandidate[];
  options?: Partial<CoverAutofillOptions>;
}

export interface CoverProposal {
  staffId: string;
  staffNumber: string;
  departmentId: string;
  startsAt: Date;
  endsAt: Date;
  breakRequired: boolean;
  /** Every shift longer than 6 h has its break planned (in the middle of the shift). */
  plannedBreak: PlannedBreak | null;
  /** The consultant's declared availability that holds this shift (consent given in advance), or null: they are asked. */
  availabilityWindowId: string | null;
}

export type RemainingGapReason =
  /** Nobody who is working (not striking) has a grade and specialty in scope for this department. */
  | 'NO_ELIGIBLE_CONSULTANT'
  /** In-scope consultants exist, but each is already on shift, resting, or at the shift or 72 h limit. */
  | 'WORKING_TIME_LIMITS'
  /** A requirement names a department that was not supplied, so its scope cannot be checked. */
  | 'UNKNOWN_DEPARTMENT';

export interface RemainingCoverGap {
  departmentId: string;
  from: Date;
  to: Date;
  shortfall: number;
  reason: RemainingGapReason;
}

export interface CoverAutofillResult {
  proposals: CoverProposal[];
  remainingGaps: RemainingCoverGap[];
}

const REASON_CODES: readonly RemainingGapReason[] = [
  'NO_ELIGIBLE_CONSULTANT',
  'WORKING_TIME_LIMITS',
  'UNKNOWN_DEPARTMENT',
];

interface CandidateState {
  candidate: AutofillCandidate;
  ledger: WorkingTimeLedger;
  coverMinutes: number;
}

interface DepartmentState {
  departmentId: string;
  shortfall: Int32Array;
  unfilled: Int32Array;
  unfilledReason: Uint8Array;
  /** In-scope, working candidates in static preference order: on-site first, then staff number. */
  candidatesByPreference: number[];
  /** alignedBoundary[i]: a shift may end at boundary i without breaking the granularity. */
  alignedBoundary: Uint8Array;
}

/**
 * Greedy cover proposal.
 *
 * Why greedy: the exact problem (maximum coverage under rest, 72 h rolling and per-person sequencing
 * rules) is an integer programme; the planning cell needs a good, explainable answer in well under a
 * second, and always reviews it before applying. The greedy rules below are the explanation:
 *
 * 1. Gaps are the hourly shortfall grid (see buildCoverGapGrid) after existing assignments.
 * 2. Hours are taken in time order (earliest gap first). Within one hour, the department with the largest
 *    shortfall picks next, one consultant at a time, so scarce people are spread across departments
 *    instead of one department taking all of them.
 * 3. A shift covers the contiguous run of short hours from that hour, up to the maximum shift length,
 *    ending on a granularity boundary where one fits, shortened if a consultant's rest or rolling limit
 *    needs it (working-time rules only ever get easier as a shift gets shorter, so the first feasible
 *    end walking down is the longest one).
 * 4. Consultants who declared themselves available for the hour are tried first (their consent is
 *    already given, and the shift is cut to end within their window); then everyone else, who will be
 *    asked. Within each pass, by fewest cover hours so far in this walkout (existing cover assignments
 *    plus earlier proposals: fairness), then on-site before off-site (no travel between sites), then
 *    staff number (determinism: the same input always gives the same rota).
 *    Nobody is asked again for hours they declined in this walkout.
 * 5. Every trial is checked against the person's existing shifts and their earlier proposals, so each
 *    proposal satisfies scope, shift length, rest, 72 h in any 7 days and no overlap.
 * 6. An hour no one can start is reported as a remaining gap with the reason.
 *
 * Cost: O(proposals × in-scope candidates × log shifts) with a sort per attempt; no rescans of the
 * whole rota, because each person's shifts live in an indexed WorkingTimeLedger.
 */
export function proposeCover(input: CoverAutofillInput): CoverAutofillResult {
  // Options often come straight from a DTO, where an absent field is an explicit undefined.
  const given = Object.fromEntries(Object.entries(input.options ?? {}).filter(([, value]) => value !== undefined));
  const options: CoverAutofillOptions = { ...DEFAULT_COVER_AUTOFILL_OPTIONS, ...given };
  validateOptions(options);
  const limits = options.limits;
  const maxShiftMs = Math.min(options.maxShiftHours, limits.maxShiftHours) * HOUR_MS;
  const breakRequiredAfterMs = limits.breakRequiredAfterHours * HOUR_MS;

  const windowStartMs = input.window.startsAt.getTime();
  const windowEndMs = input.window.endsAt.getTime();
  const grid = buildCoverGapGrid(windowStartMs, windowEndMs, input.requirements, input.existingAssignments);
  const { boundaries } = grid;
  const bucketCount = boundaries.length - 1;
  if (bucketCount <= 0) return { proposals: [], remainingGaps: [] };

  const candidates = buildCandidateStates(input, windowStartMs, windowEndMs, limits);
  const departments = buildDepartmentStates(input, grid, candidates, options.shiftGranularityHours);

  const proposals: CoverProposal[] = [];
  const orderKeys = new Float64Array(candidates.length);
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    for (;;) {
      const department = mostShortDepartmentAt(departments, bucket);
      if (!department) break;
      const fill = findCover(department, bucket, boundaries, maxShiftMs, candidates, orderKeys);
      if (!fill) {
        markUnfilled(
          department,
          bucket,
          department.candidatesByPreference.length === 0 ? 'NO_ELIGIBLE_CONSULTANT' : 'WORKING_TIME_LIMITS',
        );
        continue;
      }
      const person = candidates[fill.candidateIndex];
      const shift: MsInterval = { start: boundaries[bucket], end: boundaries[fill.endBoundary] };
      const times = { startsAt: new Date(shift.start), endsAt: new Date(shift.end) };
      const planned = planBreak(times, limits);
      person.ledger.add(shift);
      person.coverMinutes += (shift.end - shift.start) / MINUTE_MS;
      for (let i = bucket; i < fill.endBoundary; i++) department.shortfall[i] -= 1;
      proposals.push({
        staffId: person.candidate.staffId,
        staffNumber: person.candidate.staffNumber,
        departmentId: department.departmentId,
        ...times,
        breakRequired: shift.end - shift.start > breakRequiredAfterMs,
        plannedBreak: planned.ok ? planned.plannedBreak : null,
        availabilityWindowId: fill.window?.id ?? null,
      });
    }
  }

  return { proposals, remainingGaps: collectRemainingGaps(departments, boundaries) };
}

function validateOptions(options: CoverAutofillOptions): void {
  if (!(options.maxShiftHours >= 1)) throw new RangeError('maxShiftHours must be at least 1 hour');
  if (!Number.isInteger(options.shiftGranularityHours) || options.shiftGranularityHours < 1) {
    throw new RangeError('shiftGranularityHours must be a whole number of hours, at least 1');
  }
}

function buildCandidateStates(
  input: CoverAutofillInput,
  windowStartMs: number,
  windowEndMs: number,
  limits: WorkingTimeLimits,
): CandidateState[] {
  const existingCoverByStaff = new Map<string, MsInterval[]>();
  for (const assignment of input.existingAssignments) {
    if (!assignment.staffId) continue;
    const list = existingCoverByStaff.get(assignment.staffId) ?? [];
    list.push({ start: assignment.startsAt.getTime(), end: assignment.endsAt.getTime() });
    existingCoverByStaff.set(assignment.staffId, list);
  }
  return input.candidates
    .filter((candidate) => candidate.eligible)
    .map((candidate) => {
      const existingCover = existingCoverByStaff.get(candidate.staffId) ?? [];
      // A cover assignment is usually also in the person's shift list; keep one copy so it is not counted
      // twice towards the 72 h limit.
      const byInstant = new Map<string, MsInterval>();
      for (const s of candidate.existingShifts) {
        const interval = { start: s.startsAt.getTime(), end: s.endsAt.getTime() };
        byInstant.set(`${interval.start}/${interval.end}`, interval);
      }
      for (const interval of existingCover) byInstant.set(`${interval.start}/${interval.end}`, interval);
      let coverMinutes = 0;
      for (const interval of existingCover) {
        const inWalkout = Math.min(interval.end, windowEndMs) - Math.max(interval.start, windowStartMs);
        if (inWalkout > 0) coverMinutes += inWalkout / MINUTE_MS;
      }
      return { candidate, ledger: new WorkingTimeLedger(byInstant.values(), limits), coverMinutes };
    });
}

function buildDepartmentStates(
  input: CoverAutofillInput,
  grid: CoverGapGrid,
  candidates: readonly CandidateState[],
  granularityHours: number,
): DepartmentState[] {
  const { boundaries } = grid;
  const bucketCount = boundaries.length - 1;
  const departmentsById = new Map(input.departments.map((d) => [d.id, d]));
  const hourNumbers = granularityHours > 1 ? boundaries.map((t) => wallClockHourNumber(t)) : [];
  const inScopeByKind = new Map<DepartmentKind, number[]>();
  const states: DepartmentState[] = [];
  for (const [departmentId, { required, assigned }] of grid.departments) {
    const shortfall = new Int32Array(bucketCount);
    for (let i = 0; i < bucketCount; i++) shortfall[i] = Math.max(0, required[i] - assigned[i]);
    const state: DepartmentState = {
      departmentId,
      shortfall,
      unfilled: new Int32Array(bucketCount),
      unfilledReason: new Uint8Array(bucketCount),
      candidatesByPreference: [],
      alignedBoundary: alignedBoundaries(
        boundaries,
        hourNumbers,
        input.requirements.filter((r) => r.departmentId === departmentId),
        granularityHours,
      ),
    };
    states.push(state);
    const department = departmentsById.get(departmentId);
    if (!department) {
      for (let i = 0; i < bucketCount; i++) markUnfilled(state, i, 'UNKNOWN_DEPARTMENT');
      continue;
    }
    let inScope = inScopeByKind.get(department.kind);
    if (!inScope) {
      inScope = candidates.flatMap((c, index) => (checkScopeOfPractice(c.candidate, department.kind) === null ? [index] : []));
      inScopeByKind.set(department.kind, inScope);
    }
    state.candidatesByPreference = [...inScope].sort((a, b) =>
      comparePreference(candidates[a].candidate, candidates[b].candidate, department.siteId),
    );
  }
  return states;
}

function comparePreference(a: AutofillCandidate, b: AutofillCandidate, siteId: string): number {
  const aOnSite = a.siteId === siteId ? 0 : 1;
  const bOnSite = b.siteId === siteId ? 0 : 1;
  if (aOnSite !== bOnSite) return aOnSite - bOnSite;
  if (a.staffNumber !== b.staffNumber) return a.staffNumber < b.staffNumber ? -1 : 1;
  return a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0;
}

function alignedBoundaries(
  boundaries: readonly number[],
  hourNumbers: readonly number[],
  requirements: readonly CoverRequirementPeriod[],
  granularityHours: number,
): Uint8Array {
  const aligned = new Uint8Array(boundaries.length);
  if (granularityHours === 1) return aligned.fill(1);
  const windowStart = boundaries[0];
  const windowEnd = boundaries[boundaries.length - 1];
  for (const requirement of requirements) {
    const start = Math.max(requirement.startsAt.getTime(), windowStart);
    const end = Math.min(requirement.endsAt.getTime(), windowEnd);
    if (!(end > start)) continue;
    const first = upperBound(boundaries, start) - 1;
    const last = lowerBound(boundaries, end);
    aligned[first] = 1;
    aligned[last] = 1;
    for (let i = first + 1; i < last; i++) {
      const sinceAnchor = hourNumbers[i] - hourNumbers[first];
      if (sinceAnchor % granularityHours === 0) aligned[i] = 1;
    }
  }
  return aligned;
}

function mostShortDepartmentAt(departments: readonly DepartmentState[], bucket: number): DepartmentState | null {
  let best: DepartmentState | null = null;
  for (const department of departments) {
    if (department.shortfall[bucket] > 0 && (!best || department.shortfall[bucket] > best.shortfall[bucket])) {
      best = department;
    }
  }
  return best;
}

function markUnfilled(department: DepartmentState, bucket: number, reason: RemainingGapReason): void {
  if (department.shortfall[bucket] <= 0) return;
  department.unfilled[bucket] += department.shortfall[bucket];
  department.unfilledReason[bucket] = REASON_CODES.indexOf(reason);
  department.shortfall[bucket] = 0;
}

/**
 * Shift ends worth trying from `bucket`, longest first: granularity-aligned ends (the natural end of the
 * gap counts as aligned) within the maximum length, or every hour end when no aligned end fits.
 */
function candidateEnds(
  department: DepartmentState,
  bucket: number,
  boundaries: readonly number[],
  maxShiftMs: number,
): number[] {
  const start = boundaries[bucket];
  const bucketCount = boundaries.length - 1;
  let gapEnd = bucket + 1;
  while (gapEnd < bucketCount && department.shortfall[gapEnd] > 0) gapEnd++;
  let reachable = bucket;
  while (reachable < gapEnd && boundaries[reachable + 1] - start <= maxShiftMs) reachable++;
  const aligned: number[] = [];
  const every: number[] = [];
  for (let end = reachable; end > bucket; end--) {
    every.push(end);
    if (department.alignedBoundary[end] || end === gapEnd) aligned.push(end);
  }
  return aligned.length > 0 ? aligned : every;
}

function findCover(
  department: DepartmentState,
  bucket: number,
  boundaries: readonly number[],
  maxShiftMs: number,
  candidates: readonly CandidateState[],
  orderKeys: Float64Array,
): { candidateIndex: number; endBoundary: number; window: AvailabilityWindow | null } | null {
  const pool = department.candidatesByPreference;
  if (pool.length === 0) return null;
  const ends = candidateEnds(department, bucket, boundaries, maxShiftMs);
  if (ends.length === 0) return null;
  const start = boundaries[bucket];

  // Sort by (cover minutes so far, static preference rank) packed into one number: a typed-array
  // numeric sort is several times faster than a comparator over objects, and this runs per attempt.
  const keys = orderKeys.subarray(0, pool.length);
  for (let rank = 0; rank < pool.length; rank++) {
    keys[rank] = Math.round(candidates[pool[rank]].coverMinutes) * pool.length + rank;
  }
  keys.sort();

  // First pass: those whose declared availability covers this hour, their shift kept inside the window.
  for (let k = 0; k < keys.length; k++) {
    const candidateIndex = pool[keys[k] % pool.length];
    const windows = candidates[candidateIndex].candidate.availability;
    if (!windows?.length) continue;
    const window = windows.find((w) => w.startsAt.getTime() <= start && w.endsAt.getTime() > start);
    if (!window) continue;
    const end = fittingEnd(candidates[candidateIndex].ledger, start, ends, boundaries, Math.min(window.endsAt.getTime(), declinedCap(candidates[candidateIndex].candidate, start)));
    if (end !== null) return { candidateIndex, endBoundary: end, window };
  }
  for (let k = 0; k < keys.length; k++) {
    const candidateIndex = pool[keys[k] % pool.length];
    const end = fittingEnd(candidates[candidateIndex].ledger, start, ends, boundaries, declinedCap(candidates[candidateIndex].candidate, start));
    if (end !== null) return { candidateIndex, endBoundary: end, window: null };
  }
  return null;
}

/** The latest end a shift from `start` may have without touching hours the consultant declined (-Infinity: start is inside one). */
function declinedCap(candidate: AutofillCandidate, start: number): number {
  let cap = Infinity;
  for (const d of candidate.declined ?? []) {
    const from = d.startsAt.getTime();
    const to = d.endsAt.getTime();
    if (from <= start && to > start) return -Infinity;
    if (from > start && from < cap) cap = from;
  }
  return cap;
}

/** The longest of `ends` (longest first) the person can work from `start`, at most `cap`; null when none. */
function fittingEnd(ledger: WorkingTimeLedger, start: number, ends: readonly number[], boundaries: readonly number[], cap: number): number | null {
  const latestEnd = Math.min(ledger.latestEndAllowedByRestAndOverlap(start), cap);
  if (latestEnd <= start) return null;
  for (const end of ends) {
    const endMs = boundaries[end];
    if (endMs > latestEnd) continue;
    if (ledger.fitsRollingLimit({ start, end: endMs })) return end;
  }
  return null;
}

function collectRemainingGaps(departments: readonly DepartmentState[], boundaries: readonly number[]): RemainingCoverGap[] {
  const gaps: Array<RemainingCoverGap & { fromMs: number }> = [];
  for (const department of departments) {
    let open: (RemainingCoverGap & { fromMs: number; reasonCode: number }) | null = null;
    for (let i = 0; i < department.unfilled.length; i++) {
      const shortfall = department.unfilled[i];
      const reasonCode = department.unfilledReason[i];
      if (open && shortfall === open.shortfall && reasonCode === open.reasonCode) {
        open.to = new Date(boundaries[i + 1]);
        continue;
      }
      if (open) gaps.push(open);
      open =
        shortfall > 0
          ? {
              departmentId: department.departmentId,
              from: new Date(boundaries[i]),
              to: new Date(boundaries[i + 1]),
              shortfall,
              reason: REASON_CODES[reasonCode],
              fromMs: boundaries[i],
              reasonCode,
            }
          : null;
    }
    if (open) gaps.push(open);
  }
  gaps.sort((a, b) => a.fromMs - b.fromMs || (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0));
  return gaps.map(({ departmentId, from, to, shortfall, reason }) => ({ departmentId, from, to, shortfall, reason }));
}
