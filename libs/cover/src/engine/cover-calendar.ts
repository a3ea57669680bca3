import { createEvents, EventAttributes } from 'ics';

export interface CalendarShift {
  assignmentId: string;
  startsAt: Date;
  endsAt: Date;
  departmentName: string;
  siteName: string;
  trustName: string;
  cancelled: boolean;
  /** Bumped by every change a subscriber must apply (RFC 5545 SEQUENCE). */
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CoverCalendarOptions {
  /** Right-hand side of every UID, e.g. the public host name: UIDs must be globally unique. */
  uidDomain: string;
  calendarName?: string;
}

export const COVER_CALENDAR_PRODUCT_ID = '-//NHS strike operations planner//Consultant cover//EN';

/** ics takes epoch milliseconds; whole seconds, because iCalendar has no finer resolution. */
const utc = (value: Date): number => Math.floor(value.getTime() / 1000) * 1000;

/**
 * A consultant's cover shifts as an RFC 5545 calendar (built by the `ics` library, not by hand):
 * - times in UTC (`…Z`), so no VTIMEZONE is needed and the clock changes cannot shift a shift;
 * - UID = assignment id @ our domain, stable for the life of the shift, so a re-fetched feed updates
 *   events rather than duplicating them;
 * - SEQUENCE and LAST-MODIFIED move on every change; a removed shift stays in the feed as
 *   STATUS:CANCELLED so calendars that saw it mark it cancelled instead of silently keeping it.
 */
export function buildCoverCalendar(shifts: readonly CalendarShift[], options: CoverCalendarOptions): string {
  const events: EventAttributes[] = [...shifts]
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.assignmentId < b.assignmentId ? -1 : 1))
    .map((shift) => ({
      uid: `${shift.assignmentId}@${options.uidDomain}`,
      start: utc(shift.startsAt),
      startInputType: 'utc',
      startOutputType: 'utc',
      end: utc(shift.endsAt),
      endInputType: 'utc',
      endOutputType: 'utc',
      title: `${shift.cancelled ? 'CANCELLED: ' : ''}Consultant cover, ${shift.departmentName}`,
      location: `${shift.departmentName}, ${shift.siteName}`,
      description: shift.cancelled
        ? `This cover shift for ${shift.trustName} has been cancelled. You do not need to work it.`
        : `Consultant emergency cover for ${shift.trustName} during industrial action. If you can no longer work this shift, tell the strike planning team as soon as possible.`,
      status: shift.cancelled ? 'CANCELLED' : 'CONFIRMED',
      busyStatus: shift.cancelled ? 'FREE' : 'BUSY',
      transp: shift.cancelled ? 'TRANSPARENT' : 'OPAQUE',
      sequence: shift.sequence,
      created: utc(shift.createdAt),
      lastModified: utc(shift.updatedAt),
    }));
  const { error, value } = createEvents(events, {
    productId: COVER_CALENDAR_PRODUCT_ID,
    method: 'PUBLISH',
    calName: options.calendarName ?? 'Consultant cover shifts',
  });
  if (error || !value) throw error ?? new Error('The calendar could not be built');
  return value;
}
