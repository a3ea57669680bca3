import { seededRandom } from '@app/core/testing';
import { assignRebookings } from './assign';
import {
  WALKOUT_ENDS_AT,
  londonTime,
  londonTimeDaysAfter,
  makeAppointment,
  makeSlot,
  makeSlotOnDay,
  buildSyntheticRebookingInput,
} from '@app/rebooking/testing';
import type {
  RebookingAppointment,
  RebookingInput,
  RebookingResult,
  RebookingSlot,
  UnplacedReason,
} from './engine.types';
import { compareRebookingPriority } from './priority';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function run(
  appointments: RebookingAppointment[],
  slots: RebookingSlot[],
  extra: Partial<RebookingInput> = {},
): RebookingResult {
  return assignRebookings({ appointments, slots, walkoutEndsAt: WALKOUT_ENDS_AT, ...extra });
}
const slotOf = (result: RebookingResult, appointmentId: string): string | undefined =>
  result.placements.find((placement) => placement.appointmentId === appointmentId)?.slotId;
const placementOf = (result: RebookingResult, appointmentId: string) => {
  const placement = result.placements.find((candidate) => candidate.appointmentId === appointmentId);
  if (!placement) throw new Error(`${appointmentId} was not placed: ${JSON.stringify(result.unplaced)}`);
  return placement;
};
const reasonOf = (result: RebookingResult, appointmentId: string): UnplacedReason | undefined =>
  result.unplaced.find((entry) => entry.appointmentId === appointmentId)?.reason;

