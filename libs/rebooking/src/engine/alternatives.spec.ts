import { assignRebookings } from './assign';
import { WALKOUT_ENDS_AT, buildSyntheticRebookingInput, londonTime, makeAppointment, makeSlotOnDay, nationalWalkoutShape } from '@app/rebooking/testing';
import type { RebookingAppointment, RebookingInput, RebookingResult, RebookingSlot } from './engine.types';

function run(appointments: RebookingAppointment[], slots: RebookingSlot[], extra: Partial<RebookingInput> = {}): RebookingResult {
  return assignRebookings({ appointments, slots, walkoutEndsAt: WALKOUT_ENDS_AT, alternatives: 2, ...extra });
}
const offerOf = (result: RebookingResult, id: string) => {
  const placement = result.placements.find((p) => p.appointmentId === id);
  if (!placement) throw new Error(`${id} not placed`);
  return [placement.slotId, ...placement.alternatives.map((a) => a.slotId)];
};

describe('alternatives held beside the best place (docs/domain.md "Choice and holds")', () => {
  it('holds the next two dates by the same rule as the best one, each on another day', () => {
    const slots = [makeSlotOnDay('d1-9am', 1), makeSlotOnDay('d1-10am', 1, { timeOfDay: '10:00' }), makeSlotOnDay('d2', 2), makeSlotOnDay('d5', 5), makeSlotOnDay('d6', 6)];
    const result = run([makeAppointment({ id: 'a' })], slots);
    expect(offerOf(result, 'a')).toEqual(['d1-9am', 'd2', 'd5']);
    expect(result.placements[0].alternatives.map((a) => a.daysAfterWalkout)).toEqual([2, 5]);
    expect(result.summary.alternativesHeld).toBe(2);
  });

  it('never takes a best place from a less urgent patient to hold an alternative for a more urgent one', () => {
    const slots = [makeSlotOnDay('d1', 1), makeSlotOnDay('d2', 2), makeSlotOnDay('d3', 3)];
    const result = run([makeAppointment({ id: 'urgent', urgency: 'urgent' }), makeAppointment({ id: 'routine' })], slots);
    expect(offerOf(result, 'urgent')).toEqual(['d1', 'd3']);
    expect(offerOf(result, 'routine')).toEqual(['d2']);
  });

  it('gives the spare places to the most urgent patients first', () => {
    const slots = [makeSlotOnDay('d1', 1, { capacity: 2 }), makeSlotOnDay('d2', 2), makeSlotOnDay('d3', 3)];
    const result = run([makeAppointment({ id: 'routine' }), makeAppointment({ id: 'urgent', urgency: 'urgent' })], slots);
    expect(offerOf(result, 'urgent')).toEqual(['d1', 'd2', 'd3']);
    expect(offerOf(result, 'routine')).toEqual(['d1']);
  });

  it('keeps alternatives to the same specialty, site rule, horizon and outside other walkouts', () => {
    const nextWalkout = { startsAt: londonTime('2026-06-13T07:00'), endsAt: londonTime('2026-06-14T07:00'), siteIds: null };
    const slots = [
      makeSlotOnDay('d1', 1),
      makeSlotOnDay('d2-dermatology', 2, { specialty: 'dermatology' }),
      makeSlotOnDay('d2-other-site', 2, { siteId: 'RQM02' }),
      makeSlotOnDay('d3-in-walkout', 3),
      makeSlotOnDay('d4', 4),
      makeSlotOnDay('d50-past-horizon', 50),
    ];
    const result = run([makeAppointment({ id: 'a' })], slots, { blackouts: [nextWalkout] });
    expect(offerOf(result, 'a')).toEqual(['d1', 'd4']);
  });

  it('never holds a date that clashes with the patient’s other bookings', () => {
    const d2 = makeSlotOnDay('d2', 2);
    const result = run([makeAppointment({ id: 'a' })], [makeSlotOnDay('d1', 1), d2, makeSlotOnDay('d3', 3), makeSlotOnDay('d4', 4)], {
      patientBusy: [{ patientId: 'patient-of-a', startsAt: d2.startsAt, endsAt: d2.endsAt }],
    });
    expect(offerOf(result, 'a')).toEqual(['d1', 'd3', 'd4']);
  });

  it('holds none by default, and refuses more than two', () => {
    const slots = [makeSlotOnDay('d1', 1), makeSlotOnDay('d2', 2)];
    expect(run([makeAppointment({ id: 'a' })], slots, { alternatives: undefined }).placements[0].alternatives).toEqual([]);
    expect(() => run([makeAppointment({ id: 'a' })], slots, { alternatives: 3 })).toThrow(RangeError);
  });

  it('leaves the best places exactly as without alternatives, on a tenth of a national walkout', () => {
    const shape = { ...nationalWalkoutShape(7, WALKOUT_ENDS_AT), outpatientAppointments: 11_000, theatreAppointments: 1_250, outpatientSlots: 18_000, theatreSlots: 2_000 };
    const input = buildSyntheticRebookingInput(shape);
    const without = assignRebookings(input);
    const withChoice = assignRebookings({ ...input, alternatives: 2 });
    expect(withChoice.placements.map((p) => [p.appointmentId, p.slotId])).toEqual(without.placements.map((p) => [p.appointmentId, p.slotId]));
    expect(withChoice.unplaced).toEqual(without.unplaced);
    // No slot is held beyond its room, counting best places and alternatives together.
    const used = new Map<string, number>();
    for (const p of withChoice.placements) for (const slotId of [p.slotId, ...p.alternatives.map((a) => a.slotId)]) used.set(slotId, (used.get(slotId) ?? 0) + 1);
    const overfull = input.slots.filter((slot) => (used.get(slot.id) ?? 0) > slot.capacity - slot.booked);
    expect(overfull).toEqual([]);
    expect(withChoice.summary.alternativesHeld).toBeGreaterThan(0);
    // Each offer's dates are on different days.
    for (const p of withChoice.placements) {
      const days = [p.daysAfterWalkout, ...p.alternatives.map((a) => a.daysAfterWalkout)];
      expect(new Set(days).size).toBe(days.length);
    }
  });
});
