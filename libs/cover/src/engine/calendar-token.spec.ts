import { calendarKeyFrom, calendarUrl, CALENDAR_SEED_BYTES, deriveCalendarToken, hashCalendarToken, isWellFormedCalendarToken, newCalendarSeed } from './calendar-token';

describe('calendar tokens', () => {
  const key = calendarKeyFrom('a-server-secret-of-at-least-32-characters');

  it('derives the same token from the same seed, so every response can carry the same link', () => {
    const seed = newCalendarSeed();
    expect(deriveCalendarToken(key, seed)).toBe(deriveCalendarToken(key, Buffer.from(seed)));
  });

  it('draws 256-bit seeds and gives different people different tokens', () => {
    const seeds = Array.from({ length: 50 }, () => newCalendarSeed());
    expect(seeds.every((s) => s.length === CALENDAR_SEED_BYTES)).toBe(true);
    expect(new Set(seeds.map((s) => deriveCalendarToken(key, s))).size).toBe(50);
  });

  it('gives a different token under another server key, so a copied seed is useless without the key', () => {
    const seed = newCalendarSeed();
    expect(deriveCalendarToken(calendarKeyFrom('another-server-secret-of-32-characters!'), seed)).not.toBe(deriveCalendarToken(key, seed));
  });

  it('makes URL-safe tokens of 43 characters and stores a 32-byte SHA-256 of them', () => {
    const token = deriveCalendarToken(key, newCalendarSeed());
    expect(isWellFormedCalendarToken(token)).toBe(true);
    expect(hashCalendarToken(token)).toHaveLength(32);
    expect(hashCalendarToken(token).toString('hex')).not.toContain(Buffer.from(token).toString('hex'));
  });

  it('recognises anything else as no token without a lookup', () => {
    for (const value of ['', 'abc', 'x'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`]) expect(isWellFormedCalendarToken(value)).toBe(false);
  });

  it('builds the public link under PUBLIC_BASE_URL', () => {
    expect(calendarUrl('https://strike.example.nhs.uk/', 'T0KEN')).toBe('https://strike.example.nhs.uk/api/v1/cover/T0KEN/calendar.ics');
  });
});