describe('assignRebookings', () => {
  describe('rebooking order', () => {
    it('gives the only theatre slot to the P2 operation ahead of a P4 one that has waited longer', () => {
      const result = run(
        [
          makeAppointment({ id: 'p4', kind: 'theatre', surgicalPriority: 'P4', referralDate: londonTime('2024-01-01T00:00') }),
          makeAppointment({ id: 'p2', kind: 'theatre', surgicalPriority: 'P2', referralDate: londonTime('2026-05-01T00:00') }),
        ],
        [makeSlotOnDay('theatre-list', 3, { kind: 'theatre' })],
      );
      expect(slotOf(result, 'p2')).toBe('theatre-list');
      expect(reasonOf(result, 'p4')).toBe('ALL_SLOTS_FULL');
    });

    it('books two-week-wait, then urgent, then routine referrals into the earliest clinic slots', () => {
      const result = run(
        [
          makeAppointment({ id: 'routine', urgency: 'routine' }),
          makeAppointment({ id: 'urgent', urgency: 'urgent' }),
          makeAppointment({ id: 'two-week-wait', urgency: 'two-week-wait' }),
        ],
        [makeSlotOnDay('day-3', 3), makeSlotOnDay('day-1', 1), makeSlotOnDay('day-2', 2)],
      );
      expect([slotOf(result, 'two-week-wait'), slotOf(result, 'urgent'), slotOf(result, 'routine')]).toEqual([
        'day-1',
        'day-2',
        'day-3',
      ]);
    });

    it('gives the earlier slot to the patient who has waited longest when priority is equal', () => {
      const result = run(
        [
          makeAppointment({ id: 'referred-in-march', referralDate: londonTime('2026-03-01T00:00') }),
          makeAppointment({ id: 'referred-last-year', referralDate: londonTime('2025-06-01T00:00') }),
        ],
        [makeSlotOnDay('day-1', 1), makeSlotOnDay('day-2', 2)],
      );
      expect(slotOf(result, 'referred-last-year')).toBe('day-1');
      expect(slotOf(result, 'referred-in-march')).toBe('day-2');
    });

    it('gives the earlier slot to the patient cancelled more often when priority and wait are equal', () => {
      const result = run(
        [
          makeAppointment({ id: 'first-cancellation', cancellationCount: 1 }),
          makeAppointment({ id: 'third-cancellation', cancellationCount: 3 }),
          makeAppointment({ id: 'second-cancellation', cancellationCount: 2 }),
        ],
        [makeSlotOnDay('day-1', 1), makeSlotOnDay('day-2', 2), makeSlotOnDay('day-3', 3)],
      );
      expect(slotOf(result, 'third-cancellation')).toBe('day-1');
      expect(slotOf(result, 'second-cancellation')).toBe('day-2');
      expect(slotOf(result, 'first-cancellation')).toBe('day-3');
    });

    it('breaks complete ties by appointment id, whatever order the input comes in', () => {
      const appointments = ['c', 'a', 'b'].map((id) => makeAppointment({ id }));
      const slots = [makeSlotOnDay('day-1', 1), makeSlotOnDay('day-2', 2), makeSlotOnDay('day-3', 3)];
      for (const order of [appointments, [...appointments].reverse()]) {
        const result = run(order, [...slots].reverse());
        expect(['a', 'b', 'c'].map((id) => slotOf(result, id))).toEqual(['day-1', 'day-2', 'day-3']);
      }
    });

    it('returns the same result however the input is shuffled', () => {
      const input = buildSyntheticRebookingInput({
        seed: 11,
        trusts: 2,
        sitesPerTrust: 2,
        outpatientAppointments: 800,
        theatreAppointments: 200,
        outpatientSlots: 1_000,
        theatreSlots: 200,
        walkoutEndsAt: WALKOUT_ENDS_AT,
        sameSiteOnly: false,
      });
      const random = seededRandom(5);
      const shuffle = <T>(values: readonly T[]): T[] => {
        const copy = [...values];
        for (let index = copy.length - 1; index > 0; index--) {
          const other = Math.floor(random() * (index + 1));
          [copy[index], copy[other]] = [copy[other], copy[index]];
        }
        return copy;
      };
      const original = assignRebookings(input);
      const shuffled = assignRebookings({ ...input, appointments: shuffle(input.appointments), slots: shuffle(input.slots) });
      expect(shuffled).toEqual(original);
    });
  });

  describe('the walkout and the rest of its series', () => {
    it('never uses a slot starting before the walkout ends, even one running past its end', () => {
      const result = run(
        [makeAppointment({ id: 'first' }), makeAppointment({ id: 'second' })],
        [
          makeSlot({ id: 'starts-a-minute-early', startsAt: WALKOUT_ENDS_AT - 60_000, endsAt: WALKOUT_ENDS_AT + 14 * 60_000 }),
          makeSlot({ id: 'starts-at-the-end', startsAt: WALKOUT_ENDS_AT }),
          makeSlotOnDay('next-day', 1),
        ],
      );
      expect(slotOf(result, 'first')).toBe('starts-at-the-end');
      expect(slotOf(result, 'second')).toBe('next-day');
      expect(placementOf(result, 'first').daysAfterWalkout).toBe(0);
    });

    it('skips slots inside the next walkout of the series and books the first slot after it', () => {
      const nextWalkout = {
        startsAt: londonTimeDaysAfter(WALKOUT_ENDS_AT, 5, '07:00'),
        endsAt: londonTimeDaysAfter(WALKOUT_ENDS_AT, 7, '07:00'),
        siteIds: null,
      };
      const result = run(
        [makeAppointment({ id: 'patient' })],
        [
          makeSlotOnDay('during-next-walkout-day-5', 5),
          makeSlotOnDay('during-next-walkout-day-6', 6, { timeOfDay: '16:00' }),
          makeSlotOnDay('after-next-walkout', 7, { timeOfDay: '07:00' }),
        ],
        { blackouts: [nextWalkout] },
      );
      expect(slotOf(result, 'patient')).toBe('after-next-walkout');
    });

    it('uses a slot ending exactly when the next walkout starts, but not one overlapping it by a minute', () => {
      const nextWalkoutStartsAt = londonTimeDaysAfter(WALKOUT_ENDS_AT, 5, '07:00');
      const blackouts = [{ startsAt: nextWalkoutStartsAt, endsAt: nextWalkoutStartsAt + 2 * DAY, siteIds: null }];
      const result = run(
        [makeAppointment({ id: 'urgent', urgency: 'urgent' }), makeAppointment({ id: 'routine' })],
        [
          makeSlot({
            id: 'overlaps-by-a-minute',
            startsAt: nextWalkoutStartsAt - 14 * 60_000,
            endsAt: nextWalkoutStartsAt + 60_000,
          }),
          makeSlot({ id: 'ends-as-it-starts', startsAt: nextWalkoutStartsAt - 15 * 60_000, endsAt: nextWalkoutStartsAt }),
        ],
        { blackouts },
      );
      expect(slotOf(result, 'urgent')).toBe('ends-as-it-starts');
      expect(reasonOf(result, 'routine')).toBe('ALL_SLOTS_FULL');
    });

    it('skips the other walkout only at the sites it covers', () => {
      const nextWalkout = {
        startsAt: londonTimeDaysAfter(WALKOUT_ENDS_AT, 2, '07:00'),
        endsAt: londonTimeDaysAfter(WALKOUT_ENDS_AT, 3, '07:00'),
        siteIds: ['RQM02'],
      };
      const result = run(
        [makeAppointment({ id: 'at-chelsea', siteId: 'RQM01' }), makeAppointment({ id: 'at-west-middlesex', siteId: 'RQM02' })],
        [
          makeSlotOnDay('chelsea-day-2', 2, { siteId: 'RQM01' }),
          makeSlotOnDay('west-middlesex-day-2', 2, { siteId: 'RQM02' }),
          makeSlotOnDay('west-middlesex-day-4', 4, { siteId: 'RQM02' }),
        ],
        { blackouts: [nextWalkout] },
      );
      expect(slotOf(result, 'at-chelsea')).toBe('chelsea-day-2');
      expect(slotOf(result, 'at-west-middlesex')).toBe('west-middlesex-day-4');
    });

    it('lets a walkout of other staff groups block only the appointments it concerns', () => {
      const consultantsWalkout = {
        startsAt: londonTimeDaysAfter(WALKOUT_ENDS_AT, 1, '08:00'),
        endsAt: londonTimeDaysAfter(WALKOUT_ENDS_AT, 1, '17:00'),
        siteIds: null,
        staffGroups: ['consultants'],
      };
      const slots = [makeSlotOnDay('day-1', 1), makeSlotOnDay('day-2', 2)];
      const placedDay = (staffGroupsAffected: string[] | null) =>
        slotOf(
          run([makeAppointment({ id: 'patient', staffGroupsAffected })], slots, { blackouts: [consultantsWalkout] }),
          'patient',
        );
      expect(placedDay(['resident-doctors'])).toBe('day-1');
      expect(placedDay(['resident-doctors', 'consultants'])).toBe('day-2');
      // Groups unknown: assume the walkout concerns the appointment.
      expect(placedDay(null)).toBe('day-2');
    });

    it('reports ALL_SLOTS_IN_OTHER_WALKOUTS when every slot in the window is inside another walkout', () => {
      const result = run([makeAppointment({ id: 'patient' })], [makeSlotOnDay('day-3', 3)], {
        blackouts: [{ startsAt: WALKOUT_ENDS_AT + DAY, endsAt: WALKOUT_ENDS_AT + 5 * DAY, siteIds: ['RQM01'] }],
      });
      expect(reasonOf(result, 'patient')).toBe('ALL_SLOTS_IN_OTHER_WALKOUTS');
    });
  });

  describe('horizon', () => {
    it('books up to the last day of the 42-day horizon and nothing after it', () => {
      const lastDay = run([makeAppointment({ id: 'patient' })], [makeSlotOnDay('day-42-late', 42, { timeOfDay: '23:30' })]);
      expect(placementOf(lastDay, 'patient').daysAfterWalkout).toBe(42);
      const afterIt = run([makeAppointment({ id: 'patient' })], [makeSlotOnDay('day-43-early', 43, { timeOfDay: '00:15' })]);
      expect(reasonOf(afterIt, 'patient')).toBe('NO_SLOT_IN_HORIZON');
    });

    it('follows a custom horizon', () => {
      const result = run([makeAppointment({ id: 'patient' })], [makeSlotOnDay('day-11', 11)], { horizonDays: 10 });
      expect(reasonOf(result, 'patient')).toBe('NO_SLOT_IN_HORIZON');
    });

    it('reports NO_SLOT_IN_HORIZON when the only slots were before the walkout ended', () => {
      const result = run([makeAppointment({ id: 'patient' })], [makeSlot({ id: 'too-early', startsAt: WALKOUT_ENDS_AT - DAY })]);
      expect(reasonOf(result, 'patient')).toBe('NO_SLOT_IN_HORIZON');
    });
  });

  describe('capacity', () => {
    it('fills a slot of capacity 3 with one already booked with exactly two more', () => {
      const result = run(
        ['a', 'b', 'c'].map((id) => makeAppointment({ id })),
        [makeSlotOnDay('group-clinic', 1, { capacity: 3, booked: 1 })],
      );
      expect(result.placements.map((placement) => placement.slotId)).toEqual(['group-clinic', 'group-clinic']);
      expect(reasonOf(result, 'c')).toBe('ALL_SLOTS_FULL');
    });

    it('never puts a second appointment into a slot of capacity 1', () => {
      const result = run([makeAppointment({ id: 'a' }), makeAppointment({ id: 'b' })], [makeSlotOnDay('single', 1)]);
      expect(result.summary.placed).toBe(1);
      expect(reasonOf(result, 'b')).toBe('ALL_SLOTS_FULL');
    });

    it('treats a slot already booked beyond its capacity as full', () => {
      const result = run([makeAppointment({ id: 'a' })], [makeSlotOnDay('overbooked', 1, { capacity: 1, booked: 2 })]);
      expect(reasonOf(result, 'a')).toBe('ALL_SLOTS_FULL');
    });
  });

  describe("the patient's other bookings", () => {
    it('never gives a patient a slot overlapping a booking they already have', () => {
      const busyFrom = londonTimeDaysAfter(WALKOUT_ENDS_AT, 1, '08:00');
      const result = run(
        [makeAppointment({ id: 'appointment', patientId: 'patient-1' })],
        [makeSlotOnDay('clashes', 1, { timeOfDay: '09:45' }), makeSlotOnDay('right-after', 1, { timeOfDay: '10:00' })],
        { patientBusy: [{ patientId: 'patient-1', startsAt: busyFrom, endsAt: busyFrom + 2 * HOUR }] },
      );
      expect(slotOf(result, 'appointment')).toBe('right-after');
    });

    it('never gives one patient two overlapping slots in the same run', () => {
      const result = run(
        [
          makeAppointment({ id: 'cardiology', patientId: 'patient-1', urgency: 'urgent' }),
          makeAppointment({ id: 'dermatology', patientId: 'patient-1', specialty: 'dermatology' }),
        ],
        [
          makeSlotOnDay('cardiology-day-1', 1),
          makeSlotOnDay('dermatology-day-1', 1, { specialty: 'dermatology', timeOfDay: '09:10' }),
          makeSlotOnDay('dermatology-day-2', 2, { specialty: 'dermatology' }),
        ],
      );
      expect(slotOf(result, 'cardiology')).toBe('cardiology-day-1');
      expect(slotOf(result, 'dermatology')).toBe('dermatology-day-2');
    });

    it('reports PATIENT_BUSY_AT_EVERY_FREE_SLOT when each free slot clashes with the patient', () => {
      const slot = makeSlotOnDay('only', 1);
      const result = run([makeAppointment({ id: 'appointment', patientId: 'patient-1' })], [slot], {
        patientBusy: [{ patientId: 'patient-1', startsAt: slot.startsAt, endsAt: slot.endsAt }],
      });
      expect(reasonOf(result, 'appointment')).toBe('PATIENT_BUSY_AT_EVERY_FREE_SLOT');
    });
  });

  describe('clinician continuity for follow-ups', () => {
    const followUp = makeAppointment({ id: 'follow-up', appointmentKind: 'outpatient-follow-up', clinicianStaffNumber: 'C200' });
    const withClinician = (id: string, days: number, clinicianStaffNumber: string) =>
      makeSlotOnDay(id, days, { clinicianStaffNumber });

    it('keeps a follow-up with its own clinician within the 14-day target though another clinician is sooner', () => {
      const result = run([followUp], [withClinician('other-day-1', 1, 'C100'), withClinician('own-day-10', 10, 'C200')]);
      expect(slotOf(result, 'follow-up')).toBe('own-day-10');
      expect(placementOf(result, 'follow-up').sameClinician).toBe(true);
    });

    it('gives a follow-up the earliest slot when its clinician has nothing within the target', () => {
      const result = run([followUp], [withClinician('other-day-1', 1, 'C100'), withClinician('own-day-20', 20, 'C200')]);
      expect(slotOf(result, 'follow-up')).toBe('other-day-1');
      expect(placementOf(result, 'follow-up').sameClinician).toBe(false);
    });

    it('lets a follow-up keep its clinician when nothing meets the target and both are equally soon', () => {
      const result = run([followUp], [
        makeSlotOnDay('a-other-day-20', 20, { clinicianStaffNumber: 'C100' }),
        makeSlotOnDay('b-own-day-20', 20, { clinicianStaffNumber: 'C200' }),
      ]);
      expect(slotOf(result, 'follow-up')).toBe('b-own-day-20');
    });

    it('gives a new-patient appointment the earliest slot whoever runs the clinic', () => {
      const result = run(
        [makeAppointment({ id: 'new', appointmentKind: 'outpatient-new', clinicianStaffNumber: 'C200' })],
        [withClinician('other-day-1', 1, 'C100'), withClinician('own-day-10', 10, 'C200')],
      );
      expect(slotOf(result, 'new')).toBe('other-day-1');
    });
  });

  describe('sites', () => {
    it("keeps patients at their own site by default and says when another site had room", () => {
      const result = run(
        [makeAppointment({ id: 'patient', siteId: 'RQM01' })],
        [makeSlotOnDay('west-middlesex', 1, { siteId: 'RQM02' })],
      );
      expect(result.placements).toEqual([]);
      expect(reasonOf(result, 'patient')).toBe('SAME_SITE_ONLY');
    });

    it('with cross-site allowed, prefers the own site within the target over a sooner slot elsewhere', () => {
      const result = run(
        [makeAppointment({ id: 'patient', siteId: 'RQM01' })],
        [makeSlotOnDay('other-site-day-1', 1, { siteId: 'RQM02' }), makeSlotOnDay('own-site-day-12', 12, { siteId: 'RQM01' })],
        { sameSiteOnly: false },
      );
      expect(slotOf(result, 'patient')).toBe('own-site-day-12');
      expect(placementOf(result, 'patient').sameSite).toBe(true);
    });

    it("with cross-site allowed, moves to the trust's other site when the own site cannot meet the target", () => {
      const result = run(
        [makeAppointment({ id: 'patient', siteId: 'RQM01' })],
        [makeSlotOnDay('other-site-day-5', 5, { siteId: 'RQM02' }), makeSlotOnDay('own-site-day-20', 20, { siteId: 'RQM01' })],
        { sameSiteOnly: false },
      );
      expect(slotOf(result, 'patient')).toBe('other-site-day-5');
      expect(placementOf(result, 'patient').sameSite).toBe(false);
    });

    it('with cross-site allowed and no site meeting the target, takes the earliest slot in the trust', () => {
      const result = run(
        [makeAppointment({ id: 'patient', siteId: 'RQM01' })],
        [makeSlotOnDay('own-site-day-20', 20, { siteId: 'RQM01' }), makeSlotOnDay('other-site-day-16', 16, { siteId: 'RQM02' })],
        { sameSiteOnly: false },
      );
      expect(slotOf(result, 'patient')).toBe('other-site-day-16');
    });

    it('prefers the own site within the target over keeping a follow-up with its clinician elsewhere', () => {
      const result = run(
        [
          makeAppointment({
            id: 'follow-up',
            siteId: 'RQM01',
            appointmentKind: 'outpatient-follow-up',
            clinicianStaffNumber: 'C200',
          }),
        ],
        [
          makeSlotOnDay('own-clinician-other-site-day-2', 2, { siteId: 'RQM02', clinicianStaffNumber: 'C200' }),
          makeSlotOnDay('other-clinician-own-site-day-9', 9, { siteId: 'RQM01', clinicianStaffNumber: 'C100' }),
        ],
        { sameSiteOnly: false },
      );
      expect(slotOf(result, 'follow-up')).toBe('other-clinician-own-site-day-9');
    });

    it('never moves a patient to another trust, even with cross-site allowed', () => {
      const result = run(
        [makeAppointment({ id: 'patient', trustId: 'RQM', siteId: 'RQM01' })],
        [makeSlotOnDay('royal-free', 1, { trustId: 'RAL', siteId: 'RAL01' })],
        { sameSiteOnly: false },
      );
      expect(reasonOf(result, 'patient')).toBe('NO_SLOT_SAME_SPECIALTY');
    });
  });

  describe('suitability of a slot', () => {
    it('only books slots of the same specialty and kind', () => {
      const result = run(
        [makeAppointment({ id: 'cardiology-clinic', specialty: 'cardiology', kind: 'outpatient' })],
        [
          makeSlotOnDay('dermatology-clinic', 1, { specialty: 'dermatology' }),
          makeSlotOnDay('cardiology-theatre', 1, { kind: 'theatre' }),
        ],
      );
      expect(reasonOf(result, 'cardiology-clinic')).toBe('NO_SLOT_SAME_SPECIALTY');
    });

    it('skips slots shorter than the appointment needs', () => {
      const result = run(
        [makeAppointment({ id: 'long', durationMinutes: 30 })],
        [makeSlotOnDay('fifteen-minutes', 1), makeSlotOnDay('thirty-minutes', 2, { lengthMinutes: 30 })],
      );
      expect(slotOf(result, 'long')).toBe('thirty-minutes');
    });

    it('reports NO_SLOT_LONG_ENOUGH when every usable slot is too short', () => {
      const result = run([makeAppointment({ id: 'long', durationMinutes: 45 })], [makeSlotOnDay('fifteen-minutes', 1)]);
      expect(reasonOf(result, 'long')).toBe('NO_SLOT_LONG_ENOUGH');
    });

    it('at equal start, gives a short appointment the shorter slot and leaves the longer one to whoever needs it', () => {
      const startsAt = londonTimeDaysAfter(WALKOUT_ENDS_AT, 1, '09:00');
      const result = run(
        [
          makeAppointment({ id: 'urgent-short', urgency: 'urgent', durationMinutes: 15 }),
          makeAppointment({ id: 'routine-long', durationMinutes: 30 }),
        ],
        [
          makeSlot({ id: 'a-thirty', startsAt, endsAt: startsAt + 30 * 60_000 }),
          makeSlot({ id: 'b-fifteen', startsAt, endsAt: startsAt + 15 * 60_000 }),
        ],
      );
      expect(slotOf(result, 'urgent-short')).toBe('b-fifteen');
      expect(slotOf(result, 'routine-long')).toBe('a-thirty');
    });
  });

  describe('target, breach and due-by flags', () => {
    it('marks day 14 as within the target and day 15 as outside it', () => {
      const result = run(
        [makeAppointment({ id: 'urgent', urgency: 'urgent' }), makeAppointment({ id: 'routine' })],
        [makeSlotOnDay('day-14', 14, { timeOfDay: '23:45' }), makeSlotOnDay('day-15', 15, { timeOfDay: '00:00' })],
      );
      expect(placementOf(result, 'urgent')).toMatchObject({ slotId: 'day-14', daysAfterWalkout: 14, within14Days: true });
      expect(placementOf(result, 'routine')).toMatchObject({ slotId: 'day-15', daysAfterWalkout: 15, within14Days: false });
    });

    it('marks day 29 as a 28-day breach but not day 28', () => {
      const result = run(
        [makeAppointment({ id: 'urgent', urgency: 'urgent' }), makeAppointment({ id: 'routine' })],
        [makeSlotOnDay('day-28', 28), makeSlotOnDay('day-29', 29)],
      );
      expect(placementOf(result, 'urgent')).toMatchObject({ daysAfterWalkout: 28, breach28Day: false });
      expect(placementOf(result, 'routine')).toMatchObject({ daysAfterWalkout: 29, breach28Day: true });
    });

    it('follows custom target and breach limits', () => {
      const result = run([makeAppointment({ id: 'patient' })], [makeSlotOnDay('day-8', 8)], { targetDays: 7, breachDays: 7 });
      expect(placementOf(result, 'patient')).toMatchObject({ within14Days: false, breach28Day: true });
    });

    it('summarises placements within target, breaches, total delay and unplaced reasons', () => {
      const result = run(
        [
          makeAppointment({ id: 'tww', urgency: 'two-week-wait' }),
          makeAppointment({ id: 'urgent', urgency: 'urgent' }),
          makeAppointment({ id: 'routine' }),
          makeAppointment({ id: 'dermatology', specialty: 'dermatology' }),
        ],
        [makeSlotOnDay('day-3', 3), makeSlotOnDay('day-20', 20), makeSlotOnDay('day-30', 30)],
      );
      expect(result.summary).toEqual({
        placed: 3,
        unplaced: 1,
        within14Days: 1,
        breaches28Day: 1,
        totalDelayDays: 53,
        alternativesHeld: 0,
        unplacedByReason: {
          SAME_SITE_ONLY: 0,
          NO_SLOT_SAME_SPECIALTY: 1,
          NO_SLOT_IN_HORIZON: 0,
          ALL_SLOTS_IN_OTHER_WALKOUTS: 0,
          NO_SLOT_LONG_ENOUGH: 0,
          ALL_SLOTS_FULL: 0,
          PATIENT_BUSY_AT_EVERY_FREE_SLOT: 0,
        },
      });
    });

    it('flags second and third cancellations on placements and on unplaced appointments', () => {
      const result = run(
        [
          makeAppointment({ id: 'third', cancellationCount: 3 }),
          makeAppointment({ id: 'second', cancellationCount: 2 }),
          makeAppointment({ id: 'first', cancellationCount: 1 }),
        ],
        [makeSlotOnDay('day-1', 1), makeSlotOnDay('day-2', 2)],
      );
      expect(placementOf(result, 'third').cancellationFlag).toBe('THIRD_OR_LATER_CANCELLATION');
      expect(placementOf(result, 'second').cancellationFlag).toBe('SECOND_CANCELLATION');
      expect(result.unplaced).toEqual([{ appointmentId: 'first', reason: 'ALL_SLOTS_FULL', cancellationFlag: null }]);
    });

    it('flags a placement later than the clinical due-by', () => {
      const decisionToAdmitAt = londonTimeDaysAfter(WALKOUT_ENDS_AT, -25, '09:00'); // P2: due on day 3
      const operation = (id: string) =>
        makeAppointment({
          id,
          kind: 'theatre',
          surgicalPriority: 'P2',
          decisionToAdmitAt,
          referralDate: londonTime('2026-05-01T00:00'),
        });
      const result = run(
        [operation('earlier'), operation('later')],
        [makeSlotOnDay('day-1', 1, { kind: 'theatre' }), makeSlotOnDay('day-5', 5, { kind: 'theatre' })],
      );
      expect(placementOf(result, 'earlier')).toMatchObject({ slotId: 'day-1', pastDueBy: false });
      expect(placementOf(result, 'later')).toMatchObject({ slotId: 'day-5', pastDueBy: true });
    });
  });

  describe('days across the BST/GMT change', () => {
    it('counts London calendar days after a walkout ending 07:00 on the day the clocks go forward', () => {
      const walkoutEndsAt = londonTime('2026-03-29T07:00');
      const dayFourteen = londonTime('2026-04-12T00:30');
      const dayFifteen = londonTime('2026-04-13T00:30');
      expect(dayFourteen - walkoutEndsAt).toBeLessThan(14 * DAY);
      const result = assignRebookings({
        appointments: [makeAppointment({ id: 'urgent', urgency: 'urgent' }), makeAppointment({ id: 'routine' })],
        slots: [
          makeSlot({ id: 'before-end', startsAt: londonTime('2026-03-29T06:30') }),
          makeSlot({ id: 'day-14', startsAt: dayFourteen }),
          makeSlot({ id: 'day-15', startsAt: dayFifteen }),
        ],
        walkoutEndsAt,
      });
      expect(placementOf(result, 'urgent')).toMatchObject({ slotId: 'day-14', daysAfterWalkout: 14, within14Days: true });
      expect(placementOf(result, 'routine')).toMatchObject({ slotId: 'day-15', daysAfterWalkout: 15, within14Days: false });
    });

    it('counts 14 days from Saturday 07:00 GMT to Saturday 07:00 BST though only 13 days 23 hours pass', () => {
      const walkoutEndsAt = londonTime('2026-03-28T07:00');
      const result = assignRebookings({
        appointments: [makeAppointment({ id: 'patient' })],
        slots: [makeSlot({ id: 'saturday-after-next', startsAt: londonTime('2026-04-11T07:00') })],
        walkoutEndsAt,
      });
      expect(placementOf(result, 'patient')).toMatchObject({ daysAfterWalkout: 14, within14Days: true });
    });

    it('counts 14 days across the autumn change though more than 14 × 24 hours pass', () => {
      const walkoutEndsAt = londonTime('2026-10-24T07:00');
      const lateOnDayFourteen = londonTime('2026-11-07T23:30');
      expect(lateOnDayFourteen - walkoutEndsAt).toBeGreaterThan(14 * DAY);
      const result = assignRebookings({
        appointments: [makeAppointment({ id: 'patient' })],
        slots: [makeSlot({ id: 'late-on-day-14', startsAt: lateOnDayFourteen })],
        walkoutEndsAt,
      });
      expect(placementOf(result, 'patient')).toMatchObject({ daysAfterWalkout: 14, within14Days: true });
    });
  });

  describe('input it refuses', () => {
    it('refuses duplicate slot ids rather than risk overbooking', () => {
      expect(() => run([makeAppointment({ id: 'a' })], [makeSlotOnDay('same', 1), makeSlotOnDay('same', 2)])).toThrow(
        /Duplicate slot id/,
      );
    });

    it('refuses duplicate appointment ids rather than book one appointment twice', () => {
      expect(() => run([makeAppointment({ id: 'a' }), makeAppointment({ id: 'a' })], [makeSlotOnDay('slot', 1)])).toThrow(
        /Duplicate appointment id/,
      );
    });

    it('refuses a negative or fractional number of days', () => {
      expect(() => run([], [], { horizonDays: -1 })).toThrow(RangeError);
      expect(() => run([], [], { targetDays: 1.5 })).toThrow(RangeError);
    });
  });

  describe('a trust-sized run', () => {
    const shape = {
      seed: 2026,
      trusts: 3,
      sitesPerTrust: 3,
      outpatientAppointments: 4_500,
      theatreAppointments: 500,
      outpatientSlots: 6_000,
      theatreSlots: 700,
      walkoutEndsAt: WALKOUT_ENDS_AT,
    };

    it('places 5,000 appointments at their own sites without breaking any rule', () => {
      const input = buildSyntheticRebookingInput({ ...shape, sameSiteOnly: true });
      const result = assignRebookings(input);
      expectEveryRuleHeld(input, result);
      expect(result.placements.every((placement) => placement.sameSite)).toBe(true);
      expectClinicalOrderWithinEachClinic(input, result);
    });

    it('places 5,000 appointments across each trust\'s sites without breaking any rule', () => {
      const input = buildSyntheticRebookingInput({ ...shape, sameSiteOnly: false });
      const result = assignRebookings(input);
      expectEveryRuleHeld(input, result);
      expect(result.placements.some((placement) => !placement.sameSite)).toBe(true);
      const sameSiteOnly = assignRebookings({ ...input, sameSiteOnly: true });
      expect(result.summary.placed).toBeGreaterThanOrEqual(sameSiteOnly.summary.placed);
    });
  });
});

