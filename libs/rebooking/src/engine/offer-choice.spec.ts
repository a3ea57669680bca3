import { declineWithoutPenalty, decideChoice, holdExpiresAt, offerAnswer } from './offer-choice';

const now = new Date('2026-01-05T12:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);

describe('a patient’s choice among the offer’s dates', () => {
  it('always lets the patient take the best place, and a held alternative', () => {
    expect(decideChoice({ option: 0, startsAt: later(2), held: false, freePlaces: 0 }, now)).toEqual({ take: true, fromHold: false });
    expect(decideChoice({ option: 1, startsAt: later(3), held: true, freePlaces: 0 }, now)).toEqual({ take: true, fromHold: true });
  });

  it('lets a late patient take a released alternative only while it still has room', () => {
    expect(decideChoice({ option: 2, startsAt: later(3), held: false, freePlaces: 1 }, now)).toEqual({ take: true, fromHold: false });
    expect(decideChoice({ option: 2, startsAt: later(3), held: false, freePlaces: 0 }, now)).toEqual({ take: false, reason: 'PLACE_GONE' });
  });

  it('refuses a date that has started and an option the offer does not have', () => {
    expect(decideChoice({ option: 1, startsAt: now, held: true, freePlaces: 1 }, now)).toEqual({ take: false, reason: 'DATE_PASSED' });
    expect(decideChoice(undefined, now)).toEqual({ take: false, reason: 'UNKNOWN_OPTION' });
  });

  it('holds the alternatives for the configured hours', () => {
    expect(holdExpiresAt(now, 72)).toEqual(new Date('2026-01-08T12:00:00Z'));
  });
});

describe('reasonable notice when every date is declined', () => {
  it('is without penalty when every date was less than 3 weeks away', () => {
    expect(declineWithoutPenalty([later(2), later(20)], now)).toBe(true);
  });

  it('counts against the patient when any date gave 3 weeks’ notice or more', () => {
    expect(declineWithoutPenalty([later(2), later(21)], now)).toBe(false);
    expect(declineWithoutPenalty([later(25)], now)).toBe(false);
  });
});

describe('what became of an offer', () => {
  const open = { confirmedAt: null, chosenOption: null, declinedAt: null, callRequestedAt: null, holdExpiresAt: later(3) };

  it('names the patient’s answer, a choice or decline before a call request', () => {
    expect(offerAnswer({ ...open, confirmedAt: now, chosenOption: 0 }, now)).toBe('accepted');
    expect(offerAnswer({ ...open, confirmedAt: now, chosenOption: 2 }, now)).toBe('chose-alternative');
    expect(offerAnswer({ ...open, declinedAt: now, callRequestedAt: now }, now)).toBe('declined');
    expect(offerAnswer({ ...open, callRequestedAt: now }, later(5))).toBe('asked-to-be-called');
  });

  it('is awaiting until the hold runs out, then expired', () => {
    expect(offerAnswer(open, now)).toBe('awaiting');
    expect(offerAnswer(open, later(3))).toBe('expired');
    // An offer made before holds existed never expires.
    expect(offerAnswer({ ...open, holdExpiresAt: null }, later(30))).toBe('awaiting');
  });
});
