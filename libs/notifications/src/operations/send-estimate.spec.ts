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
    expect(estimateSendTimes([], 3_000, now)).toEqual({ unsent: 0, ratePerMinute: 3_000, lastExpectedAt: null, atRisk: [] });
  });
});
