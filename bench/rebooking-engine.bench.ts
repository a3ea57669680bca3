/**
 * Rebooking engine at national-walkout scale (docs/domain.md "Who uses it and why": 110,000 outpatient appointments and 12,500
 * operations cancelled in one two-day walkout): 122,500 appointments across 20 trusts (3 sites each,
 * 13 clinic and 6 theatre specialties) into ~200,000 slots over the six weeks after the walkout, with
 * the next walkout of the series and a consultants-only walkout at some sites to avoid.
 *
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/rebooking-engine.bench.ts
 *
 * The sort pass is a same-run baseline for the machine's speed: it only sorts the appointments and the
 * slots once each, the O(n log n) floor any engine that honours an order pays. engine / sort pass is
 * the figure to compare across machines.
 *
 * Quality: a trust-sized sub-instance (one trust, a few hundred appointments, ≤ 300 slots, every rule
 * switched on) is solved by the greedy engine and by the exact min-cost solver (optimal.ts).
 */
import { DAY_MS, HOUR_MS, londonWallClockToUtc } from '@app/core';
import { assignRebookings, type RebookingInput, type RebookingSummary } from '@app/rebooking';
import { buildSyntheticRebookingInput, compareWithOptimal, nationalWalkoutShape, type RebookingQuality } from '@app/rebooking/testing';

export interface RebookingRunFigures {
  sameSiteOnly: boolean;
  engineMsMedian: number;
  engineMsAll: number[];
  /** engine time / sort pass time, both measured in this run. */
  overheadRatio: number;
  summary: RebookingSummary;
  placedPercent: number;
  within14DaysPercentOfPlaced: number;
}

export interface RebookingEngineBenchFigures {
  trusts: number;
  appointments: number;
  outpatientAppointments: number;
  theatreAppointments: number;
  slots: number;
  freeCapacityInWindow: number;
  blackouts: number;
  buildInputMs: number;
  runs: number;
  sortPassMsMedian: number;
  runsBySiteRule: RebookingRunFigures[];
  trustSizedQuality: RebookingQuality & { appointments: number; slots: number; solveMs: number };
}

export interface RebookingEngineBenchOptions {
  seed?: number;
  runs?: number;
}

/** 07:00 on Wednesday 10 June 2026, London: the end of a two-day 07:00 → 07:00 walkout. */
const WALKOUT_ENDS_AT = londonWallClockToUtc(Date.UTC(2026, 5, 10) + 7 * HOUR_MS);

function sortPass(input: RebookingInput): number {
  const byReferral = input.appointments.map((_, index) => index);
  byReferral.sort((a, b) => input.appointments[a].referralDate - input.appointments[b].referralDate);
  const byStart = input.slots.map((_, index) => index);
  byStart.sort((a, b) => input.slots[a].startsAt - input.slots[b].startsAt);
  return byReferral[0] + byStart[0];
}

function millisecondsOf(work: () => void): number {
  const started = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function runRebookingEngineBench(options: RebookingEngineBenchOptions = {}): RebookingEngineBenchFigures {
  const seed = options.seed ?? 2026;
  const runs = options.runs ?? 3;
  let input!: RebookingInput;
  const buildInputMs = millisecondsOf(() => {
    input = buildSyntheticRebookingInput(nationalWalkoutShape(seed, WALKOUT_ENDS_AT));
  });

  const sortPassMs: number[] = [];
  for (let run = 0; run < runs; run++) sortPassMs.push(millisecondsOf(() => sortPass(input)));
  const sortPassMsMedian = median(sortPassMs);

  const runsBySiteRule = [true, false].map((sameSiteOnly): RebookingRunFigures => {
    const runInput = { ...input, sameSiteOnly };
    const engineMs: number[] = [];
    let summary!: RebookingSummary;
    for (let run = 0; run < runs; run++) {
      engineMs.push(millisecondsOf(() => (summary = assignRebookings(runInput).summary)));
    }
    const engineMsMedian = median(engineMs);
    return {
      sameSiteOnly,
      engineMsMedian: round(engineMsMedian),
      engineMsAll: engineMs.map((ms) => round(ms)),
      overheadRatio: round(engineMsMedian / sortPassMsMedian),
      summary,
      placedPercent: round((100 * summary.placed) / input.appointments.length),
      within14DaysPercentOfPlaced: round((100 * summary.within14Days) / summary.placed),
    };
  });

  const trustSized = buildSyntheticRebookingInput({
    seed,
    trusts: 1,
    sitesPerTrust: 3,
    outpatientSpecialties: ['cardiology', 'dermatology', 'ophthalmology'],
    theatreSpecialties: ['orthopaedics'],
    outpatientAppointments: 220,
    theatreAppointments: 30,
    outpatientSlots: 260,
    theatreSlots: 40,
    walkoutEndsAt: WALKOUT_ENDS_AT,
    sameSiteOnly: false,
  });
  let quality!: RebookingQuality;
  const solveMs = millisecondsOf(() => {
    quality = compareWithOptimal(trustSized);
  });

  const windowEnd = WALKOUT_ENDS_AT + 43 * DAY_MS;
  const freeCapacityInWindow = input.slots.reduce(
    (sum, slot) =>
      slot.startsAt >= WALKOUT_ENDS_AT && slot.startsAt < windowEnd ? sum + Math.max(0, slot.capacity - slot.booked) : sum,
    0,
  );
  return {
    trusts: 20,
    appointments: input.appointments.length,
    outpatientAppointments: input.appointments.filter((appointment) => appointment.kind === 'outpatient').length,
    theatreAppointments: input.appointments.filter((appointment) => appointment.kind === 'theatre').length,
    slots: input.slots.length,
    freeCapacityInWindow,
    blackouts: input.blackouts?.length ?? 0,
    buildInputMs: round(buildInputMs),
    runs,
    sortPassMsMedian: round(sortPassMsMedian),
    runsBySiteRule,
    trustSizedQuality: {
      ...quality,
      ratio: round(quality.ratio, 4),
      appointments: trustSized.appointments.length,
      slots: trustSized.slots.length,
      solveMs: round(solveMs),
    },
  };
}

if (require.main === module) {
  console.log(JSON.stringify(runRebookingEngineBench(), null, 2));
}
