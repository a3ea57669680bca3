import { estimateSendTimes, estimateSmsCost } from './send-estimate';

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

describe('estimateSmsCost', () => {
  const price = { pencePerFragment: 2.4, vatPercent: 20 };

  it('counts each text’s fragments by Notify’s rules and prices them with VAT', () => {
    const texts = ['a'.repeat(160), 'a'.repeat(161), 'Diolch yn fawr, ŵyr ' + 'a'.repeat(60)];
    expect(estimateSmsCost(texts, 3, price)).toEqual({
      texts: 3,
      fragments: 1 + 2 + 2,
      unicode: 1,
      pencePerFragment: 2.4,
      vatPercent: 20,
      pence: 12,
      penceWithVat: 14.4,
      exact: true,
      counted: 3,
    });
  });

  it('says it is not exact when it rendered only some of the texts, and scales from them', () => {
    const estimate = estimateSmsCost(['a'.repeat(200), 'a'.repeat(100)], 10, price);
    expect(estimate).toMatchObject({ texts: 10, fragments: 15, exact: false, counted: 2, pence: 36 });
  });

  it('costs nothing when nothing is left to send', () => {
    expect(estimateSmsCost([], 0, price)).toMatchObject({ fragments: 0, pence: 0, penceWithVat: 0, exact: true });
  });
});
