import { assignRebookings } from './assign';
import { blackoutsFor, OtherWalkout, toRebookingInput } from './rebooking-input';

const walkout = (overrides: Partial<OtherWalkout>): OtherWalkout => ({
  id: 'w2',
  startsAt: new Date('2026-06-20T06:00:00Z'),
  endsAt: new Date('2026-06-22T06:00:00Z'),
  siteIds: [],
  staffGroups: ['resident-doctor'],
  calledOffAt: null,
  ...overrides,
});

describe('engine input from the database', () => {
  it('blacks out the other announced walkouts of the same staff groups, at their sites', () => {
    const blackouts = blackoutsFor('w1', ['resident-doctor'], [
      walkout({ id: 'w1' }),
      walkout({ id: 'w2', siteIds: ['s1'] }),
      walkout({ id: 'w3', staffGroups: ['nurse'] }),
      walkout({ id: 'w4', calledOffAt: new Date('2026-06-01T00:00:00Z') }),
      walkout({ id: 'w5', staffGroups: ['nurse', 'resident-doctor'] }),
    ]);
    expect(blackouts).toEqual([
      { startsAt: Date.parse('2026-06-20T06:00:00Z'), endsAt: Date.parse('2026-06-22T06:00:00Z'), siteIds: ['s1'], staffGroups: null },
      { startsAt: Date.parse('2026-06-20T06:00:00Z'), endsAt: Date.parse('2026-06-22T06:00:00Z'), siteIds: null, staffGroups: null },
    ]);
  });

  it('maps rows to the engine: London-midnight referral dates, at least one cancellation, the trust on both sides', () => {
    const input = toRebookingInput(
      { trustId: 't1', walkoutEndsAt: new Date('2026-06-10T06:00:00Z'), staffGroups: ['resident-doctor'], sameSiteOnly: true, horizonDays: 42 },
      [
        {
          id: 'a1', patientId: 'p1', siteId: 's1', specialty: 'cardiology', slotKind: 'outpatient', kind: 'outpatient-follow-up', urgency: 'urgent', surgicalPriority: null,
          referralDate: '2026-06-01', cancellationCount: 0, clinicianStaffNumber: 'C1', startsAt: new Date('2026-06-09T09:00:00Z'),
        },
      ],
      [{ id: 'x1', siteId: 's1', specialty: 'cardiology', kind: 'outpatient', clinicianStaffNumber: 'C1', startsAt: new Date('2026-06-11T09:00:00Z'), endsAt: new Date('2026-06-11T09:15:00Z'), capacity: 2, bookedCount: 1 }],
      [{ patientId: 'p1', startsAt: new Date('2026-06-12T09:00:00Z'), endsAt: new Date('2026-06-12T10:00:00Z') }],
      [],
    );
    // 1 June 2026 is in BST: London midnight is 23:00 UTC the day before.
    expect(input.appointments[0]).toEqual(expect.objectContaining({ trustId: 't1', referralDate: Date.parse('2026-05-31T23:00:00Z'), cancellationCount: 1, kind: 'outpatient', appointmentKind: 'outpatient-follow-up', staffGroupsAffected: ['resident-doctor'] }));
    expect(input.slots[0]).toEqual(expect.objectContaining({ trustId: 't1', booked: 1, capacity: 2 }));
    expect(assignRebookings(input).placements).toEqual([expect.objectContaining({ appointmentId: 'a1', slotId: 'x1', daysAfterWalkout: 1, sameClinician: true })]);
  });
});
