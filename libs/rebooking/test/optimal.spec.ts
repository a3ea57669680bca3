import { DateTime } from 'luxon';
import { WALKOUT_ENDS_AT, makeAppointment, makeSlot, makeSlotOnDay } from './engine-test-factories';
import type { OutpatientUrgency, RebookingAppointment, RebookingInput, RebookingSlot } from '../src/engine/engine.types';
import { DELAY_WEIGHT_BY_TIER, OPTIMAL_SOLVER_LIMITS, solveOptimalRebooking } from './optimal';
import { clinicalTier } from '../src/engine/priority';
import { seededRandom } from '@app/core/testing';

const HORIZON_DAYS = 42;
const londonDate = (utcMs: number) => DateTime.fromMillis(utcMs, { zone: 'Europe/London' }).startOf('day');
const daysAfterWalkout = (utcMs: number) =>
  Math.round(londonDate(utcMs).diff(londonDate(WALKOUT_ENDS_AT), 'days').days);

/** Tries every assignment: the most placements, then the least weighted delay (unplaced = horizon + 1). */
function bruteForce(input: RebookingInput): { placed: number; totalCost: number } {
  const { appointments, slots } = input;
  const free = slots.map((slot) => Math.max(0, slot.capacity - slot.booked));
  const slotDays = slots.map((slot) => daysAfterWalkout(slot.startsAt));
  const usable = (appointment: RebookingAppointment, slot: RebookingSlot, slotIndex: number) =>
    slot.specialty === appointment.specialty &&
    slot.trustId === appointment.trustId &&
    (input.sameSiteOnly === false || slot.siteId === appointment.siteId) &&
    slot.startsAt >= input.walkoutEndsAt &&
    slotDays[slotIndex] <= HORIZON_DAYS;
  const weight = (appointment: RebookingAppointment) => DELAY_WEIGHT_BY_TIER[clinicalTier(appointment)];
  let best = { placed: -1, totalCost: Number.POSITIVE_INFINITY };
  const explore = (index: number, placed: number, cost: number): void => {
    if (index === appointments.length) {
      if (placed > best.placed || (placed === best.placed && cost < best.totalCost)) best = { placed, totalCost: cost };
      return;
    }
    const appointment = appointments[index];
    explore(index + 1, placed, cost + weight(appointment) * (HORIZON_DAYS + 1));
    slots.forEach((slot, slotIndex) => {
      if (free[slotIndex] === 0 || !usable(appointment, slot, slotIndex)) return;
      free[slotIndex] -= 1;
      explore(index + 1, placed + 1, cost + weight(appointment) * slotDays[slotIndex]);
      free[slotIndex] += 1;
    });
  };
  explore(0, 0, 0);
  return best;
}

function tinyRandomInstance(seed: number): RebookingInput {
  const random = seededRandom(seed);
  const urgencies: OutpatientUrgency[] = ['two-week-wait', 'urgent', 'routine'];
  const sites = ['RQM01', 'RQM02'];
  const appointments = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, index) =>
    makeAppointment({
      id: `a${index}`,
      siteId: sites[Math.floor(random() * 2)],
      urgency: urgencies[Math.floor(random() * 3)],
    }),
  );
  const slots = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, index) =>
    makeSlotOnDay(`s${index}`, Math.floor(random() * 48) - 2, {
      siteId: sites[Math.floor(random() * 2)],
      capacity: 1 + Math.floor(random() * 2),
      booked: Math.floor(random() * 2),
    }),
  );
  return { appointments, slots, walkoutEndsAt: WALKOUT_ENDS_AT, sameSiteOnly: random() < 0.5 };
}

