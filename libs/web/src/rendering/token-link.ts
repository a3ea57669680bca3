import { CommonError, CommonErrorCode, ErrorDetail } from '@app/core';
import { PageReply, sendPage } from './page-reply';

/** How a token link's answer arrived: the page's form, a JSON client, or something else (refused by the parser). */
export type LinkBodySource = 'json' | 'form' | 'other';

export function linkBodySource(contentType: string | undefined): LinkBodySource {
  if (contentType && /^\s*application\/json\s*(;|$)/i.test(contentType)) return 'json';
  if (contentType && /^\s*application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) return 'form';
  return 'other';
}

/**
 * A browser gets pages (errors too); a JSON client gets JSON and the usual error body. `fallback` is for
 * an Accept that names neither: a link opened from a text message is a browser, a post without one is not.
 */
export function wantsHtml(accept: string | undefined, fallback: boolean): boolean {
  const value = (accept ?? '').toLowerCase();
  if (value.includes('text/html')) return true;
  if (value.includes('application/json')) return false;
  return fallback;
}

/** A token link's JSON answer: never cached, like its pages (the address carries a credential). */
export function sendLinkJson(reply: PageReply, body: unknown): void {
  reply.status(200).header('cache-control', 'no-store').send(body);
}

/** One token link's answer route (the patient, recall, cover-request and declaration links share its flow). */
export interface TokenLinkAnswer<V> {
  reply: PageReply;
  accept: string | undefined;
  contentType: string | undefined;
  /** Records the answer; throws the lib's "no such link" error or a validation error naming the field. */
  answer(source: LinkBodySource): Promise<V>;
  isLinkNotFound(error: unknown): boolean;
  notFoundPage(): string;
  /** The page again with the form's errors next to their fields. */
  invalidFormPage(details: ErrorDetail[]): Promise<string>;
  savedPage(view: V): string;
  json(view: V): unknown;
}

/**
 * A browser's form post gets a page back whatever happens (saved, the form with its errors, or not
 * found); any other client gets JSON, and the error body of every other route for its errors.
 */
export async function answerTokenLink<V>(link: TokenLinkAnswer<V>): Promise<void> {
  const source = linkBodySource(link.contentType);
  // Browsers send Accept: text/html with a form post; anything else gets JSON and the error body.
  const html = wantsHtml(link.accept, false);
  let view: V;
  try {
    view = await link.answer(source);
  } catch (error) {
    if (html && link.isLinkNotFound(error)) return sendPage(link.reply, 404, link.notFoundPage());
    if (html && source === 'form' && error instanceof CommonError && error.code === CommonErrorCode.ValidationFailed) {
      return sendPage(link.reply, 400, await link.invalidFormPage(error.details ?? []));
    }
    throw error;
  }
  if (html) return sendPage(link.reply, 200, link.savedPage(view));
  sendLinkJson(link.reply, link.json(view));
}
