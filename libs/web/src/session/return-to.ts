/** Where sign-in may send someone back to: pages of the console and the queue dashboard, nothing else. */
const ALLOWED_PREFIXES = ['/console', '/admin/queues'];
const NEVER = ['/console/login', '/console/logout'];
const ORIGIN = 'http://return-to.invalid';

/**
 * A `returnTo` that cannot leave the service: a path on this host (never `//evil.example`,
 * `/\evil.example`, `https://…` or `javascript:`), under the console or the queue dashboard, and not
 * the sign-in page itself. Anything else is null and sign-in goes to `/console`.
 */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return null;
  // Browsers treat a backslash as a slash and drop tabs and newlines, so `/\x` and `/\t/x` mean `//x`.
  if (!value.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(value) || value.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== ORIGIN) return null;
  const path = url.pathname;
  if (!ALLOWED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return null;
  if (NEVER.some((page) => path === page || path.startsWith(`${page}/`))) return null;
  return `${path}${url.search}`;
}

export function signInPath(returnTo: string | null, notice?: 'expired'): string {
  const query = new URLSearchParams();
  if (returnTo) query.set('returnTo', returnTo);
  if (notice) query.set('notice', notice);
  const text = query.toString();
  return `/console/login${text ? `?${text}` : ''}`;
}
