import { postponementNotices } from './postponement-notices';
import type { PostponedAppointment } from '../postponement/postponement.repository';

const row = (overrides: Partial<PostponedAppointment>): PostponedAppointment => ({
  id: 'a1',
  patientId: 'p1',
  siteId: 'site1',
  givenName: 'Sam',
  startsAt: new Date('2026-01-12T09:00:00Z'),
  specialty: 'cardiology',
  kind: 'outpatient-new',
  place: 'Chelsea and Westminster Hospital',
  ...overrides,
});

describe('postponement notices', () => {
  const context = { trustId: 't1', trustName: 'Chelsea and Westminster', walkoutId: 'w1' };

  it('sends one notice per patient listing every postponed appointment, due by the soonest', () => {
    const notices = postponementNotices(
      [
        row({ id: 'a1', patientId: 'p1', startsAt: new Date('2026-01-13T10:00:00Z') }),
        row({ id: 'a2', patientId: 'p1', specialty: 'trauma-orthopaedics', kind: 'day-case', startsAt: new Date('2026-01-12T08:00:00Z') }),
        row({ id: 'a3', patientId: 'p2', givenName: 'Alex' }),
      ],
      context,
    );
    expect(notices).toHaveLength(2);
    expect(notices[0]).toEqual({
      trustId: 't1',
      recipient: { type: 'patient', patientId: 'p1' },
      purpose: 'walkout-postponement',
      personalisation: {
        givenName: 'Sam',
        trustName: 'Chelsea and Westminster',
        appointments: [
          { startsAt: '2026-01-13T10:00:00.000Z', description: 'Cardiology outpatient appointment', place: 'Chelsea and Westminster Hospital' },
          { startsAt: '2026-01-12T08:00:00.000Z', description: 'Trauma orthopaedics day-case procedure', place: 'Chelsea and Westminster Hospital' },
        ],
      },
      deadline: new Date('2026-01-12T08:00:00Z'),
      walkoutId: 'w1',
      dedupeKey: 'postponement:w1:p1',
    });
    expect(notices[1].dedupeKey).toBe('postponement:w1:p2');
  });

  it('sends nothing when nothing was postponed', () => {
    expect(postponementNotices([], context)).toEqual([]);
  });
});
