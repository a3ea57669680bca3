/**
 * A text someone sent to a Notify service's inbound number, as the received-text callback or the
 * received-text-messages API gives it (pure). Checked by hand, like delivery receipts: Notify may add
 * fields, and refusing a text for one would only make Notify retry it.
 */
import { ErrorDetail } from '@app/core';

export interface ReceivedText {
  /** Notify's id of the received text. */
  providerId: string;
  fromNumber: string;
  content: string;
  receivedAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\+?[0-9][0-9 ()-]{5,30}$/;
/** Notify's own limit on an inbound text is far below this; the column allows 5,000. */
export const MAX_RECEIVED_TEXT_LENGTH = 5_000;

function common(value: Record<string, unknown>, fields: { number: string; content: string; date: string }, problems: ErrorDetail[]): ReceivedText | null {
  if (typeof value.id !== 'string' || !UUID.test(value.id)) problems.push({ field: 'id', message: 'must be the Notify received text id (a UUID)' });
  const from = value[fields.number];
  if (typeof from !== 'string' || !NUMBER.test(from.trim())) problems.push({ field: fields.number, message: 'must be the sender’s phone number' });
  const content = value[fields.content];
  if (typeof content !== 'string') problems.push({ field: fields.content, message: 'must be the text of the message' });
  else if (content.length > MAX_RECEIVED_TEXT_LENGTH) problems.push({ field: fields.content, message: `must be at most ${MAX_RECEIVED_TEXT_LENGTH} characters` });
  const date = value[fields.date];
  const receivedAt = typeof date === 'string' ? new Date(date) : new Date(NaN);
  if (Number.isNaN(receivedAt.getTime())) problems.push({ field: fields.date, message: 'must be a date-time' });
  if (problems.length) return null;
  return { providerId: (value.id as string).toLowerCase(), fromNumber: (from as string).trim(), content: content as string, receivedAt };
}

/** Notify's received-text callback: `{id, source_number, destination_number, message, date_received}`. */
export function parseReceivedTextCallback(body: unknown): { text: ReceivedText } | { problems: ErrorDetail[] } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { problems: [{ field: 'body', message: 'must be a JSON object' }] };
  const problems: ErrorDetail[] = [];
  const text = common(body as Record<string, unknown>, { number: 'source_number', content: 'message', date: 'date_received' }, problems);
  return text ? { text } : { problems };
}

/** One item of `GET /v2/received-text-messages`: `{id, user_number, notify_number, content, created_at, service_id}`. */
export function parseListedReceivedText(item: unknown): ReceivedText | null {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return null;
  return common(item as Record<string, unknown>, { number: 'user_number', content: 'content', date: 'created_at' }, []);
}
