import { isShortNotice, offerNotices } from './offer-notices';

describe('rebooking offers', () => {
  const offeredAt = new Date('2026-01-01T12:00:00Z');

  it('calls a date less than 3 weeks away short notice (it may be declined without penalty)', () => {
    expect(isShortNotice(new Date('2026-01-22T11:59:59Z'), offeredAt)).toBe(true);
    expect(isShortNotice(new Date('2026-01-22T12:00:00Z'), offeredAt)).toBe(false);
  });

  it('queues one offer per new date with its link token, soonest first, deduplicated by the new appointment', () => {
    const [notice] = offerNotices(
      [{ id: 'n1', sourceId: 's1', patientId: 'p1', givenName: 'Sam', startsAt: new Date('2026-01-15T09:00:00Z'), specialty: 'cardiology', kind: 'outpatient-follow-up', siteId: 'site1', place: 'Barnet Hospital', alternatives: 0, holdExpiresAt: null }],
      new Map([['s1', 'token-1']]),
      { trustId: 't1', trustName: 'Royal Free', walkoutId: 'w1', now: offeredAt },
    );
    expect(notice).toEqual({
      trustId: 't1',
      recipient: { type: 'patient', patientId: 'p1' },
      purpose: 'rebooking-offer',
      personalisation: {
        givenName: 'Sam',
        trustName: 'Royal Free',
        appointment: { startsAt: '2026-01-15T09:00:00.000Z', description: 'Cardiology outpatient appointment', place: 'Barnet Hospital' },
        linkToken: 'token-1',
        shortNotice: true,
      },
      deadline: new Date('2026-01-15T09:00:00Z'),
      walkoutId: 'w1',
      subjectId: 'n1',
      dedupeKey: 'rebooking-offer:n1',
    });
  });

  it('asks for an answer by the end of the hold when the offer has dates to choose from', () => {
    const holdEnds = new Date('2026-01-04T12:00:00Z');
    const [notice] = offerNotices(
      [{ id: 'n1', sourceId: 's1', patientId: 'p1', givenName: 'Sam', startsAt: new Date('2026-01-15T09:00:00Z'), specialty: 'cardiology', kind: 'outpatient-new', siteId: 'site1', place: 'Barnet Hospital', alternatives: 2, holdExpiresAt: holdEnds }],
      new Map([['s1', 'token-1']]),
      { trustId: 't1', trustName: 'Royal Free', walkoutId: 'w1', now: offeredAt },
    );
    expect(notice.personalisation).toEqual(expect.objectContaining({ respondBy: '2026-01-04T12:00:00.000Z' }));
  });
});
