import { CommonError, CommonErrorCode } from '../errors/domain-error';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';

type Done = (error: Error | null, body?: unknown) => void;

interface FastifyWithJsonParser<Request> {
  getDefaultJsonParser(onProtoPoisoning: 'error', onConstructorPoisoning: 'error'): (request: Request, body: string, done: Done) => void;
}

/**
 * Fastify's own JSON parser (which refuses `__proto__`/`constructor` poisoning), behind a depth check
 * that reads the raw bytes first: a body nested thousands deep is refused before anything builds or
 * walks objects from it, so no recursive code (class-transformer, class-validator) ever sees it.
 */
export function depthLimitedJsonParser<Request>(fastify: FastifyWithJsonParser<Request>, maxDepth: number = MAX_JSON_DEPTH): (request: Request, body: Buffer, done: Done) => void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    if (exceedsJsonDepth(body, maxDepth)) {
      done(new CommonError(CommonErrorCode.BodyTooDeep, `The body nests arrays or objects more than ${maxDepth} levels deep`, [{ field: 'body', message: `must not nest deeper than ${maxDepth} levels` }]));
      return;
    }
    // Typed for a string, Fastify's parser takes the raw Buffer as it is (secure-json-parse reads both).
    parse(request, body as unknown as string, done);
  };
}
