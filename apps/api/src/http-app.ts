import helmet from '@fastify/helmet';
import { AllExceptionsFilter, AppConfig, APP_CONFIG, createValidationPipe, enterRequestContext, JsonLogger, requestIdFrom } from '@app/core';
import { mountDevMessageViewer, mountQueueDashboard } from '@app/notifications';
import { CONSOLE_SESSION_SECURITY, ErrorPages, registerWebPlugins, SessionCookies, webContentSecurity } from '@app/web';
import { Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Routes that accept large bodies (bulk imports); everything else keeps the 1 MB default. */
const LARGE_BODY_ROUTE = /\/import$/;

export function fastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => requestIdFrom(request.headers['x-request-id']),
    bodyLimit: 1_073_741_824, // lowered per route in configureHttpApp; the largest comes from config
    trustProxy: true,
  });
}

export async function createHttpApp(rootModule: Type<unknown>, options: { logger?: JsonLogger | false } = {}): Promise<NestFastifyApplication> {
  const logger = options.logger === undefined ? new JsonLogger('api') : options.logger;
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, fastifyAdapter(), { logger: logger || false, bufferLogs: !!logger });
  await configureHttpApp(app);
  return app;
}

/**
 * Everything production sets on the HTTP app; the e2e tests call this too, so they exercise the same
 * error body, limits, headers and OpenAPI document.
 */
export async function configureHttpApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    route.bodyLimit = LARGE_BODY_ROUTE.test(route.url) ? config.importBodyLimitBytes : config.bodyLimitBytes;
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    enterRequestContext({ requestId: String(request.id) });
    reply.header('x-request-id', String(request.id));
    done();
  });
  const access = new Logger('Http');
  fastify.addHook('onResponse', (request, reply, done) => {
    // The route pattern, not the URL: patient and staff links carry their token in the path.
    access.log({ msg: 'request', method: request.method, route: request.routeOptions?.url ?? 'unknown', status: reply.statusCode, ms: Math.round(reply.elapsedTime) });
    done();
  });

  const pages = webContentSecurity(app);
  await app.register(helmet as never, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...pages.scriptSrc],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", ...pages.fontSrc],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await registerWebPlugins(app);
  await mountQueueDashboard(app);
  await mountDevMessageViewer(app);
  app.useGlobalPipes(createValidationPipe());
  // Page routes (the console, the patient and staff links in a browser) answer errors as pages.
  app.useGlobalFilters(new AllExceptionsFilter(app.get(ErrorPages)));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Strike operations planner')
      .setDescription('Walkouts, postponement and rebooking, consultant cover, major-incident recall and GOV.UK Notify messages for NHS trusts.')
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth(app.get(SessionCookies).sessionName, { type: 'apiKey', in: 'cookie', description: 'The console’s session (sign in at /console/login)' }, CONSOLE_SESSION_SECURITY)
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
