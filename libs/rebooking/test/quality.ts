import { assignRebookings } from '../src/engine/assign';
import type { RebookingInput, RebookingResult } from '../src/engine/engine.types';
import { placementCost, solveOptimalRebooking, unplacedCost } from './optimal';
import { resolveRebookingOptions } from '../src/engine/slot-eligibility';

export interface RebookingQuality {
  /** Weighted delay of the greedy engine's result, priced as optimal.ts prices the optimum's. */
  greedyCost: number;
  /** The same sum for the exact optimum (a lower bound: see optimal.ts). */
  optimalCost: number;
  /** greedyCost / optimalCost (1 when both are 0); ≥ 1 whenever the greedy places as many. */
  ratio: number;
  greedyPlaced: number;
  optimalPlaced: number;
}

/**
 * Weighted delay of the greedy engine's result: priority weight × days for each placement, and weight ×
 * (horizon + 1) for each appointment left unplaced — the objective optimal.ts minimises.
 */
export function greedyCostOf(input: RebookingInput, result: RebookingResult): number {
  const { horizonDays } = resolveRebookingOptions(input);
  const appointmentsById = new Map(input.appointments.map((appointment) => [appointment.id, appointment]));
  let cost = 0;
  for (const placement of result.placements) {
    cost += placementCost(appointmentsById.get(placement.appointmentId)!, placement.daysAfterWalkout);
  }
  for (const entry of result.unplaced) {
    cost += unplacedCost(appointmentsById.get(entry.appointmentId)!, horizonDays);
  }
  return cost;
}

/** How far the greedy engine is from the exact optimum on a small instance (≤ 300 × 300). */
export function compareWithOptimal(input: RebookingInput): RebookingQuality {
  const greedy = assignRebookings(input);
  const optimal = solveOptimalRebooking(input);
  const greedyCost = greedyCostOf(input, greedy);
  const ratio =
    optimal.totalCost === 0 ? (greedyCost === 0 ? 1 : Number.POSITIVE_INFINITY) : greedyCost / optimal.totalCost;
  return {
    greedyCost,
    optimalCost: optimal.totalCost,
    ratio,
    greedyPlaced: greedy.summary.placed,
    optimalPlaced: optimal.placed,
  };
}
