/** The part of Fastify's reply a page route uses. */
export interface PageReply {
  status(code: number): PageReply;
  header(name: string, value: string): PageReply;
  send(body?: unknown): unknown;
}

/**
 * A rendered page. Never cached (pages show live data and carry CSRF tokens) and never indexed; the
 * patient and staff pages also carry a credential in their address.
 */
export function sendPage(reply: PageReply, status: number, html: string): void {
  reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow').send(html);
}

/** After a form post: 303 See Other, so reloading the next page does not send the form again. */
export function sendRedirect(reply: PageReply, location: string): void {
  reply.status(303).header('location', location).header('cache-control', 'no-store').send('');
}

/** A console download (CSV or JSON) saved under `filename`: never cached, as the pages it comes from. */
export function sendDownload(reply: PageReply, contentType: 'text/csv' | 'application/json', filename: string, body: string): void {
  reply.status(200).header('content-type', `${contentType}; charset=utf-8`).header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(body);
}
