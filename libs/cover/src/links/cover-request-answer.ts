import type { LinkBodySource } from '@app/web';
import type { CoverAnswer } from '../requests/cover-request.service';

/**
 * A consultant's answers to a cover request, as they arrive at `POST /c/:token/respond` (pure). JSON
 * clients send `{"answers":[{"assignmentId":"…","accept":true}]}` or `{"accept":true}` for every shift
 * still asked; the page's form sends one radio per shift (`answer-<assignmentId>` = accept | decline), and
 * a shift left unanswered on the form is simply not answered yet.
 */

export type ParsedCoverAnswers =
  | { ok: true; answers: CoverAnswer[] | { all: boolean } }
  | { ok: false; details: { field: string; message: string }[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseCoverAnswers(body: unknown, source: LinkBodySource): ParsedCoverAnswers {
  if (source === 'other' || typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, details: [{ field: 'body', message: 'send JSON {"answers":[{"assignmentId":"…","accept":true}]} or the form on the cover request page' }] };
  }
  const fields = body as Record<string, unknown>;
  return source === 'json' ? fromJson(fields) : fromForm(fields);
}

function fromJson(body: Record<string, unknown>): ParsedCoverAnswers {
  const keys = Object.keys(body);
  const unknown = keys.filter((k) => k !== 'answers' && k !== 'accept');
  if (unknown.length) return { ok: false, details: unknown.map((field) => ({ field, message: 'is not a known field' })) };
  if ('accept' in body && 'answers' in body) return { ok: false, details: [{ field: 'accept', message: 'give either accept (every shift) or answers, not both' }] };
  if ('accept' in body) {
    return typeof body.accept === 'boolean' ? { ok: true, answers: { all: body.accept } } : { ok: false, details: [{ field: 'accept', message: 'must be true or false' }] };
  }
  if (!Array.isArray(body.answers) || body.answers.length === 0 || body.answers.length > 200) {
    return { ok: false, details: [{ field: 'answers', message: 'must be a list of 1–200 answers' }] };
  }
  const details: { field: string; message: string }[] = [];
  const answers: CoverAnswer[] = [];
  const seen = new Set<string>();
  body.answers.forEach((answer: unknown, i: number) => {
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return details.push({ field: `answers[${i}]`, message: 'must be {"assignmentId": "…", "accept": true|false}' });
    const a = answer as Record<string, unknown>;
    for (const key of Object.keys(a)) if (key !== 'assignmentId' && key !== 'accept') details.push({ field: `answers[${i}].${key}`, message: 'is not a known field' });
    if (typeof a.assignmentId !== 'string' || !UUID.test(a.assignmentId)) details.push({ field: `answers[${i}].assignmentId`, message: 'must be a shift id (uuid)' });
    else if (seen.has(a.assignmentId)) details.push({ field: `answers[${i}].assignmentId`, message: 'is answered twice' });
    if (typeof a.accept !== 'boolean') details.push({ field: `answers[${i}].accept`, message: 'must be true or false' });
    if (typeof a.assignmentId === 'string' && typeof a.accept === 'boolean') {
      seen.add(a.assignmentId);
      answers.push({ assignmentId: a.assignmentId.toLowerCase(), accept: a.accept });
    }
    return undefined;
  });
  return details.length ? { ok: false, details } : { ok: true, answers };
}

function fromForm(body: Record<string, unknown>): ParsedCoverAnswers {
  const answers: CoverAnswer[] = [];
  const details: { field: string; message: string }[] = [];
  for (const [key, value] of Object.entries(body)) {
    const match = /^answer-(.+)$/.exec(key);
    if (!match) continue;
    if (!UUID.test(match[1])) {
      details.push({ field: key, message: 'is not a shift of this request' });
      continue;
    }
    if (value !== 'accept' && value !== 'decline') {
      details.push({ field: key, message: 'choose accept or decline' });
      continue;
    }
    answers.push({ assignmentId: match[1].toLowerCase(), accept: value === 'accept' });
  }
  if (details.length) return { ok: false, details };
  if (!answers.length) return { ok: false, details: [{ field: 'answers', message: 'Choose accept or decline for at least one shift' }] };
  return { ok: true, answers };
}
