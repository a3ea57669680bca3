import { SlotQueue } from './slot-queue';

describe('SlotQueue', () => {
  it('finds the first slot with room at or after a position, skipping full ones', () => {
    const remaining = Int32Array.from([0, 1, 0, 2, 1]);
    const queue = new SlotQueue(Int32Array.from([0, 1, 2, 3, 4]), remaining);
    expect(queue.firstOpenFrom(0)).toBe(1);
    expect(queue.firstOpenFrom(2)).toBe(3);
    expect(queue.firstOpenFrom(5)).toBe(5);
  });

  it('notices slots filled through another queue sharing the same capacity', () => {
    const remaining = Int32Array.from([1, 1, 1]);
    const bySite = new SlotQueue(Int32Array.from([0, 1, 2]), remaining);
    const byClinician = new SlotQueue(Int32Array.from([1, 2]), remaining);
    expect(byClinician.firstOpenFrom(0)).toBe(0);
    remaining[1] = 0; // booked through the site queue
    expect(byClinician.firstOpenFrom(0)).toBe(1);
    expect(bySite.firstOpenFrom(1)).toBe(2);
    remaining[0] = 0;
    remaining[2] = 0;
    expect(bySite.firstOpenFrom(0)).toBe(bySite.size);
    expect(byClinician.firstOpenFrom(0)).toBe(byClinician.size);
  });

  it('keeps answering correctly as thousands of slots fill one by one', () => {
    const size = 5_000;
    const remaining = new Int32Array(size).fill(1);
    const queue = new SlotQueue(Int32Array.from({ length: size }, (_, index) => index), remaining);
    for (let expected = 0; expected < size; expected++) {
      const position = queue.firstOpenFrom(0);
      expect(position).toBe(expected);
      remaining[queue.slotIndexes[position]] = 0;
    }
    expect(queue.firstOpenFrom(0)).toBe(size);
  });
});
