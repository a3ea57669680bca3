import { londonWallClock } from '@app/core';
import { durationDays, noticeDays, walkoutStatus, walkoutsOverlap, walkoutWarnings, WalkoutShape } from './walkout-rules';

const start = new Date('2026-01-12T08:00:00Z');
const end = new Date('2026-01-14T08:00:00Z');

function shape(overrides: Partial<WalkoutShape> = {}): WalkoutShape {
  return {
    staffGroups: ['resident-doctor'],
    startsAt: start,
    endsAt: end,
    noticeReceivedAt: new Date('2025-12-20T12:00:00Z'),
    siteIds: [],
    ...overrides,
  };
}

describe('walkout status', () => {
  const timing = { startsAt: start, endsAt: end, calledOffAt: null };

  it('is announced before the start, in progress during, ended from the end instant', () => {
    expect(walkoutStatus(timing, new Date('2026-01-12T07:59:59Z'))).toBe('announced');
    expect(walkoutStatus(timing, start)).toBe('in-progress');
    expect(walkoutStatus(timing, new Date('2026-01-14T07:59:59Z'))).toBe('in-progress');
    expect(walkoutStatus(timing, end)).toBe('ended');
  });

  it('is called off whatever the time once the union suspends it', () => {
    expect(walkoutStatus({ ...timing, calledOffAt: new Date('2026-01-12T09:00:00Z') }, new Date('2026-01-13T00:00:00Z'))).toBe('called-off');
  });
});

describe('notice', () => {
  it('counts whole days of notice', () => {
    expect(noticeDays(new Date('2025-12-29T08:00:00Z'), start)).toBe(14);
    expect(noticeDays(new Date('2025-12-29T08:00:01Z'), start)).toBe(13);
  });

  it('does not lose a day of notice across the spring clock change', () => {
    const walkoutStart = londonWallClock('2026-04-06', '07:00');
    expect(noticeDays(londonWallClock('2026-03-23', '07:00'), walkoutStart)).toBe(14);
  });

  it('warns under 14 days, and more strongly under the 7 days allowed by agreement', () => {
    expect(walkoutWarnings(shape({ noticeReceivedAt: new Date('2025-12-29T08:00:00Z') }), []).map((w) => w.code)).toEqual([]);
    expect(walkoutWarnings(shape({ noticeReceivedAt: new Date('2026-01-02T08:00:00Z') }), []).map((w) => w.code)).toEqual(['SHORT_NOTICE']);
    expect(walkoutWarnings(shape({ noticeReceivedAt: new Date('2026-01-08T08:00:00Z') }), []).map((w) => w.code)).toEqual(['BELOW_AGREED_MINIMUM_NOTICE']);
  });

  it('has no notice days and warns, rather than refusing, when the notice date is unknown', () => {
    expect(noticeDays(null, start)).toBeNull();
    expect(walkoutWarnings(shape({ noticeReceivedAt: null }), []).map((w) => w.code)).toEqual(['NOTICE_DATE_UNKNOWN']);
  });
});

describe('length', () => {
  it('treats a 07:00 → 07:00 five-day walkout across the clock change as exactly five days, without a warning', () => {
    const startsAt = londonWallClock('2026-03-26', '07:00');
    const endsAt = londonWallClock('2026-03-31', '07:00');
    expect(durationDays(startsAt, endsAt)).toBe(5);
    expect(walkoutWarnings(shape({ startsAt, endsAt, noticeReceivedAt: new Date('2026-02-01T00:00:00Z') }), [])).toEqual([]);
  });

  it('warns when a walkout is longer than five days', () => {
    const startsAt = londonWallClock('2026-03-26', '07:00');
    const endsAt = londonWallClock('2026-03-31', '08:00');
    expect(walkoutWarnings(shape({ startsAt, endsAt, noticeReceivedAt: new Date('2026-02-01T00:00:00Z') }), []).map((w) => w.code)).toEqual(['LONGER_THAN_FIVE_DAYS']);
  });
});

describe('overlap', () => {
  const other = { ...shape(), id: 'w2', startsAt: new Date('2026-01-13T08:00:00Z'), endsAt: new Date('2026-01-15T08:00:00Z') };

  it('warns about another walkout of the same staff group at overlapping times, naming it', () => {
    expect(walkoutWarnings(shape(), [other])).toEqual([expect.objectContaining({ code: 'OVERLAPS_WALKOUT', walkoutId: 'w2' })]);
  });

  it('ignores other staff groups, back-to-back walkouts, called-off walkouts and separate sites', () => {
    expect(walkoutsOverlap(shape(), { ...other, staffGroups: ['nurse'] })).toBe(false);
    expect(walkoutsOverlap(shape(), { ...other, startsAt: end, endsAt: new Date('2026-01-16T08:00:00Z') })).toBe(false);
    expect(walkoutsOverlap(shape(), { ...other, calledOffAt: new Date() })).toBe(false);
    expect(walkoutsOverlap(shape({ siteIds: ['a'] }), { ...other, siteIds: ['b'] })).toBe(false);
    expect(walkoutsOverlap(shape({ siteIds: ['a'] }), { ...other, siteIds: [] })).toBe(true);
  });
});
