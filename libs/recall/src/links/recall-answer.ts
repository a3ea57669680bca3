import type { LinkBodySource } from '@app/web';
/**
 * A staff member's answer to a recall, as it arrives at `POST /s/:token/respond` (pure).
 *
 * JSON clients are held to the API's strictness (booleans are booleans, unknown fields refused). A
 * browser form is read the way a person filled it in: radio values are strings, an empty ETA box means
 * "not given", and an ETA typed before choosing "No" is ignored rather than refused.
 */
export const MAX_ETA_MINUTES = 600;

export interface RecallAnswer {
  attending: boolean;
  /** Minutes to arrival; only when attending, and optional then too. */
  etaMinutes: number | null;
}

export interface AnswerProblem {
  field: string;
  message: string;
}

export type RecallAnswerResult = { ok: true; value: RecallAnswer } | { ok: false; details: AnswerProblem[] };

const JSON_FIELDS = new Set(['attending', 'etaMinutes']);
const ETA_MESSAGE = `must be a whole number of minutes from 0 to ${MAX_ETA_MINUTES}`;

export function parseRecallAnswer(body: unknown, source: LinkBodySource): RecallAnswerResult {
  if (source === 'other' || typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail([{ field: 'body', message: 'send JSON {"attending": true, "etaMinutes": 20} or the form on the recall page' }]);
  }
  return source === 'json' ? fromJson(body as Record<string, unknown>) : fromForm(body as Record<string, unknown>);
}

function fromJson(body: Record<string, unknown>): RecallAnswerResult {
  const details: AnswerProblem[] = [];
  for (const key of Object.keys(body)) if (!JSON_FIELDS.has(key)) details.push({ field: key, message: 'is not a known field' });

  const attending = body.attending;
  if (attending === undefined || attending === null) details.push({ field: 'attending', message: 'is required: true or false' });
  else if (typeof attending !== 'boolean') details.push({ field: 'attending', message: 'must be true or false' });

  const eta = Object.hasOwn(body, 'etaMinutes') ? body.etaMinutes : undefined;
  let etaMinutes: number | null = null;
  if (eta !== undefined && eta !== null) {
    if (typeof eta !== 'number' || !Number.isInteger(eta) || eta < 0 || eta > MAX_ETA_MINUTES) details.push({ field: 'etaMinutes', message: ETA_MESSAGE });
    else if (attending === false) details.push({ field: 'etaMinutes', message: 'give etaMinutes only when attending is true' });
    else etaMinutes = eta;
  }
  return details.length ? fail(details) : { ok: true, value: { attending: attending as boolean, etaMinutes } };
}

function fromForm(body: Record<string, unknown>): RecallAnswerResult {
  const details: AnswerProblem[] = [];
  const attendingRaw = single(body, 'attending', details);
  let attending: boolean | null = null;
  if (attendingRaw === undefined || attendingRaw.trim() === '') {
    if (!details.some((d) => d.field === 'attending')) details.push({ field: 'attending', message: 'Select whether you can come in' });
  } else if (['true', 'yes'].includes(attendingRaw.trim().toLowerCase())) attending = true;
  else if (['false', 'no'].includes(attendingRaw.trim().toLowerCase())) attending = false;
  else details.push({ field: 'attending', message: 'Select whether you can come in' });

  let etaMinutes: number | null = null;
  // Someone who typed a time and then chose "No" means no: the box is not read at all.
  if (attending !== false) {
    const etaRaw = single(body, 'etaMinutes', details)?.trim();
    if (etaRaw !== undefined && etaRaw !== '') {
      const value = /^\d{1,4}$/.test(etaRaw) ? Number(etaRaw) : NaN;
      if (!(value >= 0 && value <= MAX_ETA_MINUTES)) details.push({ field: 'etaMinutes', message: `Enter the minutes until you arrive as a whole number from 0 to ${MAX_ETA_MINUTES}` });
      else etaMinutes = value;
    }
  }
  return details.length || attending === null ? fail(details) : { ok: true, value: { attending, etaMinutes } };
}

/** A form field given twice (attending=true&attending=false) is not an answer. */
function single(body: Record<string, unknown>, field: string, details: AnswerProblem[]): string | undefined {
  if (!Object.hasOwn(body, field)) return undefined;
  const value = body[field];
  if (typeof value === 'string') return value;
  details.push({ field, message: 'must be given once' });
  return undefined;
}

function fail(details: AnswerProblem[]): RecallAnswerResult {
  return { ok: false, details };
}
