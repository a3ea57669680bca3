/**
 * The Idempotency-Key header (pure parts): its shape, and the fingerprint that tells a retry of the
 * same request from a different request that reuses the key.
 */
import { createHash } from 'node:crypto';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9_.:~+/=-]{1,255}$';
const KEY_SHAPE = new RegExp(IDEMPOTENCY_KEY_PATTERN);

export type ParsedIdempotencyKey = { key: string | null } | { problem: string };

/**
 * Absent → null (the request is not idempotent). A UUID is the usual key; any 1–255 characters of
 * letters, digits and `_ . : ~ + / = -` are taken. The IETF draft sends it as a quoted string, so one
 * pair of surrounding quotes is accepted too.
 */
export function parseIdempotencyKey(raw: string | string[] | undefined): ParsedIdempotencyKey {
  if (raw === undefined) return { key: null };
  if (Array.isArray(raw)) return { problem: 'must be sent once' };
  const unquoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (unquoted.length === 0) return { problem: 'must not be empty' };
  if (unquoted.length > 255) return { problem: 'must be at most 255 characters' };
  if (!KEY_SHAPE.test(unquoted)) return { problem: 'may contain only letters, digits and _ . : ~ + / = - (a UUID is best)' };
  return { key: unquoted };
}

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** SHA-256 of method, path with query and body: what "the same request" means. */
export function requestFingerprint(method: string, url: string, body: unknown): Buffer {
  return createHash('sha256').update(`${method.toUpperCase()} ${url}\n${canonicalJson(body)}`).digest();
}