/** Checks every placement against the rules directly, without the engine's own helpers. */
function expectEveryRuleHeld(input: RebookingInput, result: RebookingResult): void {
  const appointmentsById = new Map(input.appointments.map((appointment) => [appointment.id, appointment]));
  const slotsById = new Map(input.slots.map((slot) => [slot.id, slot]));
  const horizonEnd = londonTimeDaysAfter(input.walkoutEndsAt, (input.horizonDays ?? 42) + 1, '00:00');
  const violations: string[] = [];
  const usedBySlot = new Map<string, number>();
  const busyByPatient = new Map<string, Array<[number, number]>>();
  for (const busy of input.patientBusy ?? []) {
    busyByPatient.set(busy.patientId, [...(busyByPatient.get(busy.patientId) ?? []), [busy.startsAt, busy.endsAt]]);
  }

  for (const placement of result.placements) {
    const appointment = appointmentsById.get(placement.appointmentId)!;
    const slot = slotsById.get(placement.slotId)!;
    const where = `${appointment.id} → ${slot.id}`;
    if (slot.specialty !== appointment.specialty || slot.kind !== appointment.kind) violations.push(`${where}: wrong clinic`);
    if (slot.trustId !== appointment.trustId) violations.push(`${where}: other trust`);
    if (input.sameSiteOnly !== false && slot.siteId !== appointment.siteId) violations.push(`${where}: other site`);
    if (slot.startsAt < input.walkoutEndsAt) violations.push(`${where}: before the walkout ended`);
    if (slot.startsAt >= horizonEnd) violations.push(`${where}: past the horizon`);
    if (appointment.durationMinutes && slot.endsAt - slot.startsAt < appointment.durationMinutes * 60_000) {
      violations.push(`${where}: too short`);
    }
    for (const blackout of input.blackouts ?? []) {
      const overlaps = slot.startsAt < blackout.endsAt && slot.endsAt > blackout.startsAt;
      const atSite = blackout.siteIds === null || blackout.siteIds.includes(slot.siteId);
      const concerns =
        !blackout.staffGroups?.length ||
        !appointment.staffGroupsAffected ||
        appointment.staffGroupsAffected.some((group) => blackout.staffGroups!.includes(group));
      if (overlaps && atSite && concerns) violations.push(`${where}: inside another walkout`);
    }
    usedBySlot.set(slot.id, (usedBySlot.get(slot.id) ?? 0) + 1);
    const patientTimes = busyByPatient.get(appointment.patientId) ?? [];
    if (patientTimes.some(([startsAt, endsAt]) => slot.startsAt < endsAt && slot.endsAt > startsAt)) {
      violations.push(`${where}: patient double-booked`);
    }
    busyByPatient.set(appointment.patientId, [...patientTimes, [slot.startsAt, slot.endsAt]]);
  }
  for (const [slotId, used] of usedBySlot) {
    const slot = slotsById.get(slotId)!;
    if (used > slot.capacity - slot.booked) violations.push(`${slotId}: ${used} booked into ${slot.capacity - slot.booked} free`);
  }
  expect(violations).toEqual([]);

  const accountedFor = [...result.placements.map((p) => p.appointmentId), ...result.unplaced.map((u) => u.appointmentId)];
  expect(accountedFor.length).toBe(input.appointments.length);
  expect(new Set(accountedFor).size).toBe(input.appointments.length);
  expect(result.summary.placed).toBe(result.placements.length);
  expect(result.summary.within14Days).toBe(result.placements.filter((p) => p.daysAfterWalkout <= 14).length);
  expect(result.summary.breaches28Day).toBe(result.placements.filter((p) => p.daysAfterWalkout > 28).length);
  expect(result.placements.length).toBeGreaterThan(input.appointments.length / 2);
  expect(result.unplaced.length).toBeGreaterThan(0);
}

