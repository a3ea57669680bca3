/**
 * Slots in start-time order with a "next slot that still has room" pointer.
 *
 * The pointer is a union-find over positions: a full slot links to the position after it, and lookups
 * compress the links they walk, so skipping full slots costs amortised near-constant time however many
 * have filled. Capacity lives in one array shared by every queue a slot belongs to (its site's queue, its
 * trust's queue, its clinician's queue…); a queue notices a slot filled through another queue the next
 * time it walks past it, so booking never has to update every queue.
 */
export class SlotQueue {
  /** Indexes into the run's slot array, in start-time order. */
  readonly slotIndexes: Int32Array;
  private readonly nextCandidate: Int32Array;

  constructor(
    slotIndexes: Int32Array,
    private readonly remainingCapacity: Int32Array,
  ) {
    this.slotIndexes = slotIndexes;
    this.nextCandidate = new Int32Array(slotIndexes.length + 1);
    for (let position = 0; position <= slotIndexes.length; position++) this.nextCandidate[position] = position;
  }

  get size(): number {
    return this.slotIndexes.length;
  }

  /** First position ≥ `from` whose slot still has room, or `size` when there is none. */
  firstOpenFrom(from: number): number {
    const links = this.nextCandidate;
    const end = this.slotIndexes.length;
    let position = from;
    for (;;) {
      let root = position;
      while (links[root] !== root) root = links[root];
      while (links[position] !== root) {
        const next = links[position];
        links[position] = root;
        position = next;
      }
      if (root === end || this.remainingCapacity[this.slotIndexes[root]] > 0) return root;
      links[root] = root + 1;
      position = root;
    }
  }
}
