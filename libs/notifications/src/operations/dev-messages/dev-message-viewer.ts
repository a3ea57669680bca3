import { APP_CONFIG, AppConfig, isUuid, QueueService, Role } from '@app/core';
import { consolePageHook, CONSOLE_SERVICE_NAME, ConsoleRequest, PageRenderer, sendPage } from '@app/web';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { NotificationRepository } from '../../notifications/notification.repository';
import { DevMessageStore } from './dev-message-store';
import { DevMessageView, toDevMessageView } from './dev-message-view';

export const DEV_MESSAGES_PATH = '/console/dev/messages';

interface ViewerRequest extends ConsoleRequest {
  params: { id?: string };
}

/**
 * The development message viewer (`/console/dev/messages`): every message the log provider "sent",
 * newest first, with its wording and its links, so the patient offer and staff recall pages can be
 * tried without a phone. Never in production: there it is not mounted at all (and the worker keeps no
 * messages). Signed in through the console session; a trust user sees their own trust's messages only.
 */
export async function mountDevMessageViewer(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  if (config.nodeEnv === 'production') {
    new Logger('DevMessages').log({ msg: 'development message viewer not mounted (NODE_ENV=production)' });
    return;
  }
  const store = new DevMessageStore(app.get(QueueService).redis(), config.queuePrefix);
  const notifications = app.get(NotificationRepository);
  const renderer = app.get(PageRenderer);

  async function visibleMessages(request: ViewerRequest): Promise<DevMessageView[]> {
    const messages = await store.list();
    const ids = messages.map((message) => message.id).filter(isUuid);
    const origins = new Map((ids.length ? await notifications.originsOf(ids) : []).map((origin) => [origin.id, origin]));
    const user = request.user!;
    return messages
      .filter((message) => user.role === Role.NationalAdmin || origins.get(message.id)?.trustId === user.trustId)
      .map((message) => toDevMessageView(message, origins.get(message.id) ?? null, config.publicBaseUrl));
  }

  function frame(request: ViewerRequest, title: string) {
    const session = request.consoleSession!;
    return { title, serviceName: CONSOLE_SERVICE_NAME, serviceHref: '/console', account: { email: session.email, csrfToken: session.csrfToken } };
  }

  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addHook('preHandler', consolePageHook(app, { access: 'read' }) as never);
    scope.get(DEV_MESSAGES_PATH, async (request, reply) => {
      const messages = await visibleMessages(request as unknown as ViewerRequest);
      sendPage(reply as never, 200, renderer.render('notifications/dev-messages.njk', frame(request as unknown as ViewerRequest, 'Messages sent in development'), { messages }));
    });
    scope.get(`${DEV_MESSAGES_PATH}/:id`, async (request, reply) => {
      const viewer = request as unknown as ViewerRequest;
      const id = viewer.params.id;
      const message = isUuid(id) ? (await visibleMessages(viewer)).find((candidate) => candidate.id === id.toLowerCase()) : undefined;
      if (!message) {
        sendPage(reply as never, 404, renderer.render('web/error.njk', frame(viewer, 'Message not found'), { heading: 'Message not found', paragraphs: ['It may be older than the last messages kept, or belong to another trust.'], link: { href: DEV_MESSAGES_PATH, text: 'See all messages' } }));
        return;
      }
      sendPage(reply as never, 200, renderer.render('notifications/dev-message.njk', frame(viewer, message.subject ?? `${message.channel} to ${message.to}`), { message }));
    });
  });
}
