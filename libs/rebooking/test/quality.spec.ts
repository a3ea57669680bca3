import { assignRebookings } from '../src/engine/assign';
import { WALKOUT_ENDS_AT, makeAppointment, makeSlotOnDay } from './engine-test-factories';
import type { RebookingInput } from '../src/engine/engine.types';
import { compareWithOptimal, greedyCostOf } from './quality';
import { solveOptimalRebooking } from './optimal';
import { type SyntheticRebookingShape, buildSyntheticRebookingInput } from './synthetic-rebooking-input';

/** One trust, two sites, three clinics: 200 appointments and 300 slots — the exact solver's size. */
function smallTrustInstance(seed: number, options: Partial<SyntheticRebookingShape>): RebookingInput {
  const input = buildSyntheticRebookingInput({
    seed,
    trusts: 1,
    sitesPerTrust: 2,
    outpatientSpecialties: ['cardiology', 'dermatology'],
    theatreSpecialties: ['orthopaedics'],
    outpatientAppointments: 160,
    theatreAppointments: 40,
    outpatientSlots: 250,
    theatreSlots: 50,
    walkoutEndsAt: WALKOUT_ENDS_AT,
    patientClashes: false,
    durations: false,
    ...options,
  });
  // Keep only the walkout that concerns everyone: then every appointment in a clinic can use exactly the
  // same slots, the condition under which greedy provably places as many as the optimum.
  return { ...input, blackouts: (input.blackouts ?? []).filter((blackout) => !blackout.staffGroups?.length) };
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/**
 * Why 1.10: the greedy engine departs from "earliest slot, most urgent first" in only two ways — keeping
 * the patient's own site, or a follow-up's clinician, when that still meets the 14-day target. Each such
 * choice delays one appointment by at most the gap to the target day. Measured on these instances the
 * ratio stays below 1.05; 1.10 leaves room for that, while an engine that ignored clinical priority
 * scores 1.5–2.0 on the same instances (see the last test), so the bound still catches a broken order.
 */
const GREEDY_COST_RATIO_BOUND = 1.1;

describe('greedy rebooking compared with the exact optimum', () => {
  it('equals the optimum when every appointment in a clinic can use the same slots', () => {
    for (const seed of SEEDS.slice(0, 5)) {
      // With identical choices per clinic, giving the earliest slots to the heaviest weights is optimal
      // (rearrangement inequality) — so anything but equality is a bug in one of the two.
      const quality = compareWithOptimal(smallTrustInstance(seed, { followUps: false, sameSiteOnly: true }));
      expect({ seed, ...quality }).toEqual({
        seed,
        greedyCost: quality.optimalCost,
        optimalCost: quality.optimalCost,
        ratio: 1,
        greedyPlaced: quality.optimalPlaced,
        optimalPlaced: quality.optimalPlaced,
      });
      expect(quality.optimalPlaced).toBeGreaterThan(100);
    }
  });

  it(`places as many as the optimum, within ${GREEDY_COST_RATIO_BOUND}× its cost, with follow-ups and cross-site`, () => {
    for (const seed of SEEDS) {
      const quality = compareWithOptimal(smallTrustInstance(seed, { followUps: true, sameSiteOnly: false }));
      expect({ seed, placed: quality.greedyPlaced }).toEqual({ seed, placed: quality.optimalPlaced });
      expect(quality.ratio).toBeGreaterThanOrEqual(1);
      expect(quality.ratio).toBeLessThanOrEqual(GREEDY_COST_RATIO_BOUND);
    }
  });

  it(`has a bound tight enough to catch an engine that ignored clinical priority`, () => {
    for (const seed of SEEDS) {
      const input = smallTrustInstance(seed, { followUps: true, sameSiteOnly: false });
      const priorityBlind = assignRebookings({
        ...input,
        appointments: input.appointments.map((appointment) => ({ ...appointment, urgency: 'routine', surgicalPriority: null })),
      });
      const ratio = greedyCostOf(input, priorityBlind) / solveOptimalRebooking(input).totalCost;
      expect(ratio).toBeGreaterThan(GREEDY_COST_RATIO_BOUND);
    }
  });

  it('prices each placement at weight × days and each unplaced appointment at weight × (horizon + 1)', () => {
    const input: RebookingInput = {
      appointments: [makeAppointment({ id: 'urgent', urgency: 'urgent' }), makeAppointment({ id: 'routine' })],
      slots: [makeSlotOnDay('day-3', 3)],
      walkoutEndsAt: WALKOUT_ENDS_AT,
      horizonDays: 20,
    };
    expect(greedyCostOf(input, assignRebookings(input))).toBe(4 * 3 + 1 * 21);
    expect(compareWithOptimal(input)).toEqual({ greedyCost: 33, optimalCost: 33, ratio: 1, greedyPlaced: 1, optimalPlaced: 1 });
  });
});
