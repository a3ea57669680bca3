import { canonicalPhoneNumber, CountedText, decideNumberCap, NUMBER_CAP_WINDOW_MS, phoneNumberDigest } from './sms-number-cap';

const CAPS = { perHour: 100, identicalPerHour: 20 };
const NOW = 10 * NUMBER_CAP_WINDOW_MS;
const texts = (count: number, content: (n: number) => string, at: (n: number) => number): CountedText[] => Array.from({ length: count }, (_, n) => ({ at: at(n), content: content(n) }));

describe('decideNumberCap', () => {
  it('lets the 100th different text of the hour through and holds the 101st until the oldest leaves the hour', () => {
    const history = texts(99, (n) => `text ${n}`, (n) => NOW - 3_000_000 + n * 1000);
    expect(decideNumberCap(history, 'text 99', NOW, CAPS)).toEqual({ allowed: true });
    const full = [...history, { at: NOW, content: 'text 99' }];
    expect(decideNumberCap(full, 'text 100', NOW, CAPS)).toEqual({ allowed: false, cap: 'per-hour', retryAt: NOW - 3_000_000 + NUMBER_CAP_WINDOW_MS });
  });

  it('lets the 20th identical text through and holds the 21st, while other texts to the number still go', () => {
    const same = texts(19, () => 'URGENT: recall', (n) => NOW - 1_000_000 + n);
    expect(decideNumberCap(same, 'URGENT: recall', NOW, CAPS)).toEqual({ allowed: true });
    const twenty = [...same, { at: NOW - 10, content: 'URGENT: recall' }];
    expect(decideNumberCap(twenty, 'URGENT: recall', NOW, CAPS)).toEqual({ allowed: false, cap: 'identical-per-hour', retryAt: NOW - 1_000_000 + NUMBER_CAP_WINDOW_MS });
    expect(decideNumberCap(twenty, 'Stand down', NOW, CAPS)).toEqual({ allowed: true });
  });

  it('forgets texts more than an hour old (a rolling hour, not a clock hour)', () => {
    const old = texts(100, (n) => `t${n}`, (n) => NOW - NUMBER_CAP_WINDOW_MS - n);
    expect(decideNumberCap(old, 'new', NOW, CAPS)).toEqual({ allowed: true });
    const edge = texts(100, (n) => `t${n}`, () => NOW - NUMBER_CAP_WINDOW_MS + 1);
    expect(decideNumberCap(edge, 'new', NOW, CAPS)).toEqual({ allowed: false, cap: 'per-hour', retryAt: NOW + 1 });
  });

  it('waits for the later of the two windows when both are full', () => {
    const identical = texts(20, () => 'same', (n) => NOW - 100_000 + n);
    const others = texts(80, (n) => `o${n}`, (n) => NOW - 3_500_000 + n);
    const decision = decideNumberCap([...others, ...identical], 'same', NOW, CAPS);
    expect(decision).toEqual({ allowed: false, cap: 'identical-per-hour', retryAt: NOW - 100_000 + NUMBER_CAP_WINDOW_MS });
  });

  it('counts in any order it is given', () => {
    const history = texts(100, (n) => `t${n}`, (n) => NOW - n * 1000).reverse();
    expect(decideNumberCap(history, 'x', NOW, CAPS)).toEqual({ allowed: false, cap: 'per-hour', retryAt: NOW - 99_000 + NUMBER_CAP_WINDOW_MS });
  });
});

describe('phone numbers', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['+447700900123', '+447700900123'],
    ['447700900123', '+447700900123'],
    ['00447700900123', '+447700900123'],
    ['+33 6 12 34 56 78', '+33612345678'],
  ])('spells %j as %j', (value, expected) => {
    expect(canonicalPhoneNumber(value)).toBe(expected);
  });

  it('digests every spelling of one number the same, and different numbers differently', () => {
    expect(phoneNumberDigest('447700900123')).toBe(phoneNumberDigest('07700 900123'));
    expect(phoneNumberDigest('447700900124')).not.toBe(phoneNumberDigest('07700 900123'));
  });
});
