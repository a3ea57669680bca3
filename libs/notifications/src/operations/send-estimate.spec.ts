import { estimateSendTimes } from './send-estimate';

describe('estimateSendTimes', () => {
  const now = new Date('2026-01-12T08:00:00Z');

  it('puts the last of 120,000 texts about 40 minutes out at 3,000 a minute', () => {
    const estimate = estimateSendTimes([{ id: 'last', position: 120_000, deadline: null, recipientType: 'patient', subjectId: null }], 3_000, now);
    expect(estimate.lastExpectedAt?.toISOString()).toBe('2026-01-12T08:40:00.000Z');
  });

  it('lists the notices that will go out after their deadline, and only those', () => {
    const estimate = estimateSendTimes(
      [
        { id: 'fine', position: 100, deadline: new Date('2026-01-12T09:00:00Z'), recipientType: 'patient', subjectId: 'a1' },
        { id: 'late', position: 6_000, deadline: new Date('2026-01-12T08:01:00Z'), recipientType: 'patient', subjectId: 'a2' },
      ],
      3_000,
      now,
    );
    expect(estimate.atRisk).toEqual([
      { notificationId: 'late', subjectId: 'a2', recipientType: 'patient', deadline: new Date('2026-01-12T08:01:00Z'), expectedAt: new Date('2026-01-12T08:02:00Z') },
    ]);
  });

  it('has nothing to estimate with nothing queued', () => {
    expect(estimateSendTimes([], 3_000, now)).toEqual({ unsent: 0, held: 0, ratePerMinute: 3_000, lastExpectedAt: null, atRisk: [] });
  });

  it('puts what does not fit in the sending service’s day after midnight UTC, and says which deadlines that misses', () => {
    const daily = { remaining: 2_000, resetsAt: new Date('2026-01-13T00:00:00Z') };
    const estimate = estimateSendTimes(
      [
        { id: 'today', position: 2_000, deadline: new Date('2026-01-12T18:00:00Z'), recipientType: 'patient', subjectId: 'a1' },
        { id: 'tomorrow', position: 5_000, deadline: new Date('2026-01-12T18:00:00Z'), recipientType: 'patient', subjectId: 'a2' },
      ],
      3_000,
      now,
      daily,
    );
    expect(estimate.lastExpectedAt?.toISOString()).toBe('2026-01-13T00:01:00.000Z');
    expect(estimate.atRisk.map((n) => n.notificationId)).toEqual(['tomorrow']);
  });

  it('sends a held message when its hold ends, not at its place in the queue', () => {
    const estimate = estimateSendTimes(
      [{ id: 'held', position: 1, deadline: null, recipientType: 'staff', subjectId: 'i1', sendAfter: new Date('2026-01-12T08:01:00Z') }],
      3_000,
      now,
    );
    expect(estimate.held).toBe(1);
    expect(estimate.lastExpectedAt?.toISOString()).toBe('2026-01-12T08:01:00.020Z');
  });
});