describe('solveOptimalRebooking', () => {
  it('matches an exhaustive search on 200 tiny random instances', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const input = tinyRandomInstance(seed);
      const optimum = solveOptimalRebooking(input);
      expect({ seed, placed: optimum.placed, totalCost: optimum.totalCost }).toEqual({ seed, ...bruteForce(input) });
    }
  });

  it('places as many as possible even when that costs more delay than leaving one out', () => {
    // Only the day-1 slot is long enough for the routine patient; the urgent one fits either. Cheapest
    // would be urgent on day 1 and routine left out (4 + 43); placing both costs 160 + 1 but places more.
    const input: RebookingInput = {
      appointments: [
        makeAppointment({ id: 'urgent-short', urgency: 'urgent', durationMinutes: 15 }),
        makeAppointment({ id: 'routine-long', durationMinutes: 30 }),
      ],
      slots: [makeSlotOnDay('day-1-long', 1, { lengthMinutes: 30 }), makeSlotOnDay('day-40-short', 40)],
      walkoutEndsAt: WALKOUT_ENDS_AT,
    };
    const optimum = solveOptimalRebooking(input);
    expect(optimum.placed).toBe(2);
    expect(optimum.assignment).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ appointmentId: 'urgent-short', slotId: 'day-40-short', cost: 160 }),
        expect.objectContaining({ appointmentId: 'routine-long', slotId: 'day-1-long', cost: 1 }),
      ]),
    );
    expect(optimum.totalCost).toBe(161);
  });

  it('leaves out the least urgent appointment when there is not room for everyone', () => {
    const optimum = solveOptimalRebooking({
      appointments: [makeAppointment({ id: 'routine' }), makeAppointment({ id: 'two-week-wait', urgency: 'two-week-wait' })],
      slots: [makeSlotOnDay('only', 10)],
      walkoutEndsAt: WALKOUT_ENDS_AT,
    });
    expect(optimum.assignment.map((placement) => placement.appointmentId)).toEqual(['two-week-wait']);
    expect(optimum.totalCost).toBe(8 * 10 + 1 * (HORIZON_DAYS + 1));
  });

  it('uses only slots the greedy engine could use: after the walkout, outside the series, with room', () => {
    const optimum = solveOptimalRebooking({
      appointments: [makeAppointment({ id: 'patient' })],
      slots: [
        makeSlot({ id: 'before-end', startsAt: WALKOUT_ENDS_AT - 3_600_000 }),
        makeSlotOnDay('in-next-walkout', 5),
        makeSlotOnDay('full', 6, { booked: 1 }),
        makeSlotOnDay('other-specialty', 7, { specialty: 'dermatology' }),
      ],
      walkoutEndsAt: WALKOUT_ENDS_AT,
      blackouts: [{ startsAt: WALKOUT_ENDS_AT + 4 * 86_400_000, endsAt: WALKOUT_ENDS_AT + 6 * 86_400_000, siteIds: null }],
    });
    expect(optimum.placed).toBe(0);
  });

  it('with cross-site allowed uses other sites of the trust but never another trust', () => {
    const optimum = solveOptimalRebooking({
      appointments: [makeAppointment({ id: 'a', siteId: 'RQM01' }), makeAppointment({ id: 'b', siteId: 'RQM01' })],
      slots: [
        makeSlotOnDay('other-trust', 1, { trustId: 'RAL', siteId: 'RAL01' }),
        makeSlotOnDay('other-site', 2, { siteId: 'RQM02' }),
      ],
      walkoutEndsAt: WALKOUT_ENDS_AT,
      sameSiteOnly: false,
    });
    expect(optimum.assignment.map((placement) => placement.slotId)).toEqual(['other-site']);
  });

  it('refuses instances beyond 300 appointments or 300 slots', () => {
    const tooMany = Array.from({ length: OPTIMAL_SOLVER_LIMITS.slots + 1 }, (_, index) => makeSlotOnDay(`s${index}`, 1));
    expect(() =>
      solveOptimalRebooking({ appointments: [makeAppointment({ id: 'a' })], slots: tooMany, walkoutEndsAt: WALKOUT_ENDS_AT }),
    ).toThrow(RangeError);
  });
});
