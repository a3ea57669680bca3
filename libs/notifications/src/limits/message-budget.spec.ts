import { loadConfig } from '@app/core';
import { budgetOf, describeRefusal, firstOverflow, periodEnd, periodStart } from './message-budget';

const limits = loadConfig({ MESSAGE_BUDGET_PATIENT_PER_HOUR: '100', MESSAGE_BUDGET_PATIENT_PER_DAY: '150' }).messaging;
const now = new Date('2026-03-29T00:30:00Z'); // the night the clocks go forward: budgets follow UTC, not the wall clock

describe('message budget', () => {
  it('draws recall, reminder and stand-down on the recall budget, which nothing refuses', () => {
    expect(['recall', 'recall-reminder', 'recall-stand-down'].map((p) => budgetOf(p as never))).toEqual(['recall', 'recall', 'recall']);
    expect(firstOverflow([{ budget: 'recall', period: 'hour', used: 1_000_000 }], new Map([['recall', 1_000_000]]), limits, now)).toBeNull();
  });

  it('keeps cover notices apart from patient notices', () => {
    expect(budgetOf('cover-shift')).toBe('staff-messages');
    expect(budgetOf('walkout-postponement')).toBe('patient-notices');
  });

  it('counts by the clock hour and the UTC day, and says when each frees up', () => {
    expect(periodStart('hour', now).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(periodEnd('hour', now).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(periodEnd('day', now).toISOString()).toBe('2026-03-30T00:00:00.000Z');
  });

  it('fits exactly up to the limit and refuses one more, reporting what was already used', () => {
    expect(firstOverflow([{ budget: 'patient-notices', period: 'hour', used: 100 }], new Map([['patient-notices', 40]]), limits, now)).toBeNull();
    expect(firstOverflow([{ budget: 'patient-notices', period: 'hour', used: 101 }], new Map([['patient-notices', 40]]), limits, now)).toEqual({
      budget: 'patient-notices',
      period: 'hour',
      limit: 100,
      usedBefore: 61,
      requested: 40,
      freesAt: new Date('2026-03-29T01:00:00Z'),
    });
  });

  it('reports the day before the hour when both overflow: the longer wait is the true one', () => {
    const refusal = firstOverflow(
      [
        { budget: 'patient-notices', period: 'hour', used: 120 },
        { budget: 'patient-notices', period: 'day', used: 160 },
      ],
      new Map([['patient-notices', 30]]),
      limits,
      now,
    );
    expect(refusal?.period).toBe('day');
  });

  it('says a request larger than the whole budget can never fit, and which variable raises it', () => {
    const refusal = firstOverflow([{ budget: 'patient-notices', period: 'hour', used: 140 }], new Map([['patient-notices', 140]]), limits, now)!;
    expect(describeRefusal(refusal)).toMatch(/more than the whole budget.*MESSAGE_BUDGET_PATIENT_PER_HOUR/);
  });
});
