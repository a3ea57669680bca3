import * as ical from 'node-ical';
import { london } from '@app/cover/testing';
import { buildCoverCalendar, CalendarShift } from './cover-calendar';

const base: CalendarShift = {
  assignmentId: '3f2c1a9e-5b7d-4c1e-9a2b-1c2d3e4f5a6b',
  startsAt: london('2026-10-24T20:00'),
  endsAt: london('2026-10-25T08:00'),
  departmentName: 'Emergency Department',
  siteName: 'Chelsea and Westminster Hospital',
  trustName: 'Chelsea and Westminster Hospital NHS Foundation Trust',
  cancelled: false,
  sequence: 0,
  createdAt: new Date('2026-10-01T09:00:00Z'),
  updatedAt: new Date('2026-10-01T09:00:00Z'),
};

function events(text: string): ical.VEvent[] {
  return Object.values(ical.sync.parseICS(text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
}

describe('cover calendar (parsed with node-ical, an independent parser)', () => {
  it('writes times in UTC, so the autumn night is 13 real hours whatever the reader’s zone', () => {
    const text = buildCoverCalendar([base], { uidDomain: 'strike.example.nhs.uk' });
    expect(text).toContain('DTSTART:20261024T190000Z');
    expect(text).toContain('DTEND:20261025T080000Z');
    const [event] = events(text);
    expect(event.start.toISOString()).toBe('2026-10-24T19:00:00.000Z');
    expect(event.end?.toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(event.uid).toBe(`${base.assignmentId}@strike.example.nhs.uk`);
    expect(event.status).toBe('CONFIRMED');
    expect(String(event.location)).toContain('Emergency Department, Chelsea and Westminster Hospital');
  });

  it('is valid RFC 5545 framing: CRLF lines, PRODID, VERSION and METHOD', () => {
    const text = buildCoverCalendar([base], { uidDomain: 'x.nhs.uk' });
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text).toMatch(/\r\nPRODID:-\/\/NHS strike operations planner\/\/Consultant cover\/\/EN\r\n/);
    expect(text).toMatch(/\r\nMETHOD:PUBLISH\r\n/);
    expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });

  it('keeps the UID and moves SEQUENCE and LAST-MODIFIED when a shift is cancelled, with STATUS:CANCELLED', () => {
    const cancelled = { ...base, cancelled: true, sequence: 1, updatedAt: new Date('2026-10-02T10:30:00Z') };
    const [before] = events(buildCoverCalendar([base], { uidDomain: 'x.nhs.uk' }));
    const [after] = events(buildCoverCalendar([cancelled], { uidDomain: 'x.nhs.uk' }));
    expect(after.uid).toBe(before.uid);
    expect(Number(after.sequence)).toBe(1);
    expect(after.status).toBe('CANCELLED');
    expect(after.lastmodified?.toISOString()).toBe('2026-10-02T10:30:00.000Z');
  });

  it('lists shifts in time order and serves an empty calendar when there are none', () => {
    const later = { ...base, assignmentId: 'a0000000-0000-4000-8000-000000000000', startsAt: london('2026-10-27T08:00'), endsAt: london('2026-10-27T20:00') };
    expect(events(buildCoverCalendar([later, base], { uidDomain: 'x.nhs.uk' })).map((e) => e.uid)).toEqual([`${base.assignmentId}@x.nhs.uk`, `${later.assignmentId}@x.nhs.uk`]);
    const empty = buildCoverCalendar([], { uidDomain: 'x.nhs.uk' });
    expect(empty).toContain('BEGIN:VCALENDAR');
    expect(events(empty)).toEqual([]);
  });

  it('escapes commas and semicolons in names rather than breaking the line format', () => {
    const [event] = events(buildCoverCalendar([{ ...base, departmentName: 'A&E; Majors, Resus' }], { uidDomain: 'x.nhs.uk' }));
    expect(event.summary).toBe('Consultant cover, A&E; Majors, Resus');
  });
});
