import { batchParallelism } from './notification-dispatcher';

describe('batchParallelism', () => {
  it('keeps about two seconds of sends in flight across 20 batches at GOV.UK Notify’s 3,000 a minute', () => {
    expect(batchParallelism(3_000) * 20).toBe(100);
  });

  it('never goes below 2 a batch nor beyond a whole batch of 50', () => {
    expect(batchParallelism(60)).toBe(2);
    expect(batchParallelism(1_000_000)).toBe(50);
  });
});
