/**
 * GOV.UK Notify's daily limits (pure arithmetic). Notify counts the messages each service sends per UTC
 * day and channel (250,000 texts, 250,000 emails and 20,000 letters by default) and answers 429
 * TooManyRequestsError past them. We count the same way, so we stop first: a message that would go over
 * waits (status pending, `send_after` the next midnight UTC) instead of failing.
 */
import { DAY_MS } from '@app/core';
import { NotifyChannel } from '../messages/notify-purpose';


/** The UTC day `at` falls in, as Notify counts it ('2026-03-02'). */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** When the count of `at`'s day resets: the next midnight UTC. */
export function nextUtcMidnight(at: Date): Date {
  return new Date((Math.floor(at.getTime() / DAY_MS) + 1) * DAY_MS);
}

export interface DailyRequest {
  sendingService: string;
  channel: NotifyChannel;
  /** The service's daily limit on this channel. */
  limit: number;
}

export interface DailyRequestGroup {
  sendingService: string;
  channel: NotifyChannel;
  wanted: number;
  limit: number;
}

/** Groups concurrent requests per service and channel: one counter update each, in a fixed order. */
export function groupRequests(requests: DailyRequest[], limitOf: (request: DailyRequest) => number): DailyRequestGroup[] {
  const groups = new Map<string, DailyRequestGroup>();
  for (const request of requests) {
    const key = `${request.sendingService}\u0000${request.channel}`;
    const group = groups.get(key) ?? { sendingService: request.sendingService, channel: request.channel, wanted: 0, limit: limitOf(request) };
    group.wanted += 1;
    groups.set(key, group);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, group]) => group);
}

/**
 * Hands out the granted count of each group to its requests in arrival order: the first `granted` of
 * each service and channel may send, the rest wait for the next day.
 */
export function distributeGrants(requests: DailyRequest[], granted: ReadonlyMap<string, number>): boolean[] {
  const left = new Map(granted);
  return requests.map((request) => {
    const key = `${request.sendingService}\u0000${request.channel}`;
    const remaining = left.get(key) ?? 0;
    if (remaining <= 0) return false;
    left.set(key, remaining - 1);
    return true;
  });
}

export function grantKey(sendingService: string, channel: NotifyChannel): string {
  return `${sendingService}\u0000${channel}`;
}