/**
 * Greedy in priority order means: among appointments that could use exactly the same slots (same clinic,
 * same needs, no other bookings, no clinician preference), a more urgent one never gets a later slot
 * than a less urgent one, and once one is left out, no later one is placed.
 */
function expectClinicalOrderWithinEachClinic(input: RebookingInput, result: RebookingResult): void {
  const patientsToExclude = new Set((input.patientBusy ?? []).map((busy) => busy.patientId));
  const appointmentsPerPatient = new Map<string, number>();
  for (const appointment of input.appointments) {
    appointmentsPerPatient.set(appointment.patientId, (appointmentsPerPatient.get(appointment.patientId) ?? 0) + 1);
  }
  const placementById = new Map(result.placements.map((placement) => [placement.appointmentId, placement]));
  const groups = new Map<string, RebookingAppointment[]>();
  for (const appointment of input.appointments) {
    if (appointment.appointmentKind === 'outpatient-follow-up') continue;
    if (patientsToExclude.has(appointment.patientId) || appointmentsPerPatient.get(appointment.patientId)! > 1) continue;
    const key = [
      appointment.specialty,
      appointment.kind,
      appointment.siteId,
      appointment.durationMinutes ?? 0,
      (appointment.staffGroupsAffected ?? []).join('+'),
    ].join('|');
    groups.set(key, [...(groups.get(key) ?? []), appointment]);
  }
  let comparedPairs = 0;
  for (const members of groups.values()) {
    members.sort(compareRebookingPriority);
    let latestStart = Number.NEGATIVE_INFINITY;
    let someoneLeftOut = false;
    for (const appointment of members) {
      const placement = placementById.get(appointment.id);
      if (!placement) {
        someoneLeftOut = true;
        continue;
      }
      if (someoneLeftOut) throw new Error(`${appointment.id} was placed after a more urgent one in its clinic was not`);
      if (placement.startsAt < latestStart) {
        throw new Error(`${appointment.id} got an earlier slot than a more urgent appointment in its clinic`);
      }
      latestStart = placement.startsAt;
      comparedPairs += 1;
    }
  }
  expect(comparedPairs).toBeGreaterThan(1_000);
}
