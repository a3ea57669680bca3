import { coverShiftCancelledNotice, coverShiftNotice, ShiftNoticeInput } from './cover-notices';

const input: ShiftNoticeInput = {
  trustId: 't',
  assignmentId: 'a',
  walkoutId: 'w',
  staffId: 's',
  givenName: 'Ada',
  trustName: 'Royal Free London',
  startsAt: new Date('2026-01-12T08:00:00Z'),
  endsAt: new Date('2026-01-12T20:00:00Z'),
  departmentName: 'Emergency Department',
  siteName: 'Barnet Hospital',
};

describe('cover shift notices', () => {
  it('books the shift with the calendar link, due by the shift start, once per assignment', () => {
    expect(coverShiftNotice(input, 'TOKEN')).toEqual({
      trustId: 't',
      recipient: { type: 'staff', staffId: 's' },
      purpose: 'cover-shift',
      personalisation: {
        givenName: 'Ada',
        trustName: 'Royal Free London',
        contactPhone: null,
        shift: { startsAt: '2026-01-12T08:00:00.000Z', endsAt: '2026-01-12T20:00:00.000Z', department: 'Emergency Department', site: 'Barnet Hospital' },
        calendarToken: 'TOKEN',
      },
      deadline: input.startsAt,
      walkoutId: 'w',
      subjectId: 'a',
      dedupeKey: 'cover-shift:a',
      holdForSeconds: 0,
    });
  });

  it('cancels with its own dedupe key, so a booking and its cancellation are both sent', () => {
    const notice = coverShiftCancelledNotice(input);
    expect(notice).toEqual(expect.objectContaining({ purpose: 'cover-shift-cancelled', subjectId: 'a', dedupeKey: 'cover-shift-cancelled:a', deadline: input.startsAt }));
    expect(notice.personalisation).toEqual(expect.objectContaining({ reason: 'cover-no-longer-needed' }));
  });
});
