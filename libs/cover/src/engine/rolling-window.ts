/**
 * Worked time as a merged timeline, so "hours in any rolling window" is answered with binary searches
 * instead of rescanning every shift for every window position.
 */
export interface MsInterval {
  start: number;
  end: number;
}

/** Index of the first element >= value in an ascending array. */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > value in an ascending array. */
export function upperBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Union of intervals. Overlapping input (bad data, or a candidate that overlaps an existing shift) is
 * merged because a person cannot work two hours in one hour; the overlap is refused by its own rule.
 */
export class MergedTimeline {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** workedBefore[i] = total length of intervals 0..i-1. */
  private readonly workedBefore: number[] = [];

  constructor(intervals: Iterable<MsInterval>) {
    const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end);
    for (const interval of sorted) {
      const last = this.ends.length - 1;
      if (last >= 0 && interval.start <= this.ends[last]) {
        if (interval.end > this.ends[last]) this.ends[last] = interval.end;
      } else {
        this.starts.push(interval.start);
        this.ends.push(interval.end);
      }
    }
    let total = 0;
    for (let i = 0; i < this.starts.length; i++) {
      this.workedBefore.push(total);
      total += this.ends[i] - this.starts[i];
    }
  }

  /** Total worked time strictly before instant t. */
  workedBeforeInstant(t: number): number {
    const j = lowerBound(this.starts, t);
    if (j === 0) return 0;
    return this.workedBefore[j - 1] + Math.min(t, this.ends[j - 1]) - this.starts[j - 1];
  }

  workedBetween(from: number, to: number): number {
    return to <= from ? 0 : this.workedBeforeInstant(to) - this.workedBeforeInstant(from);
  }
}

export interface WorstWindow {
  windowStart: number;
  workedMs: number;
}

/**
 * The busiest window [w, w + windowMs) over every position w in [touchFrom, touchTo].
 *
 * Worked time in the window is piecewise linear in w and only peaks where the window's leading edge
 * leaves a shift (w + windowMs = shift end) or its trailing edge reaches a shift start (w = shift
 * start), so those positions plus the two ends of the range are the only ones worth evaluating: an
 * exact sliding-window answer rather than calendar weeks. The range is closed because the function is
 * continuous: the limit at an end equals the supremum over windows that overlap the candidate by a
 * sliver.
 *
 * `extra` is a shift that is known not to overlap the timeline (autofill has already refused overlaps),
 * which saves rebuilding the timeline for every trial shift.
 */
export function worstRollingWindow(
  timeline: MergedTimeline,
  extra: MsInterval | null,
  touchFrom: number,
  touchTo: number,
  windowMs: number,
): WorstWindow {
  const workedIn = (w: number): number => {
    let worked = timeline.workedBetween(w, w + windowMs);
    if (extra) worked += Math.max(0, Math.min(extra.end, w + windowMs) - Math.max(extra.start, w));
    return worked;
  };
  let best: WorstWindow = { windowStart: touchFrom, workedMs: workedIn(touchFrom) };
  const consider = (w: number): void => {
    if (w < touchFrom || w > touchTo) return;
    const worked = workedIn(w);
    if (worked > best.workedMs) best = { windowStart: w, workedMs: worked };
  };
  consider(touchTo);
  if (extra) {
    consider(extra.start);
    consider(extra.end - windowMs);
  }
  const { starts, ends } = timeline;
  for (let i = upperBound(ends, touchFrom); i < starts.length && starts[i] <= touchTo + windowMs; i++) {
    consider(starts[i]);
    consider(ends[i] - windowMs);
  }
  return best;
}
