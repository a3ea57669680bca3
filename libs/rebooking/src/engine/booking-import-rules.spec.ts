import { appointmentRowProblems, capacityProblems, overbookingProblems, slotTimeProblems } from './booking-import-rules';

describe('slot import rules', () => {
  it('refuses a slot that ends before it starts or runs past a day, naming the row', () => {
    const at = (iso: string) => new Date(iso);
    expect(
      slotTimeProblems([
        { startsAt: at('2026-06-15T09:00:00Z'), endsAt: at('2026-06-15T09:15:00Z') },
        { startsAt: at('2026-06-15T09:00:00Z'), endsAt: at('2026-06-15T09:00:00Z') },
        { startsAt: at('2026-06-15T09:00:00Z'), endsAt: at('2026-06-16T09:00:01Z') },
      ]),
    ).toEqual([
      { field: 'items[1].endsAt', message: 'must be after startsAt' },
      { field: 'items[2].endsAt', message: 'must be within 24 hours of startsAt' },
    ]);
  });

  it('refuses a re-import that shrinks a slot below the bookings it holds', () => {
    const existing = new Map([['S1', { capacity: 3, bookedCount: 2 }]]);
    expect(capacityProblems([{ externalRef: 'S1', capacity: 2 }, { externalRef: 'S1', capacity: 1 }, { externalRef: 'S2', capacity: 1 }], existing)).toEqual([
      { field: 'items[1].capacity', message: 'is below the 2 booking(s) the slot already holds' },
    ]);
  });
});

describe('appointment import rules', () => {
  const patients = new Map([['9434765919', 'p1']]);
  const slots = new Map([
    ['CLINIC-1', { kind: 'outpatient' as const }],
    ['THEATRE-1', { kind: 'theatre' as const }],
  ]);
  const row = (overrides: Partial<Parameters<typeof appointmentRowProblems>[0][number]> = {}) => ({
    nhsNumber: '9434765919',
    slotExternalRef: 'CLINIC-1',
    kind: 'outpatient-new' as const,
    referralDate: '2026-01-05',
    ...overrides,
  });

  it('accepts a patient and slot of the trust, of the kind the appointment needs', () => {
    expect(appointmentRowProblems([row(), row({ kind: 'day-case', slotExternalRef: 'THEATRE-1', surgicalPriority: 'P2' })], patients, slots, '2026-06-01')).toEqual([]);
  });

  it('names unknown patients and slots, a wrong slot kind, a priority on a clinic visit and a future referral', () => {
    expect(
      appointmentRowProblems(
        [
          row({ nhsNumber: '4010232137' }),
          row({ slotExternalRef: 'NOPE' }),
          row({ kind: 'inpatient' }),
          row({ surgicalPriority: 'P3' }),
          row({ referralDate: '2026-06-02' }),
        ],
        patients,
        slots,
        '2026-06-01',
      ),
    ).toEqual([
      { field: 'items[0].nhsNumber', message: 'is not a patient of this trust (import the patient first)' },
      { field: 'items[1].slotExternalRef', message: 'is not a slot of this trust (import the slot first)' },
      { field: 'items[2].kind', message: 'needs a slot of kind theatre, but the slot is of kind outpatient' },
      { field: 'items[3].surgicalPriority', message: 'applies to procedures (day-case, inpatient) only' },
      { field: 'items[4].referralDate', message: 'is in the future' },
    ]);
  });
});

describe('overbooking check of an appointment import', () => {
  const slots = new Map([
    ['s1', { externalRef: 'ONE', capacity: 1, bookedCount: 0 }],
    ['s2', { externalRef: 'TWO', capacity: 2, bookedCount: 1 }],
  ]);

  it('names every row aimed at a slot that would hold more than its capacity', () => {
    expect(
      overbookingProblems(
        [
          { index: 0, slotId: 's1', existing: null },
          { index: 1, slotId: 's1', existing: null },
          { index: 2, slotId: 's2', existing: null },
        ],
        slots,
      ),
    ).toEqual([
      { field: 'items[0].slotExternalRef', message: 'slot ONE would hold 2 bookings but has room for 1' },
      { field: 'items[1].slotExternalRef', message: 'slot ONE would hold 2 bookings but has room for 1' },
    ]);
  });

  it('lets a re-imported booking stay in, or move out of, its own slot', () => {
    const full = new Map([['s1', { externalRef: 'ONE', capacity: 1, bookedCount: 1 }], ['s2', { externalRef: 'TWO', capacity: 1, bookedCount: 1 }]]);
    expect(overbookingProblems([{ index: 0, slotId: 's1', existing: { status: 'booked', slotId: 's1' } }], full)).toEqual([]);
    // Two bookings swap slots in one import.
    expect(
      overbookingProblems(
        [
          { index: 0, slotId: 's2', existing: { status: 'booked', slotId: 's1' } },
          { index: 1, slotId: 's1', existing: { status: 'booked', slotId: 's2' } },
        ],
        full,
      ),
    ).toEqual([]);
  });

  it('ignores appointments already postponed: the import does not change them', () => {
    const full = new Map([['s1', { externalRef: 'ONE', capacity: 1, bookedCount: 1 }]]);
    expect(overbookingProblems([{ index: 0, slotId: 's1', existing: { status: 'cancelled', slotId: 's9' } }], full)).toEqual([]);
  });
});
