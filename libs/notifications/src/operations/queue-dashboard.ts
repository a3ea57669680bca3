import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { AllExceptionsFilter, AuthService, AuthUser, bearerToken, CommonError, DomainError, QueueName, QueueService, Role } from '@app/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const BASE_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues, for national admins only (bearer token, same as the API). Mounted as a
 * Fastify plugin beside Nest's routes, so it gets its own auth hook.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const queues = app.get(QueueService);
  const auth = app.get(AuthService);
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(BASE_PATH);
  createBullBoard({ queues: Object.values(QueueName).map((name) => new BullMQAdapter(queues.queue(name))), serverAdapter });

  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(
    async (scope) => {
      // Answered here in the API's error body: Bull Board's own error handler would hide the status.
      const errors = new AllExceptionsFilter();
      scope.addHook('onRequest', async (request, reply) => {
        const token = bearerToken(request.headers.authorization);
        let user: AuthUser | null = null;
        let refusal: DomainError | null = null;
        try {
          // The API's own check (exp/iat required, session live, user enabled), not a second copy of it.
          user = token ? await auth.verifyAccessToken(token) : null;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          refusal = error;
        }
        refusal ??= !user ? CommonError.unauthenticated() : user.role !== Role.NationalAdmin ? CommonError.forbidden('The queue dashboard is for national admins') : null;
        if (refusal) {
          const body = { ...errors.toBody(refusal), requestId: String(request.id) };
          return reply.code(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
        }
      });
      await scope.register(serverAdapter.registerPlugin() as never, { prefix: BASE_PATH });
    },
  );
}
