/** Which of the service's web pages a request is for, or null for the JSON API. */
export type PageArea = 'console' | 'queue-dashboard' | 'patient-link' | 'staff-link';

function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function acceptsHtml(accept: string | string[] | undefined): boolean {
  return (Array.isArray(accept) ? accept.join(',') : (accept ?? '')).toLowerCase().includes('text/html');
}

/**
 * Console pages are always pages. The queue dashboard's page is, its `api/` is JSON for its script. The
 * patient and staff links are pages for browsers (which send Accept: text/html) and keep the JSON
 * error body for API clients, as the recall answer route promises.
 */
export function pageAreaOf(request: { url?: string; headers?: Record<string, string | string[] | undefined> }): PageArea | null {
  const path = pathOf(request.url ?? '');
  if (under(path, '/console')) return 'console';
  if (under(path, '/admin/queues')) return under(path, '/admin/queues/api') ? null : 'queue-dashboard';
  const html = acceptsHtml(request.headers?.accept);
  if (html && path.startsWith('/r/')) return 'patient-link';
  if (html && path.startsWith('/s/')) return 'staff-link';
  // A consultant's cover request link is a staff link too.
  if (html && path.startsWith('/c/')) return 'staff-link';
  return null;
}
