import { HOUR_MS, wallClockHourBoundaries } from '@app/core';
import { lowerBound, upperBound } from './rolling-window';

export interface TimeWindow {
  startsAt: Date;
  endsAt: Date;
}

export interface CoverRequirementPeriod {
  departmentId: string;
  startsAt: Date;
  endsAt: Date;
  minConsultants: number;
}

export interface CoverAssignmentPeriod {
  departmentId: string;
  startsAt: Date;
  endsAt: Date;
  /** Lets autofill count an existing assignment against that person's working time and fairness. */
  staffId?: string;
}

export interface CoverGapHour {
  from: Date;
  to: Date;
  required: number;
  assigned: number;
  shortfall: number;
}

/** Consultant-hours; fractional when the walkout starts or ends off the hour. */
export interface CoverHoursTotals {
  requiredHours: number;
  /** Every assigned consultant-hour, including any above the requirement. */
  assignedHours: number;
  /** Assigned hours that meet a requirement: requiredHours = coveredHours + shortfallHours. */
  coveredHours: number;
  shortfallHours: number;
}

export interface DepartmentCoverGaps {
  departmentId: string;
  hours: CoverGapHour[];
  totals: CoverHoursTotals;
}

export interface HourlyCoverGaps {
  items: DepartmentCoverGaps[];
  totals: CoverHoursTotals;
}

/** The same numbers as HourlyCoverGaps in flat arrays on a shared hour grid, for autofill's inner loops. */
export interface CoverGapGrid {
  /** n + 1 ascending instants: bucket i is [boundaries[i], boundaries[i + 1]). */
  boundaries: number[];
  /** Keyed by departmentId, in ascending id order. */
  departments: Map<string, { required: Int32Array; assigned: Int32Array }>;
}

/**
 * Hour buckets follow Europe/London wall-clock hours, so a 07:00 → 07:00 day has 23 buckets in spring,
 * 25 in autumn (the repeated 01:00 hour appears twice with different UTC instants), and partial first and
 * last buckets when the window is not on the hour.
 *
 * required: the largest minConsultants of any requirement of that department overlapping the bucket,
 *   even partly. Overlapping requirements are alternative statements of a staffing floor (a day period
 *   plus a busier evening period), not extra posts, so they are not added up; and a floor that applies
 *   to any part of the hour applies to the hour, because the gap view must never understate risk.
 * assigned: the smallest number of concurrent assignments at any instant of the bucket. A consultant
 *   who covers half an hour has not covered the hour; back-to-back handovers at the same instant do not
 *   count as a dip.
 * shortfall: max(0, required - assigned).
 */
export function buildCoverGapGrid(
  windowStartMs: number,
  windowEndMs: number,
  requirements: readonly CoverRequirementPeriod[],
  assignments: readonly CoverAssignmentPeriod[],
): CoverGapGrid {
  const boundaries = wallClockHourBoundaries(windowStartMs, windowEndMs);
  const bucketCount = Math.max(0, boundaries.length - 1);

  const requirementsByDepartment = groupByDepartment(requirements);
  const assignmentsByDepartment = groupByDepartment(assignments);
  const departmentIds = [...new Set([...requirementsByDepartment.keys(), ...assignmentsByDepartment.keys()])].sort();

  const departments = new Map<string, { required: Int32Array; assigned: Int32Array }>();
  for (const departmentId of departmentIds) {
    const required = new Int32Array(bucketCount);
    for (const requirement of requirementsByDepartment.get(departmentId) ?? []) {
      const start = Math.max(requirement.startsAt.getTime(), windowStartMs);
      const end = Math.min(requirement.endsAt.getTime(), windowEndMs);
      if (!(end > start)) continue;
      const firstBucket = upperBound(boundaries, start) - 1;
      const endBucket = lowerBound(boundaries, end);
      for (let i = firstBucket; i < endBucket; i++) {
        if (requirement.minConsultants > required[i]) required[i] = requirement.minConsultants;
      }
    }
    const assigned = minimumConcurrentPerBucket(
      boundaries,
      assignmentsByDepartment.get(departmentId) ?? [],
      windowStartMs,
      windowEndMs,
    );
    departments.set(departmentId, { required, assigned });
  }
  return { boundaries, departments };
}

