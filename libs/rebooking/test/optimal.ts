import type { RebookingAppointment, RebookingInput } from '../src/engine/engine.types';
import { type ClinicalTier, clinicalTier } from '../src/engine/priority';
import {
  groupBusyIntervals,
  prepareSlots,
  resolveRebookingOptions,
  slotIsUsableBy,
  staffGroupBlackoutMaskFor,
} from '../src/engine/slot-eligibility';

/**
 * Exact minimum-cost rebooking for small instances — the yardstick for the greedy engine (quality.ts),
 * never used to book anyone: it ignores the rebooking order that docs/domain.md makes a hard rule.
 *
 * Objective: place as many appointments as possible; among those placements minimise the weighted delay
 *   Σ placed   DELAY_WEIGHT_BY_TIER[tier] × daysAfterWalkout
 * + Σ unplaced DELAY_WEIGHT_BY_TIER[tier] × (horizonDays + 1).
 * An unplaced appointment is priced as if seen the day after the horizon (the soonest it could be):
 * without that term the cheapest way to leave someone out would be to leave out the most urgent.
 * Weights double per tier, so one day of a tier's delay is worth two days of the tier below: urgent work
 * still goes first almost always, yet the optimum may trade a little urgency for a lot of total delay —
 * exactly the freedom the greedy engine gives up, so the ratio measures its price.
 *
 * Constraints are the greedy's (slot-eligibility.ts): specialty, kind, site/trust, window, blackouts,
 * slot length, capacity, the patient's existing bookings. One is relaxed: two appointments of the same
 * patient may land at overlapping times (forbidding that makes the problem NP-hard). The optimum is
 * therefore a lower bound, which is what a yardstick needs.
 *
 * Method: min-cost max-flow by successive shortest paths (Dijkstra with Johnson potentials) on
 * source → appointment (capacity 1) → slot (one edge per usable pair) → sink (remaining capacity).
 * Successive shortest paths reach the maximum flow whatever the costs, so "as many as possible" comes
 * first by construction; each pair edge costs weight × (days − horizon − 1) plus a constant that keeps
 * it non-negative — a constant per placed unit, which cannot change which max flow is cheapest.
 * O(F · E log V) with F ≤ appointments: fine at 300 × 300, hopeless nationally.
 */

export const DELAY_WEIGHT_BY_TIER: Readonly<Record<ClinicalTier, number>> = {
  P1a: 64,
  P1b: 32,
  P2: 16,
  'two-week-wait': 8,
  urgent: 4,
  P3: 2,
  routine: 1,
};

export const OPTIMAL_SOLVER_LIMITS = { appointments: 300, slots: 300 } as const;

/** Cost of placing an appointment a number of London calendar days after the walkout's end. */
export function placementCost(
  appointment: Pick<RebookingAppointment, 'urgency' | 'surgicalPriority'>,
  daysAfterWalkout: number,
): number {
  return DELAY_WEIGHT_BY_TIER[clinicalTier(appointment)] * daysAfterWalkout;
}

/** What leaving an appointment unplaced costs: its weight × the first day after the horizon. */
export function unplacedCost(
  appointment: Pick<RebookingAppointment, 'urgency' | 'surgicalPriority'>,
  horizonDays: number,
): number {
  return DELAY_WEIGHT_BY_TIER[clinicalTier(appointment)] * (horizonDays + 1);
}

export interface OptimalPlacement {
  appointmentId: string;
  slotId: string;
  daysAfterWalkout: number;
  cost: number;
}

export interface OptimalRebooking {
  placed: number;
  /** Weighted delay of placed plus unplaced appointments (see above). */
  totalCost: number;
  assignment: OptimalPlacement[];
}

