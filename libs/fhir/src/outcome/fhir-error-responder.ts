import { ErrorBody, ErrorPageResponder } from '@app/core';
import { FHIR_CONTENT_TYPE } from '../engine/systems';
import { toOperationOutcome } from './operation-outcome';

/** /api/v1/trusts/{trustId}/fhir/R4 and everything below it (any trust id: the answer is the same shape). */
export const FHIR_PATH_PATTERN = /^\/api\/v1\/trusts\/[^/?]+\/fhir\/R4(\/|\?|$)/;

interface RequestLike {
  url?: string;
}

interface ReplyLike {
  sent?: boolean;
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): unknown;
}

/**
 * Errors on the FHIR routes, whoever raises them (the guard, the pipes, the handler, an unknown path
 * under the FHIR base, a body that is too large), answer as an OperationOutcome with the same status.
 * Plugged in beside the web pages' responder in front of the one error body.
 */
export class FhirErrorResponder implements ErrorPageResponder {
  respond(request: unknown, reply: unknown, body: ErrorBody): boolean {
    const url = (request as RequestLike | undefined)?.url;
    if (!url || !FHIR_PATH_PATTERN.test(url)) return false;
    const out = reply as ReplyLike;
    if (out.sent) return true;
    out.status(body.statusCode).header('content-type', FHIR_CONTENT_TYPE).send(toOperationOutcome(body));
    return true;
  }
}

/** The first responder that answers, else none (the JSON error body). */
export function firstResponder(...responders: ErrorPageResponder[]): ErrorPageResponder {
  return { respond: (request, reply, body) => responders.some((responder) => responder.respond(request, reply, body)) };
}
