import { SmsPrice, smsCost, smsFragments } from '../messages/sms-fragments';

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

/** What the unsent texts will cost, counted by Notify's fragment rules (messages/sms-fragments.ts). */
export interface SmsCostEstimate {
  /** Unsent messages counted as texts (every unsent message: most go by text). */
  texts: number;
  fragments: number;
  /** Texts sent as Unicode (a Welsh or other non-GSM character): 70, else 67 characters per fragment. */
  unicode: number;
  pencePerFragment: number;
  vatPercent: number;
  pence: number;
  penceWithVat: number;
  /** False when only the first `counted` texts were rendered and the rest were estimated from them. */
  exact: boolean;
  counted: number;
}

/**
 * Sums the fragments of the texts rendered (`counted` of `total` unsent) and prices them; past what was
 * rendered, the rest are taken at the counted texts' average, and the estimate says it is not exact.
 */
export function estimateSmsCost(rendered: readonly string[], total: number, price: SmsPrice): SmsCostEstimate {
  let fragments = 0;
  let unicode = 0;
  for (const text of rendered) {
    const counted = smsFragments(text);
    fragments += counted.fragments;
    if (counted.encoding === 'unicode') unicode += 1;
  }
  const exact = rendered.length >= total;
  const scale = exact || rendered.length === 0 ? 1 : total / rendered.length;
  const allFragments = Math.round(fragments * scale);
  const cost = smsCost(allFragments, price);
  return { texts: total, fragments: allFragments, unicode: Math.round(unicode * scale), ...price, ...cost, exact, counted: rendered.length };
}