export function solveOptimalRebooking(input: RebookingInput): OptimalRebooking {
  const { appointments, slots } = input;
  if (appointments.length > OPTIMAL_SOLVER_LIMITS.appointments || slots.length > OPTIMAL_SOLVER_LIMITS.slots) {
    throw new RangeError(
      `The exact solver is for ≤ ${OPTIMAL_SOLVER_LIMITS.appointments} appointments × ` +
        `${OPTIMAL_SOLVER_LIMITS.slots} slots; got ${appointments.length} × ${slots.length}`,
    );
  }
  const options = resolveRebookingOptions(input);
  const prepared = prepareSlots(slots, input.blackouts ?? [], options);
  const busyByPatient = groupBusyIntervals(input.patientBusy);

  const appointmentCount = appointments.length;
  const source = 0;
  const slotNode = (slotIndex: number): number => 1 + appointmentCount + slotIndex;
  const sink = 1 + appointmentCount + slots.length;
  const network = new FlowNetwork(sink + 1);

  const offset = Math.max(...Object.values(DELAY_WEIGHT_BY_TIER)) * (options.horizonDays + 1);
  const pairEdges: Array<{ edge: number; appointmentIndex: number; slotIndex: number; cost: number }> = [];
  let totalCost = 0;
  for (let appointmentIndex = 0; appointmentIndex < appointmentCount; appointmentIndex++) {
    const appointment = appointments[appointmentIndex];
    const costIfUnplaced = unplacedCost(appointment, options.horizonDays);
    totalCost += costIfUnplaced;
    const blackoutMask = staffGroupBlackoutMaskFor(appointment, prepared.staffGroupBlackouts);
    const busy = busyByPatient.get(appointment.patientId);
    network.addEdge(source, 1 + appointmentIndex, 1, 0);
    for (let slotIndex = 0; slotIndex < slots.length; slotIndex++) {
      if (prepared.remaining[slotIndex] === 0) continue;
      if (!slotIsUsableBy(appointment, slots[slotIndex], slotIndex, prepared, options, blackoutMask, busy)) continue;
      const cost = placementCost(appointment, prepared.daysAfterWalkout[slotIndex]);
      const edge = network.addEdge(1 + appointmentIndex, slotNode(slotIndex), 1, cost - costIfUnplaced + offset);
      pairEdges.push({ edge, appointmentIndex, slotIndex, cost: cost - costIfUnplaced });
    }
  }
  for (let slotIndex = 0; slotIndex < slots.length; slotIndex++) {
    if (prepared.remaining[slotIndex] > 0) network.addEdge(slotNode(slotIndex), sink, prepared.remaining[slotIndex], 0);
  }

  network.minCostMaxFlow(source, sink);

  const assignment: OptimalPlacement[] = [];
  for (const pair of pairEdges) {
    if (network.flowOn(pair.edge) === 0) continue;
    // pair.cost is the saving of placing over leaving unplaced, already counted in totalCost.
    totalCost += pair.cost;
    const appointment = appointments[pair.appointmentIndex];
    assignment.push({
      appointmentId: appointment.id,
      slotId: slots[pair.slotIndex].id,
      daysAfterWalkout: prepared.daysAfterWalkout[pair.slotIndex],
      cost: placementCost(appointment, prepared.daysAfterWalkout[pair.slotIndex]),
    });
  }
  return { placed: assignment.length, totalCost, assignment };
}

/** Residual network with paired forward/backward edges (edge e's reverse is e ^ 1). */
class FlowNetwork {
  private readonly head: Int32Array;
  private readonly target: number[] = [];
  private readonly capacity: number[] = [];
  private readonly originalCapacity: number[] = [];
  private readonly cost: number[] = [];
  private readonly nextEdge: number[] = [];

  constructor(private readonly nodeCount: number) {
    this.head = new Int32Array(nodeCount).fill(-1);
  }

  addEdge(from: number, to: number, capacity: number, cost: number): number {
    const forward = this.target.length;
    this.pushEdge(from, to, capacity, cost);
    this.pushEdge(to, from, 0, -cost);
    return forward;
  }

