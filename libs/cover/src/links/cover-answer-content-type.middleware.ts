import { Injectable, NestMiddleware } from '@nestjs/common';

const ACCEPTED = /^\s*(application\/json|application\/x-www-form-urlencoded)\s*(;|$)/i;

/**
 * `POST /c/:token/respond` takes JSON or a form. Anything else would be refused by Fastify with 415
 * before the route runs; the answer must say 400 with the usual error body instead, so the body is
 * handed on as plain text, which the route then refuses itself (the same as the recall answer's).
 */
@Injectable()
export class CoverAnswerContentTypeMiddleware implements NestMiddleware {
  use(request: { headers: Record<string, string | string[] | undefined> }, _response: unknown, next: () => void): void {
    const type = request.headers['content-type'];
    const hasBody = type !== undefined || (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0') || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && (typeof type !== 'string' || !ACCEPTED.test(type))) request.headers['content-type'] = 'text/plain; charset=utf-8';
    next();
  }
}
