import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('answers concurrent calls from one batch call, each with its own result', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (inputs) => {
      batches.push(inputs);
      return inputs.map((n) => n * 10);
    }, { maxBatch: 100, maxWaitMs: 5 });
    const results = await Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('closes a batch as soon as it is full', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (inputs) => {
      batches.push(inputs);
      return inputs;
    }, { maxBatch: 2, maxWaitMs: 1_000 });
    await Promise.all([1, 2, 3, 4].map((n) => batcher.submit(n)));
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('fails every call of a batch whose call fails, and recovers for the next batch', async () => {
    let fail = true;
    const batcher = new MicroBatcher<number, number>(async (inputs) => {
      if (fail) throw new Error('database down');
      return inputs;
    }, { maxBatch: 10, maxWaitMs: 1 });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow('database down');
    fail = false;
    await expect(batcher.submit(3)).resolves.toBe(3);
  });
});
