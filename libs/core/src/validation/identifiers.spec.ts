import {
  isValidGmcNumber,
  isValidNhsNumber,
  isValidSiteOdsCode,
  isValidTrustOdsCode,
  isValidUkMobile,
  normaliseUkMobile,
  normaliseUkPostcode,
} from './identifiers';

describe('NHS number', () => {
  it.each(['9434765919', '9434765870', '4010232137', '943 476 5919'])('accepts %s with a correct modulus-11 check digit', (value) => {
    expect(isValidNhsNumber(value)).toBe(true);
  });

  it('rejects a number whose check digit is wrong', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
  });

  it('maps a remainder of 11 to check digit 0', () => {
    // weighted sum 0 → 11 − 0 = 11 → check digit 0
    expect(isValidNhsNumber('0000000000')).toBe(true);
    expect(isValidNhsNumber('0000000001')).toBe(false);
  });

  it('rejects every number whose check digit would be 10', () => {
    // 1×10 + 1×2 = 12 ≡ 1 (mod 11) → 11 − 1 = 10: no final digit can make it valid
    for (let digit = 0; digit <= 9; digit++) expect(isValidNhsNumber(`100000001${digit}`)).toBe(false);
  });

  it.each(['943476591', '94347659190', 'ABCDEFGHIJ', ''])('rejects %j that is not ten digits', (value) => {
    expect(isValidNhsNumber(value)).toBe(false);
  });
});

describe('ODS codes', () => {
  it('accepts a 3-character trust code and a 5-character site code', () => {
    expect(isValidTrustOdsCode('RQM')).toBe(true);
    expect(isValidTrustOdsCode('R1K')).toBe(true);
    expect(isValidSiteOdsCode('RQM01')).toBe(true);
  });

  it.each(['RQ', 'RQMX', 'rqm', 'RQ-'])('rejects trust code %j', (value) => {
    expect(isValidTrustOdsCode(value)).toBe(false);
  });

  it.each(['RQM1', 'RQM011', 'rqm01'])('rejects site code %j', (value) => {
    expect(isValidSiteOdsCode(value)).toBe(false);
  });
});

describe('UK mobile numbers', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['07700-900-123', '+447700900123'],
    ['00447700900123', '+447700900123'],
    ['447700900123', '+447700900123'],
    ['(07700) 900.123', '+447700900123'],
    ['07624 123456', '+447624123456'],
  ])('normalises %s to E.164', (value, expected) => {
    expect(normaliseUkMobile(value)).toBe(expected);
  });

  // 070 personal numbering and 076 pagers do not reliably take a text.
  it.each(['020 7946 0000', '+33612345678', '0770090012', '077009001234', '07000 123456', '07600 123456', 'not a phone'])('rejects %j', (value) => {
    expect(isValidUkMobile(value)).toBe(false);
  });
});

describe('GMC numbers and postcodes', () => {
  it('accepts exactly seven digits as a GMC number', () => {
    expect(isValidGmcNumber('1234567')).toBe(true);
    expect(isValidGmcNumber('123456')).toBe(false);
    expect(isValidGmcNumber('12345678')).toBe(false);
  });

  it('normalises postcodes and rejects nonsense', () => {
    expect(normaliseUkPostcode('sw109nh')).toBe('SW10 9NH');
    expect(normaliseUkPostcode('TW7 6AF')).toBe('TW7 6AF');
    expect(normaliseUkPostcode('12345')).toBeNull();
  });
});
