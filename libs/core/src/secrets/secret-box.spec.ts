import { randomBytes } from 'node:crypto';
import { SecretBox, SecretBoxError, parseSecretKey, secretHint, secretKeyId } from './secret-box';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const apiKey = 'trust-a-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';

describe('SecretBox', () => {
  it('round-trips a secret, and the envelope does not contain it', () => {
    const box = new SecretBox({ current: keyA });
    const sealed = box.seal(apiKey);
    expect(sealed).not.toContain(apiKey);
    expect(sealed).not.toContain('3d844edf');
    expect(sealed.startsWith(`v1.${secretKeyId(keyA)}.`)).toBe(true);
    expect(box.open(sealed)).toBe(apiKey);
    expect(box.open(box.seal(''))).toBe('');
    expect(box.open(box.seal('ŵ €'))).toBe('ŵ €');
  });

  it('uses a fresh IV each time, so the same secret seals differently', () => {
    const box = new SecretBox({ current: keyA });
    expect(box.seal(apiKey)).not.toBe(box.seal(apiKey));
  });

  it('detects tampering with the ciphertext, the tag, the IV or the key id', () => {
    const box = new SecretBox({ current: keyA, previous: keyB });
    const parts = box.seal(apiKey).split('.');
    const flip = (text: string) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[0] ^= 1;
      return bytes.toString('base64url');
    };
    for (const index of [2, 3, 4]) {
      const altered = [...parts];
      altered[index] = flip(altered[index]);
      expect(() => box.open(altered.join('.'))).toThrow(SecretBoxError);
    }
    const otherKeyId = [...parts];
    otherKeyId[1] = secretKeyId(keyB);
    expect(() => box.open(otherKeyId.join('.'))).toThrow(/altered or the key is wrong/);
    expect(() => box.open('not-a-secret')).toThrow(/not a sealed secret/);
  });

  it('refuses to open with the wrong key', () => {
    const sealed = new SecretBox({ current: keyA }).seal(apiKey);
    expect(() => new SecretBox({ current: keyB }).open(sealed)).toThrow(/SECRETS_KEY_PREVIOUS/);
  });

  it('rotates: the new key opens what the previous key sealed, seals with the new key, and says what to re-seal', () => {
    const before = new SecretBox({ current: keyA });
    const old = before.seal(apiKey);
    const during = new SecretBox({ current: keyB, previous: keyA });
    expect(during.open(old)).toBe(apiKey);
    expect(during.needsResealing(old)).toBe(true);
    const resealed = during.seal(during.open(old));
    expect(during.needsResealing(resealed)).toBe(false);
    const after = new SecretBox({ current: keyB });
    expect(after.open(resealed)).toBe(apiKey);
    expect(() => after.open(old)).toThrow(SecretBoxError);
  });
});

describe('parseSecretKey', () => {
  it('accepts a 32-byte base64 key and refuses others naming the size', () => {
    expect(parseSecretKey(keyA.toString('base64'))).toEqual(keyA);
    expect(parseSecretKey(keyA.toString('base64url'))).toEqual(keyA);
    expect(() => parseSecretKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes in base64, got 16/);
    expect(() => parseSecretKey('not base64!')).toThrow(/must be base64/);
  });
});

describe('secretHint', () => {
  it('shows only the last 4 characters', () => {
    expect(secretHint(apiKey)).toBe('****22b0');
    expect(secretHint(apiKey)).not.toContain('3d844edf');
    expect(secretHint('short')).toBe('****');
  });
});
