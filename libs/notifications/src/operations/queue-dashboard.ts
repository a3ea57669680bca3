import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { AuthService, AuthUser, bearerToken, CommonError, currentRequestId, DomainError, ExtraOperation, QueueName, QueueService, Role, toErrorBody } from '@app/core';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const BASE_PATH = '/admin/queues';

/** Its entry in the OpenAPI document (a Fastify plugin, so the swagger explorer cannot see it). */
export const QUEUE_DASHBOARD_OPERATION: ExtraOperation = {
  path: BASE_PATH,
  method: 'get',
  operation: {
    operationId: 'QueueDashboard_open',
    summary: 'Open the queue dashboard',
    description: 'Bull Board: the job queues (patient notices, staff alerts, rebooking runs) with their waiting, active, delayed and failed jobs. National admins only. Its own JSON API under /admin/queues/api serves the page and is not a public interface.',
    tags: ['operations'],
    responses: { '200': { description: 'The dashboard page', content: { 'text/html': { schema: { type: 'string' } } } } },
  },
  facts: { public: false, access: 'national', throttled: false, errors: [], uuidParams: [] },
};

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
  // After createBullBoard, which installs its own: the dashboard's API answers in the API's error body too.
  const logger = new Logger('QueueDashboard');
  serverAdapter.setErrorHandler((error: unknown) => {
    const body = toErrorBody(error, currentRequestId() ?? randomUUID());
    if (body.statusCode >= 500) logger.error({ msg: 'dashboard request failed', code: body.code }, error instanceof Error ? error.stack : String(error));
    // Bull Board types only the statuses it sends itself (413, 415, 503 are not among them); its reply takes any.
    return { status: body.statusCode as 400, body };
  });

  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(
    async (scope) => {
      // Answered here in the API's error body: Bull Board's own error handler would hide the status.
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
          const body = toErrorBody(refusal, String(request.id));
          return reply.code(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
        }
      });
      await scope.register(serverAdapter.registerPlugin() as never, { prefix: BASE_PATH });
    },
  );
}
