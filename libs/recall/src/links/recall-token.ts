import { createHash, randomBytes } from 'node:crypto';

/**
 * Recall link tokens: 32 random bytes (256 bits) as base64url, 43 characters, in the path of `/s/:token`.
 * Only the SHA-256 of a token is stored; whoever reads the database cannot answer for anyone. A plain
 * hash (no salt, no slow KDF) is enough because the token is random and long, not a password.
 */
export const RECALL_TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedRecallToken {
  token: string;
  /** Hex SHA-256 of the token, what the database keeps. */
  hash: string;
}

export function issueRecallToken(): IssuedRecallToken {
  const token = randomBytes(RECALL_TOKEN_BYTES).toString('base64url');
  return { token, hash: hashRecallToken(token) };
}

export function hashRecallToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Anything that cannot be a token is simply not found, without a database look-up. */
export function isRecallTokenShape(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_SHAPE.test(value);
}
