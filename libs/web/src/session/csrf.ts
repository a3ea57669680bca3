import { timingSafeEqual } from 'node:crypto';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The token a request sent: the form's `_csrf` field, or a header (scripts; the queue dashboard's axios). */
export function submittedCsrfToken(request: { headers: Record<string, string | string[] | undefined>; body?: unknown }): string | undefined {
  const body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const field = (body as Record<string, unknown>)._csrf;
    if (typeof field === 'string') return field;
  }
  for (const name of ['x-csrf-token', 'x-xsrf-token']) {
    const value = request.headers[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** Constant-time comparison; a missing token on either side never matches. */
export function csrfTokensMatch(submitted: string | undefined, expected: string | undefined): boolean {
  if (!submitted || !expected) return false;
  const a = Buffer.from(submitted, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