  flowOn(edge: number): number {
    return this.originalCapacity[edge] - this.capacity[edge];
  }

  minCostMaxFlow(source: number, sink: number): void {
    const nodeCount = this.nodeCount;
    // All initial costs are ≥ 0, so zero potentials are valid to start with.
    const potential = new Float64Array(nodeCount);
    const distance = new Float64Array(nodeCount);
    const viaEdge = new Int32Array(nodeCount);
    for (;;) {
      distance.fill(Number.POSITIVE_INFINITY);
      viaEdge.fill(-1);
      distance[source] = 0;
      const heap = new MinHeap();
      heap.push(0, source);
      while (heap.size > 0) {
        const [nodeDistance, node] = heap.pop();
        if (nodeDistance > distance[node]) continue;
        for (let edge = this.head[node]; edge !== -1; edge = this.nextEdge[edge]) {
          if (this.capacity[edge] === 0) continue;
          const to = this.target[edge];
          const reduced = nodeDistance + this.cost[edge] + potential[node] - potential[to];
          if (reduced < distance[to]) {
            distance[to] = reduced;
            viaEdge[to] = edge;
            heap.push(reduced, to);
          }
        }
      }
      if (distance[sink] === Number.POSITIVE_INFINITY) return;
      // Nodes unreachable now stay unreachable (new residual edges only join reachable nodes), so
      // leaving their potentials alone keeps every reduced cost we will ever read non-negative.
      for (let node = 0; node < nodeCount; node++) {
        if (distance[node] !== Number.POSITIVE_INFINITY) potential[node] += distance[node];
      }
      let bottleneck = Number.POSITIVE_INFINITY;
      for (let node = sink; node !== source; node = this.target[viaEdge[node] ^ 1]) {
        bottleneck = Math.min(bottleneck, this.capacity[viaEdge[node]]);
      }
      for (let node = sink; node !== source; node = this.target[viaEdge[node] ^ 1]) {
        this.capacity[viaEdge[node]] -= bottleneck;
        this.capacity[viaEdge[node] ^ 1] += bottleneck;
      }
    }
  }

  private pushEdge(from: number, to: number, capacity: number, cost: number): void {
    const edge = this.target.length;
    this.target.push(to);
    this.capacity.push(capacity);
    this.originalCapacity.push(capacity);
    this.cost.push(cost);
    this.nextEdge.push(this.head[from]);
    this.head[from] = edge;
  }
}

/** Binary min-heap of (priority, node) pairs; duplicates allowed, stale entries skipped by the caller. */
class MinHeap {
  private readonly priorities: number[] = [];
  private readonly nodes: number[] = [];

  get size(): number {
    return this.nodes.length;
  }

  push(priority: number, node: number): void {
    const { priorities, nodes } = this;
    let position = nodes.length;
    priorities.push(priority);
    nodes.push(node);
    while (position > 0) {
      const parent = (position - 1) >> 1;
      if (priorities[parent] <= priority) break;
      priorities[position] = priorities[parent];
      nodes[position] = nodes[parent];
      position = parent;
    }
    priorities[position] = priority;
    nodes[position] = node;
  }

  pop(): [number, number] {
    const { priorities, nodes } = this;
    const top: [number, number] = [priorities[0], nodes[0]];
    const lastPriority = priorities.pop()!;
    const lastNode = nodes.pop()!;
    const count = nodes.length;
    if (count > 0) {
      let position = 0;
      for (;;) {
        const left = 2 * position + 1;
        if (left >= count) break;
        const right = left + 1;
        const child = right < count && priorities[right] < priorities[left] ? right : left;
        if (priorities[child] >= lastPriority) break;
        priorities[position] = priorities[child];
        nodes[position] = nodes[child];
        position = child;
      }
      priorities[position] = lastPriority;
      nodes[position] = lastNode;
    }
    return top;
  }
}
