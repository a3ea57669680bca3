import { NewNotification } from '@app/notifications';

export interface ShiftNoticeInput {
  trustId: string;
  assignmentId: string;
  walkoutId: string;
  staffId: string;
  givenName: string;
  trustName: string;
  startsAt: Date;
  endsAt: Date;
  departmentName: string;
  siteName: string;
}

const shiftOf = (input: ShiftNoticeInput) => ({
  startsAt: input.startsAt.toISOString(),
  endsAt: input.endsAt.toISOString(),
  department: input.departmentName,
  site: input.siteName,
});

/**
 * The booking notice. The deadline is the shift start: after that the notice is useless, and the
 * outbox sends soonest deadlines first. One per assignment (dedupe key), whatever retries happen.
 */
export function coverShiftNotice(input: ShiftNoticeInput, calendarToken: string | null, holdForSeconds = 0): NewNotification {
  return {
    trustId: input.trustId,
    recipient: { type: 'staff', staffId: input.staffId },
    purpose: 'cover-shift',
    personalisation: { givenName: input.givenName, trustName: input.trustName, contactPhone: null, shift: shiftOf(input), calendarToken },
    deadline: input.startsAt,
    walkoutId: input.walkoutId,
    subjectId: input.assignmentId,
    dedupeKey: `cover-shift:${input.assignmentId}`,
    holdForSeconds,
  };
}

export function coverShiftCancelledNotice(input: ShiftNoticeInput, holdForSeconds = 0): NewNotification {
  return {
    trustId: input.trustId,
    recipient: { type: 'staff', staffId: input.staffId },
    purpose: 'cover-shift-cancelled',
    personalisation: { givenName: input.givenName, trustName: input.trustName, contactPhone: null, shift: shiftOf(input), reason: 'cover-no-longer-needed' },
    deadline: input.startsAt,
    walkoutId: input.walkoutId,
    subjectId: input.assignmentId,
    dedupeKey: `cover-shift-cancelled:${input.assignmentId}`,
    holdForSeconds,
  };
}

export interface CoverRequestNoticeInput {
  trustId: string;
  requestId: string;
  /** The request's shifts, soonest first, as their notices describe them. */
  shifts: Omit<ShiftNoticeInput, 'trustId'>[];
  linkToken: string;
  respondBy: Date;
}

/**
 * Asks a consultant to cover the request's shifts (nothing is booked until they agree). The deadline is
 * when the request lapses: after that the message is no use. One per request, whatever retries happen.
 * `replyByText` stays false until the trust's inbound number is known to the sender (docs/domain.md).
 */
export function coverRequestNotice(input: CoverRequestNoticeInput, holdForSeconds = 0): NewNotification {
  const [first] = input.shifts;
  return {
    trustId: input.trustId,
    recipient: { type: 'staff', staffId: first.staffId },
    purpose: 'cover-request',
    personalisation: {
      givenName: first.givenName,
      trustName: first.trustName,
      contactPhone: null,
      shifts: input.shifts.map((s) => shiftOf({ trustId: input.trustId, ...s })),
      linkToken: input.linkToken,
      respondBy: input.respondBy.toISOString(),
      replyByText: false,
    },
    deadline: input.respondBy,
    walkoutId: first.walkoutId,
    subjectId: input.requestId,
    dedupeKey: `cover-request:${input.requestId}`,
    holdForSeconds,
  };
}
