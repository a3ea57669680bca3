import { batchParallelism, noticeWindowBatches } from './notification-dispatcher';

describe('batchParallelism', () => {
  it('keeps about a second of a service’s sends in flight across its window of batches at GOV.UK Notify’s 3,000 a minute', () => {
    expect(batchParallelism(3_000) * noticeWindowBatches(3_000)).toBe(50);
  });

  it('never goes below 2 a batch nor beyond a whole batch of 50', () => {
    expect(batchParallelism(60)).toBe(2);
    expect(batchParallelism(1_000_000)).toBe(25); // a big window of batches shares the rate
    expect(batchParallelism(2_000_000)).toBeLessThanOrEqual(50);
  });
});

describe('noticeWindowBatches', () => {
  it('gives a service about two seconds of its rate in batches on the queue, at least two', () => {
    expect(noticeWindowBatches(3_000)).toBe(2);
    expect(noticeWindowBatches(60)).toBe(2);
    expect(noticeWindowBatches(30_000)).toBe(20);
  });
});
