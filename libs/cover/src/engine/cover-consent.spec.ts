import { london, shift } from '@app/cover/testing';
import { effectiveConsentState, parseCoverReply, requestExpiresAt, windowHolding } from './cover-consent';

describe('cover consent', () => {
  const now = london('2026-01-10T12:00');

  it('treats a request past its expiry as expired on read, and nothing else', () => {
    expect(effectiveConsentState('requested', london('2026-01-10T12:00'), now)).toBe('expired');
    expect(effectiveConsentState('requested', london('2026-01-10T12:01'), now)).toBe('requested');
    expect(effectiveConsentState('accepted', london('2026-01-10T11:00'), now)).toBe('accepted');
    expect(effectiveConsentState('declined', london('2026-01-10T11:00'), now)).toBe('declined');
  });

  it('lets a request run for the configured hours, but never past the shift’s start', () => {
    expect(requestExpiresAt(now, london('2026-01-14T08:00'), 24)).toEqual(london('2026-01-11T12:00'));
    expect(requestExpiresAt(now, london('2026-01-10T20:00'), 24)).toEqual(london('2026-01-10T20:00'));
  });

  it('finds the availability window that holds the whole shift, not one that only overlaps it', () => {
    const windows = [
      { id: 'late', ...shift('2026-01-12T12:00', '2026-01-13T12:00') },
      { id: 'early', ...shift('2026-01-12T07:00', '2026-01-12T21:00') },
    ];
    expect(windowHolding(shift('2026-01-12T08:00', '2026-01-12T20:00'), windows)?.id).toBe('early');
    expect(windowHolding(shift('2026-01-12T13:00', '2026-01-12T20:00'), windows)?.id).toBe('early');
    expect(windowHolding(shift('2026-01-12T20:00', '2026-01-13T08:00'), windows)?.id).toBe('late');
    expect(windowHolding(shift('2026-01-12T06:00', '2026-01-12T14:00'), windows)).toBeNull();
  });

  it.each([
    ['YES', true],
    ['yes please', true],
    ['Yes.', true],
    [' ok thanks x', true],
    ['Accept', true],
    ['NO', false],
    ['no sorry', false],
    ["Can't", false],
    ['Sorry, no.', false],
    ['decline', false],
  ])('reads %p as an answer', (text, accept) => {
    expect(parseCoverReply(text)).toEqual({ kind: 'answer', accept });
  });

  it.each(['', 'maybe', 'yes but only till 2', 'yes no', 'STOP', '20'])('does not guess at %p', (text) => {
    expect(parseCoverReply(text).kind).toBe('unparseable');
  });
});
