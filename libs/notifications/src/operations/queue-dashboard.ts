import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { currentRequestId, ExtraOperation, QueueService, toErrorBody } from '@app/core';
import { consolePageHook, ConsoleRequest, SessionCookies } from '@app/web';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** Its entry in the OpenAPI document (a Fastify plugin, so the swagger explorer cannot see it). */
export const QUEUE_DASHBOARD_OPERATION: ExtraOperation = {
  path: QUEUE_DASHBOARD_PATH,
  method: 'get',
  operation: {
    operationId: 'QueueDashboard_open',
    summary: 'Open the queue dashboard',
    description: 'Bull Board: the job queues (patient notices, staff alerts, rebooking runs) with their waiting, active, delayed and failed jobs. National admins signed in to the console (without a session: 303 to /console/login). Its own JSON API under /admin/queues/api serves the page and is not a public interface.',
    tags: ['operations'],
    responses: { '200': { description: 'The dashboard page', content: { 'text/html': { schema: { type: 'string' } } } } },
  },
  facts: { public: false, session: true, access: 'national', errors: [], uuidParams: [] },
};

/**
 * What Bull Board's page needs beyond the service's policy, on its own path only: its font stylesheet
 * (Google Fonts) and the inline styles of its loading screen.
 */
const DASHBOARD_SOURCES: Record<string, string[]> = {
  'style-src': ["'unsafe-inline'", 'https://fonts.googleapis.com'],
  'font-src': ['https://fonts.gstatic.com'],
};

/** Adds sources to directives of a Content-Security-Policy header value, keeping everything else. */
export function widenContentSecurityPolicy(policy: string, additions: Record<string, string[]>): string {
  const directives = policy
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const [name, sources] of Object.entries(additions)) {
    const index = directives.findIndex((directive) => directive.split(/\s+/)[0] === name);
    const current = index === -1 ? [name, "'self'"] : directives[index].split(/\s+/);
    const merged = [...current, ...sources.filter((source) => !current.includes(source))].join(' ');
    if (index === -1) directives.push(merged);
    else directives[index] = merged;
  }
  return directives.join(';');
}

/**
 * Bull Board at /admin/queues, for national admins, signed in through the console (the same session,
 * guard and error pages): a browser without a session is sent to sign in and comes back here; other
 * roles get the console's 403 page. Its own requests (pause, retry, clean) change state, so they carry
 * the session's CSRF token: its HTTP client sends the `XSRF-TOKEN` cookie back as a header.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const queues = app.get(QueueService);
  const cookies = app.get(SessionCookies);
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: queues.dashboardQueues().map((queue) => new BullMQAdapter(queue)), serverAdapter });
  // After createBullBoard, which installs its own: the dashboard's API answers in the API's error body too.
  const logger = new Logger('QueueDashboard');
  serverAdapter.setErrorHandler((error: unknown) => {
    const body = toErrorBody(error, currentRequestId() ?? randomUUID());
    if (body.statusCode >= 500) logger.error({ msg: 'dashboard request failed', code: body.code, err: error });
    // Bull Board types only the statuses it sends itself (413, 415, 503 are not among them); its reply takes any.
    return { status: body.statusCode as 400, body };
  });

  const signedIn = consolePageHook(app, { access: 'national' });
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addHook('preHandler', async (request, reply) => {
      const refused = await signedIn(request as never, reply as never);
      if (refused) return refused;
      const session = (request as unknown as ConsoleRequest).consoleSession!;
      if (request.method === 'GET') cookies.setDashboardXsrf(reply as never, QUEUE_DASHBOARD_PATH, session.csrfToken);
      return undefined;
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      const policy = reply.getHeader('content-security-policy');
      if (typeof policy === 'string') reply.header('content-security-policy', widenContentSecurityPolicy(policy, DASHBOARD_SOURCES));
      return payload;
    });
    await scope.register(serverAdapter.registerPlugin() as never, { prefix: QUEUE_DASHBOARD_PATH });
  });
}
