export interface QueuedNotice {
  id: string;
  /** 1-based place in the global send order (every trust shares the provider's rate). */
  position: number;
  deadline: Date | null;
  recipientType: string;
  subjectId: string | null;
}

export interface SendEstimate {
  unsent: number;
  ratePerMinute: number;
  lastExpectedAt: Date | null;
  /** Notices that will miss their deadline at this rate: the trust should phone these people. */
  atRisk: { notificationId: string; subjectId: string | null; recipientType: string; deadline: Date; expectedAt: Date }[];
}

/** Message n leaves at now + n / rate: the rate limit, not the workers, sets the pace of a large backlog. */
export function estimateSendTimes(queued: QueuedNotice[], ratePerMinute: number, now: Date): SendEstimate {
  const msPerMessage = 60_000 / ratePerMinute;
  const expectedAt = (position: number) => new Date(now.getTime() + Math.ceil(position * msPerMessage));
  const atRisk = queued
    .filter((notice) => notice.deadline && expectedAt(notice.position) > notice.deadline)
    .map((notice) => ({ notificationId: notice.id, subjectId: notice.subjectId, recipientType: notice.recipientType, deadline: notice.deadline!, expectedAt: expectedAt(notice.position) }));
  const last = queued.reduce((max, notice) => Math.max(max, notice.position), 0);
  return { unsent: queued.length, ratePerMinute, lastExpectedAt: queued.length ? expectedAt(last) : null, atRisk };
}
