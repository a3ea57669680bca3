import { distributeGrants, grantKey, groupRequests, nextUtcMidnight, utcDay } from './notify-daily-limit';

describe('GOV.UK Notify daily limits', () => {
  it('counts by the UTC day and resets at midnight UTC, whatever the time in London', () => {
    expect(utcDay(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-01'); // 00:30 BST on the 2nd
    expect(nextUtcMidnight(new Date('2026-07-01T23:30:00Z')).toISOString()).toBe('2026-07-02T00:00:00.000Z');
  });

  it('asks once per service and channel for a batch of sends', () => {
    const requests = [
      { sendingService: 'deployment', channel: 'sms' as const, limit: 250_000 },
      { sendingService: 'deployment', channel: 'email' as const, limit: 250_000 },
      { sendingService: 'deployment', channel: 'sms' as const, limit: 250_000 },
    ];
    expect(groupRequests(requests, (r) => r.limit)).toEqual([
      { sendingService: 'deployment', channel: 'email', wanted: 1, limit: 250_000 },
      { sendingService: 'deployment', channel: 'sms', wanted: 2, limit: 250_000 },
    ]);
  });

  it('lets the first of a batch go when only some fit, and holds the rest', () => {
    const requests = [
      { sendingService: 'deployment', channel: 'sms' as const, limit: 250_000 },
      { sendingService: 'deployment', channel: 'sms' as const, limit: 250_000 },
      { sendingService: 'deployment', channel: 'email' as const, limit: 250_000 },
    ];
    expect(distributeGrants(requests, new Map([[grantKey('deployment', 'sms'), 1], [grantKey('deployment', 'email'), 1]]))).toEqual([true, false, true]);
  });
});
