import { MergedTimeline, MsInterval, lowerBound, worstRollingWindow } from './rolling-window';
import { WorkingTimeLimits, WorkingTimeLimitsMs, toWorkingTimeLimitsMs } from './working-time-limits';

/**
 * One person's booked shifts, indexed for the questions autofill asks thousands of times: "how late may
 * a shift starting at t end?" and "would this shift break the rolling limit?". It applies the same
 * rules as checkWorkingTime (the autofill tests cross-check every proposal against that function), but
 * answers in O(log n) instead of rebuilding its inputs per question.
 */
export class WorkingTimeLedger {
  private readonly limitsMs: WorkingTimeLimitsMs;
  private readonly shifts: MsInterval[] = [];
  private readonly starts: number[] = [];
  /** prefixMaxEnd[i] = latest end among shifts[0..i]; stored shifts may overlap each other (bad imports). */
  private readonly prefixMaxEnd: number[] = [];
  private timeline: MergedTimeline;

  constructor(shifts: Iterable<MsInterval>, limits: WorkingTimeLimits) {
    this.limitsMs = toWorkingTimeLimitsMs(limits);
    const valid = [...shifts].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
    for (const shift of valid) this.shifts.push({ start: shift.start, end: shift.end });
    this.reindexFrom(0);
    this.timeline = new MergedTimeline(this.shifts);
  }

  get shiftCount(): number {
    return this.shifts.length;
  }

  get limits(): WorkingTimeLimitsMs {
    return this.limitsMs;
  }

  add(shift: MsInterval): void {
    const at = lowerBound(this.starts, shift.start);
    this.shifts.splice(at, 0, { start: shift.start, end: shift.end });
    this.reindexFrom(at);
    this.timeline = new MergedTimeline(this.shifts);
  }

  /**
   * The latest end a shift starting at `start` may have without overlapping a booked shift or cutting
   * the rest before the next one; -Infinity when `start` itself is inside a shift or too soon after the
   * previous one. Shift length and the rolling limit are separate questions.
   */
  latestEndAllowedByRestAndOverlap(start: number): number {
    const { minRestMs } = this.limitsMs;
    const firstAtOrAfter = lowerBound(this.starts, start);
    if (firstAtOrAfter > 0) {
      const previousEnd = this.prefixMaxEnd[firstAtOrAfter - 1];
      if (previousEnd > start || start - previousEnd < minRestMs) return -Infinity;
    }
    return firstAtOrAfter < this.starts.length ? this.starts[firstAtOrAfter] - minRestMs : Infinity;
  }

  /** Assumes `shift` overlaps nothing booked (check latestEndAllowedByRestAndOverlap first). */
  fitsRollingLimit(shift: MsInterval): boolean {
    const { rollingWindowMs, maxWorkedInWindowMs } = this.limitsMs;
    const worst = worstRollingWindow(this.timeline, shift, shift.start - rollingWindowMs, shift.end, rollingWindowMs);
    return worst.workedMs <= maxWorkedInWindowMs;
  }

  canTake(shift: MsInterval): boolean {
    return (
      shift.end > shift.start &&
      shift.end - shift.start <= this.limitsMs.maxShiftMs &&
      shift.end <= this.latestEndAllowedByRestAndOverlap(shift.start) &&
      this.fitsRollingLimit(shift)
    );
  }

  private reindexFrom(index: number): void {
    this.starts.length = index;
    this.prefixMaxEnd.length = index;
    let maxEnd = index > 0 ? this.prefixMaxEnd[index - 1] : -Infinity;
    for (let i = index; i < this.shifts.length; i++) {
      this.starts.push(this.shifts[i].start);
      maxEnd = Math.max(maxEnd, this.shifts[i].end);
      this.prefixMaxEnd.push(maxEnd);
    }
  }
}