export function computeHourlyCoverGaps(
  window: TimeWindow,
  requirements: readonly CoverRequirementPeriod[],
  assignments: readonly CoverAssignmentPeriod[],
): HourlyCoverGaps {
  const grid = buildCoverGapGrid(window.startsAt.getTime(), window.endsAt.getTime(), requirements, assignments);
  const { boundaries } = grid;
  const overall = new HoursTally();
  const items: DepartmentCoverGaps[] = [];
  for (const [departmentId, { required, assigned }] of grid.departments) {
    const tally = new HoursTally();
    const hours: CoverGapHour[] = [];
    for (let i = 0; i < required.length; i++) {
      const shortfall = Math.max(0, required[i] - assigned[i]);
      const bucketMs = boundaries[i + 1] - boundaries[i];
      tally.add(required[i], assigned[i], bucketMs);
      overall.add(required[i], assigned[i], bucketMs);
      hours.push({
        from: new Date(boundaries[i]),
        to: new Date(boundaries[i + 1]),
        required: required[i],
        assigned: assigned[i],
        shortfall,
      });
    }
    items.push({ departmentId, hours, totals: tally.totals() });
  }
  return { items, totals: overall.totals() };
}

/** Sums in consultant-milliseconds (exact integers) and converts once, so totals do not drift. */
class HoursTally {
  private requiredMs = 0;
  private assignedMs = 0;
  private coveredMs = 0;
  private shortfallMs = 0;

  add(required: number, assigned: number, bucketMs: number): void {
    this.requiredMs += required * bucketMs;
    this.assignedMs += assigned * bucketMs;
    this.coveredMs += Math.min(required, assigned) * bucketMs;
    this.shortfallMs += Math.max(0, required - assigned) * bucketMs;
  }

  totals(): CoverHoursTotals {
    return {
      requiredHours: this.requiredMs / HOUR_MS,
      assignedHours: this.assignedMs / HOUR_MS,
      coveredHours: this.coveredMs / HOUR_MS,
      shortfallHours: this.shortfallMs / HOUR_MS,
    };
  }
}

function groupByDepartment<T extends { departmentId: string }>(rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.departmentId);
    if (list) list.push(row);
    else grouped.set(row.departmentId, [row]);
  }
  return grouped;
}

function minimumConcurrentPerBucket(
  boundaries: readonly number[],
  assignments: readonly CoverAssignmentPeriod[],
  windowStartMs: number,
  windowEndMs: number,
): Int32Array {
  const bucketCount = Math.max(0, boundaries.length - 1);
  const events: Array<{ at: number; delta: number }> = [];
  for (const assignment of assignments) {
    const start = Math.max(assignment.startsAt.getTime(), windowStartMs);
    const end = Math.min(assignment.endsAt.getTime(), windowEndMs);
    if (!(end > start)) continue;
    events.push({ at: start, delta: 1 }, { at: end, delta: -1 });
  }
  events.sort((a, b) => a.at - b.at);

  const minimum = new Int32Array(bucketCount);
  let concurrent = 0;
  let next = 0;
  // All events at one instant are applied together before the count is read.
  const applyEventsAt = (at: number): void => {
    while (next < events.length && events[next].at === at) concurrent += events[next++].delta;
  };
  for (let i = 0; i < bucketCount; i++) {
    const from = boundaries[i];
    const to = boundaries[i + 1];
    while (next < events.length && events[next].at <= from) applyEventsAt(events[next].at);
    let lowest = concurrent;
    while (next < events.length && events[next].at < to) {
      applyEventsAt(events[next].at);
      if (concurrent < lowest) lowest = concurrent;
    }
    minimum[i] = lowest;
  }
  return minimum;
}
