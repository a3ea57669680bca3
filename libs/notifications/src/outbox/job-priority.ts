/** BullMQ priorities run from 1 (first) to 2,097,152. */
const MAX_PRIORITY = 2_097_152;
const EPOCH = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

/**
 * Patient notices go out soonest-deadline first. The priority is the deadline's hour counted from a fixed
 * epoch, so notices queued at different times still compare correctly (2^21 hours lasts 239 years);
 * within one hour the relay's claim order (deadline, then creation) holds. No deadline sorts last.
 */
export function deadlinePriority(deadline: Date | null): number {
  if (!deadline) return MAX_PRIORITY;
  const hours = Math.floor((deadline.getTime() - EPOCH) / HOUR);
  return Math.min(MAX_PRIORITY, Math.max(1, hours + 1));
}
