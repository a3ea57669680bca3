export interface QueuedNotice {
  id: string;
  /**
   * 1-based place in the send order (every trust on the sending service shares its rate). Held
   * messages have their own order, by the end of their hold.
   */
  position: number;
  deadline: Date | null;
  recipientType: string;
  subjectId: string | null;
  /** Set while it is held (a short coalescing hold, or until Notify's daily limit resets). */
  sendAfter?: Date | null;
}

/** What is left of the sending service's day, on the channel most messages take (texts). */
export interface DailyAllowance {
  remaining: number;
  resetsAt: Date;
}

export interface SendEstimate {
  unsent: number;
  /** Of `unsent`, waiting on purpose (they go when their hold ends). */
  held: number;
  ratePerMinute: number;
  lastExpectedAt: Date | null;
  /** Notices that will miss their deadline at this rate: the trust should phone these people. */
  atRisk: { notificationId: string; subjectId: string | null; recipientType: string; deadline: Date; expectedAt: Date }[];
}

/**
 * Message n leaves at now + n / rate: the rate limit, not the workers, sets the pace of a large backlog.
 * Past the day's remaining allowance of the sending service the rest wait for midnight UTC and then
 * continue at the rate; a held message leaves when its hold ends (in the order the holds end).
 */
export function estimateSendTimes(queued: QueuedNotice[], ratePerMinute: number, now: Date, daily: DailyAllowance | null = null): SendEstimate {
  const msPerMessage = 60_000 / ratePerMinute;
  const after = (start: Date, count: number) => new Date(start.getTime() + Math.ceil(count * msPerMessage));
  const expectedAt = (notice: QueuedNotice): Date => {
    if (notice.sendAfter) return after(notice.sendAfter > now ? notice.sendAfter : now, notice.position);
    if (daily && notice.position > daily.remaining) return after(daily.resetsAt > now ? daily.resetsAt : now, notice.position - daily.remaining);
    return after(now, notice.position);
  };
  const times = queued.map((notice) => ({ notice, at: expectedAt(notice) }));
  const atRisk = times
    .filter(({ notice, at }) => notice.deadline && at > notice.deadline)
    .map(({ notice, at }) => ({ notificationId: notice.id, subjectId: notice.subjectId, recipientType: notice.recipientType, deadline: notice.deadline!, expectedAt: at }));
  const last = times.reduce<Date | null>((max, { at }) => (max === null || at > max ? at : max), null);
  return { unsent: queued.length, held: queued.filter((notice) => notice.sendAfter).length, ratePerMinute, lastExpectedAt: last, atRisk };
}
