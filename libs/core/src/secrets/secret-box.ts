import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (a trust's Notify API key, its callback token): AES-256-GCM with a random 96-bit IV
 * and a 128-bit auth tag. The envelope names the key that sealed it, so keys can rotate: seal with
 * the current key (SECRETS_KEY), open with it or the previous one (SECRETS_KEY_PREVIOUS) until every
 * secret has been re-sealed. See docs/secrets.md.
 *
 * Envelope: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts); keyId is the first 8 bytes of the
 * key's SHA-256, which identifies a key without revealing it.
 */
export const SECRET_ENVELOPE_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_BYTES = 32;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface SecretKeys {
  /** The key new secrets are sealed with: 32 bytes. */
  current: Buffer;
  /** A key still accepted for opening during a rotation. */
  previous?: Buffer | null;
}

export function secretKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest().subarray(0, 8).toString('base64url');
}

/** A 32-byte key from its base64 text (as `openssl rand -base64 32` prints it); throws naming what is wrong. */
export function parseSecretKey(base64: string): Buffer {
  const trimmed = base64.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new SecretBoxError('must be base64 (make one with: openssl rand -base64 32)');
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== SECRET_KEY_BYTES) throw new SecretBoxError(`must be ${SECRET_KEY_BYTES} bytes in base64, got ${key.length} (make one with: openssl rand -base64 32)`);
  return key;
}

export class SecretBox {
  private readonly currentId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(keys: SecretKeys) {
    for (const key of [keys.current, keys.previous ?? null]) {
      if (key && key.length !== SECRET_KEY_BYTES) throw new SecretBoxError(`a key must be ${SECRET_KEY_BYTES} bytes`);
    }
    this.currentId = secretKeyId(keys.current);
    this.keys.set(this.currentId, keys.current);
    if (keys.previous) this.keys.set(secretKeyId(keys.previous), keys.previous);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(`${SECRET_ENVELOPE_VERSION}.${this.currentId}`));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [SECRET_ENVELOPE_VERSION, this.currentId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  open(envelope: string): string {
    const parts = envelope.split('.');
    if (parts.length !== 5 || parts[0] !== SECRET_ENVELOPE_VERSION) throw new SecretBoxError('not a sealed secret');
    const [version, keyId, ivText, tagText, ciphertextText] = parts;
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError('sealed with a key this process does not have (set SECRETS_KEY_PREVIOUS during a rotation)');
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('not a sealed secret');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(`${version}.${keyId}`));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('the sealed secret has been altered or the key is wrong');
    }
  }

  /** Sealed with a key other than the current one: re-seal it (`seal(open(envelope))`) to finish a rotation. */
  needsResealing(envelope: string): boolean {
    return envelope.split('.')[1] !== this.currentId;
  }
}

/** What may be shown of a secret: its last 4 characters (nothing for a secret of 8 or fewer). */
export function secretHint(secret: string): string {
  if (secret.length <= 8) return '****';
  return `****${secret.slice(-4)}`;
}
