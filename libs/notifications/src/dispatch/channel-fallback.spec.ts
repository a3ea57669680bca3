import {
  chooseChannel,
  isChannelFailure,
  NO_CONTACT_DETAILS_REASON,
  normaliseEmailAddress,
  normaliseUkPostcode,
  toNotifyLetterAddress,
} from './channel-fallback';

const address = { lines: ['Flat 2', '369 Fulham Road', 'London'], postcode: 'sw10  9nh' };

describe('chooseChannel', () => {
  it('prefers SMS when the recipient states no preference and has a UK mobile', () => {
    expect(chooseChannel({ mobile: '07700 900123', email: 'a@example.org', address })).toEqual({
      channel: 'sms',
      to: '+447700900123',
    });
  });

  it('uses the preferred channel when its contact detail is usable', () => {
    expect(chooseChannel({ preferredChannel: 'email', mobile: '07700900123', email: 'amira@example.org' })).toEqual({
      channel: 'email',
      to: 'amira@example.org',
    });
    expect(chooseChannel({ preferredChannel: 'letter', mobile: '07700900123', address })).toMatchObject({ channel: 'letter' });
  });

  it('falls back to SMS when the preferred email address is unusable', () => {
    expect(chooseChannel({ preferredChannel: 'email', mobile: '+44 7700 900123', email: 'not-an-email' })).toEqual({
      channel: 'sms',
      to: '+447700900123',
    });
  });

  it('falls back to email when the mobile is a landline', () => {
    expect(chooseChannel({ mobile: '020 7946 0000', email: ' amira@example.org ' })).toEqual({
      channel: 'email',
      to: 'amira@example.org',
    });
  });

  it('falls back to a letter when there is neither mobile nor email', () => {
    expect(chooseChannel({ address })).toEqual({
      channel: 'letter',
      to: {
        address_line_1: 'Flat 2',
        address_line_2: '369 Fulham Road',
        address_line_3: 'London',
        address_line_4: 'SW10 9NH',
      },
    });
  });

  it('fails permanently with an actionable reason when there is no contact detail at all', () => {
    expect(chooseChannel({})).toEqual({ failure: NO_CONTACT_DETAILS_REASON });
    expect(chooseChannel({ mobile: '', email: null, address: null })).toEqual({ failure: 'no mobile, email or postal address with a postcode' });
  });

  it('names every unusable detail in the failure without repeating the detail itself', () => {
    const result = chooseChannel({ mobile: '01632 960123', email: 'amira@', address: { lines: ['1 High Street'], postcode: 'SW10 9NH' } });

    expect(result).toEqual({ failure: expect.stringContaining('mobile number is not a UK mobile') });
    const { failure } = result as { failure: string };
    expect(failure).toContain('email address is not valid');
    expect(failure).toContain('postal address needs at least 2 lines and a valid UK postcode');
    expect(failure).not.toContain('01632');
    expect(failure).not.toContain('amira');
  });
});

describe('normaliseEmailAddress', () => {
  it.each(['amira@example.org', 'a.b+tag@nhs.net', 'x@sub.example.co.uk'])('accepts %s', (email) => {
    expect(normaliseEmailAddress(email)).toBe(email);
  });

  it.each(['amira', 'amira@', '@example.org', 'a b@example.org', 'amira@example', 'amira@-example.org', 'a..b@example.org'])(
    'rejects %s',
    (email) => {
      expect(normaliseEmailAddress(email)).toBeNull();
    },
  );
});

describe('normaliseUkPostcode', () => {
  it.each([
    ['sw10 9nh', 'SW10 9NH'],
    ['SW109NH', 'SW10 9NH'],
    ['hd3 3ea', 'HD3 3EA'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['W1A0AX', 'W1A 0AX'],
  ])('normalises %s to %s', (raw, expected) => {
    expect(normaliseUkPostcode(raw)).toBe(expected);
  });

  it.each(['', 'LONDON', '12345', 'SW10 9N'])('rejects %s', (raw) => {
    expect(normaliseUkPostcode(raw)).toBeNull();
  });
});

describe('toNotifyLetterAddress', () => {
  it('needs two lines besides the postcode so Notify gets its minimum of three', () => {
    expect(toNotifyLetterAddress({ lines: ['369 Fulham Road'], postcode: 'SW10 9NH' })).toBeNull();
    expect(toNotifyLetterAddress({ lines: ['369 Fulham Road', '  '], postcode: 'SW10 9NH' })).toBeNull();
    expect(toNotifyLetterAddress({ lines: ['369 Fulham Road', 'London'], postcode: 'SW10 9NH' })).toEqual({
      address_line_1: '369 Fulham Road',
      address_line_2: 'London',
      address_line_3: 'SW10 9NH',
    });
  });

  it('does not print the postcode twice when the lines already end with it', () => {
    expect(toNotifyLetterAddress({ lines: ['369 Fulham Road', 'London', 'SW10 9NH'], postcode: 'sw109nh' })).toEqual({
      address_line_1: '369 Fulham Road',
      address_line_2: 'London',
      address_line_3: 'SW10 9NH',
    });
  });

  it('folds lines beyond Notify’s seven into the sixth so the postcode stays last', () => {
    const result = toNotifyLetterAddress({ lines: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'], postcode: 'HD3 3EA' });

    expect(result).toEqual({
      address_line_1: 'A',
      address_line_2: 'B',
      address_line_3: 'C',
      address_line_4: 'D',
      address_line_5: 'E',
      address_line_6: 'F, G, H',
      address_line_7: 'HD3 3EA',
    });
  });

  it('refuses an address whose postcode is not a UK postcode', () => {
    expect(toNotifyLetterAddress({ lines: ['1 Rue de Rivoli', 'Paris'], postcode: '75001' })).toBeNull();
  });

});

describe('chooseChannel with channels unavailable today', () => {
  it('skips a channel that cannot be used now (its daily limit is reached) and falls back to the next', () => {
    expect(chooseChannel({ mobile: '07700 900123', email: 'sam@example.com' }, new Set(['sms']))).toEqual({ channel: 'email', to: 'sam@example.com' });
    expect(isChannelFailure(chooseChannel({ mobile: '07700 900123' }, new Set(['sms'])))).toBe(true);
  });
});
