import { AllExceptionsFilter } from '@app/core';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { ErrorPages } from '../errors/error-pages';
import { ConsoleAccess, ConsoleAccessRule, ConsoleRequest } from './console-access';

interface HookRequest extends ConsoleRequest {
  id: unknown;
  url: string;
}
interface HookReply {
  sent: boolean;
  code(status: number): HookReply;
  header(name: string, value: string): HookReply;
  send(body: unknown): HookReply;
}

/**
 * ConsoleAccess for pages mounted straight on Fastify beside Nest's routes (the queue dashboard, the
 * development message viewer): a `preHandler` hook, so the form body is parsed when the CSRF token is
 * read. A refusal is answered like on any console page: a redirect to sign in, an error page, or the
 * JSON error body for a script's API call.
 */
export function consolePageHook(app: INestApplicationContext, rule: ConsoleAccessRule): (request: HookRequest, reply: HookReply) => Promise<HookReply | undefined> {
  const access = app.get(ConsoleAccess);
  const pages = app.get(ErrorPages);
  const errors = new AllExceptionsFilter();
  const logger = new Logger('ConsolePages');
  return async (request, reply) => {
    try {
      await access.check(request, rule);
      return undefined;
    } catch (error) {
      const body = { ...errors.toBody(error), requestId: String(request.id) };
      if (body.statusCode >= 500) logger.error({ msg: 'console page check failed', code: body.code, err: error });
      if (!pages.respond(request, reply, body)) reply.code(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
      return reply;
    }
  };
}
