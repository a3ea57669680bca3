import { createHash, randomBytes } from 'node:crypto';

/**
 * Tokens of the no-login links in messages (a patient's offer `/r/:token`, a recall `/s/:token`). A token
 * is 32 random bytes (base64url, 43 characters): it is the only credential, so it must not be guessable.
 * Only its SHA-256 is stored — a plain hash is enough because the token is random and long, not a
 * password; the plain token goes out once, inside the recipient's message.
 */
export interface LinkToken {
  token: string;
  /** SHA-256 of the token, hex. */
  hash: string;
}

const TOKEN_BYTES = 32;

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** `count` fresh tokens from one call to the random source (a national run makes 100,000+). */
export function newLinkTokens(count: number): LinkToken[] {
  const random = randomBytes(TOKEN_BYTES * count);
  const tokens: LinkToken[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const token = random.subarray(index * TOKEN_BYTES, (index + 1) * TOKEN_BYTES).toString('base64url');
    tokens[index] = { token, hash: hashLinkToken(token) };
  }
  return tokens;
}

/** Shape of a token we issue; anything else is simply not found, without a database look-up. */
export function looksLikeLinkToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
