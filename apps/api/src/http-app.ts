import helmet from '@fastify/helmet';
import {
  AllExceptionsFilter,
  AppConfig,
  APP_CONFIG,
  AuthUser,
  collectOperationFacts,
  CommonError,
  CommonErrorCode,
  createValidationPipe,
  completeOpenApiDocument,
  depthLimitedJsonParser,
  enterRequestContext,
  ExtraOperation,
  findUnacceptableText,
  HttpMetrics,
  KnownRoutes,
  loadConfig,
  requestIdFrom,
  sendErrorReply,
  toErrorBody,
  UNMATCHED_ROUTE,
} from '@app/core';
import { FhirErrorResponder, fhirOpenApi, firstResponder, FHIR_JSON } from '@app/fhir';
import { mountDevMessageViewer, mountQueueDashboard, QUEUE_DASHBOARD_OPERATION } from '@app/notifications';
import { CONSOLE_SESSION_SECURITY, ErrorPages, registerWebPlugins, SessionCookies, webContentSecurity } from '@app/web';
import { Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Routes that accept large bodies (bulk imports, FHIR transaction bundles); every other route, and unknown ones, keep the small default. */
const LARGE_BODY_ROUTE = /\/import$|\/fhir\/R4$/;
/** Longest path parameter (link tokens are 43 characters); longer gets 414. */
const MAX_PARAM_LENGTH = 100;
/** What a client is told to wait while this instance shuts down (another instance, or this one restarted, answers). */
const SHUTDOWN_RETRY_AFTER_SECONDS = 5;

/**
 * Nest's Fastify adapter, told when the app starts to close (Nest calls `beforeClose` first, before the
 * database and Redis connections go): from then on every request is answered 503 in the error body.
 */
export class ApiFastifyAdapter extends FastifyAdapter {
  shuttingDown = false;
  private nestErrorHandler: ((error: unknown, request: FastifyRequest, reply: FastifyReply) => unknown) | null = null;

  override beforeClose(): void {
    this.shuttingDown = true;
    super.beforeClose();
  }

  /**
   * Nest installs its exception layer (the global filter) here at init. Plugin contexts (Swagger UI, the
   * queue dashboard) copy the root error handler when they are registered, before init, so the root
   * handler is installed once, early, by configureHttpApp, and hands every error to Nest's layer.
   */
  override setErrorHandler(handler: Parameters<FastifyAdapter['setErrorHandler']>[0]): ReturnType<FastifyAdapter['setErrorHandler']> {
    this.nestErrorHandler = handler as unknown as NonNullable<ApiFastifyAdapter['nestErrorHandler']>;
    return this.getInstance();
  }

  handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): unknown {
    if (this.nestErrorHandler) return this.nestErrorHandler(error, request, reply);
    // Before Nest's init: the same body, straight from the filter's functions.
    return sendErrorReply(reply, toErrorBody(error, String(request.id)), error);
  }
}

export function fastifyAdapter(config: AppConfig = loadConfig()): ApiFastifyAdapter {
  return new ApiFastifyAdapter({
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => requestIdFrom(request.headers['x-request-id']),
    // The small limit by default (unknown routes included); import routes are raised in configureHttpApp.
    bodyLimit: config.bodyLimitBytes,
    // TRUST_PROXY (off by default): only the proxies it names may set the client address through
    // X-Forwarded-For, so a client cannot pick its own address to dodge the sign-in limit.
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Fastify's own 503 while closing has its own body; the onRequest hook answers instead.
    return503OnClosing: false,
    // A malformed URL (400) or an over-long parameter (414) is refused by the router before any hook runs.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => answerBeforeNest(request, reply, error),
    clientErrorHandler: answerClientError,
  });
}

const SERVED_ROUTES = new WeakMap<NestFastifyApplication, KnownRoutes>();

/** Every route the app serves (Nest's and the plugins'), so a test can hold the OpenAPI document to it. */
export function servedRoutes(app: NestFastifyApplication): { method: string; url: string }[] {
  return SERVED_ROUTES.get(app)?.list() ?? [];
}

export async function createHttpApp(rootModule: Type<unknown>, options: { config?: AppConfig; logger?: false } = {}): Promise<NestFastifyApplication> {
  const config = options.config ?? loadConfig();
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, fastifyAdapter(config), options.logger === false ? { logger: false } : { bufferLogs: true });
  if (options.logger !== false) app.useLogger(app.get(PinoNestLogger));
  await configureHttpApp(app);
  return app;
}

/**
 * Everything production sets on the HTTP app; the e2e tests call this too, so they exercise the same
 * error body, limits, headers and OpenAPI document.
 */
export async function configureHttpApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const adapter = app.getHttpAdapter();
  if (!(adapter instanceof ApiFastifyAdapter)) throw new Error('configureHttpApp needs the adapter made by fastifyAdapter()');
  const fastify = adapter.getInstance();
  const metrics = app.get(HttpMetrics);
  // Pages answer errors as pages, the FHIR routes as an OperationOutcome; everything else in the one error body.
  const errorPages = firstResponder(new FhirErrorResponder(), app.get(ErrorPages));
  const knownRoutes = new KnownRoutes({ maxParamLength: MAX_PARAM_LENGTH });
  SERVED_ROUTES.set(app, knownRoutes);

  // Set before any plugin registers, so every context (Swagger UI, the queue dashboard) answers errors
  // through Nest's exception layer and the one error body.
  fastify.setErrorHandler((error, request, reply) => adapter.handleError(error, request, reply));

  fastify.addHook('onRoute', (route) => {
    if (LARGE_BODY_ROUTE.test(route.url)) route.bodyLimit = config.importBodyLimitBytes;
    knownRoutes.add(route.method, route.url);
  });

  // Registered before the hooks below so that the answers they give early carry its headers too.
  await app.register(helmet as never, securityHeaders(config, webContentSecurity(app)));

  fastify.addHook('onRequest', (request, reply, done) => {
    const requestId = String(request.id);
    enterRequestContext({ requestId });
    reply.header('x-request-id', requestId);
    if (adapter.shuttingDown) {
      reply.header('connection', 'close');
      const closing = new CommonError(CommonErrorCode.ServiceUnavailable, 'This instance is shutting down; try again in a few seconds', [], { retryAfterSeconds: SHUTDOWN_RETRY_AFTER_SECONDS });
      return sendErrorReply(reply, toErrorBody(closing, requestId), closing);
    }
    // Unknown routes are answered here, before the body is read: nobody can make the server buffer a
    // body for a route that does not exist.
    if (request.is404) {
      if (hasBody(request)) reply.header('connection', 'close');
      const path = request.url.split('?')[0];
      const allowed = knownRoutes.methodsFor(path);
      if (allowed.length) reply.header('allow', allowed.join(', '));
      const refusal = allowed.length
        ? new CommonError(CommonErrorCode.MethodNotAllowed, `${request.method} is not allowed here; this path answers ${allowed.join(', ')}`)
        : new CommonError(CommonErrorCode.RouteNotFound, `No route: ${request.method} ${path}`);
      const body = toErrorBody(refusal, requestId);
      // A console or link path that does not exist gets the 404 page; everything else the JSON body.
      if (errorPages.respond(request, reply, body)) return;
      return sendErrorReply(reply, body, refusal);
    }
    done();
  });

  // Every string of every request (path, query, body) is checked before validation, for every route.
  fastify.addHook('preValidation', (request, _reply, done) => {
    const problems = [...findUnacceptableText(request.params), ...findUnacceptableText(request.query), ...findUnacceptableText(request.body)];
    done(problems.length ? CommonError.validation(problems, 'The request contains text that cannot be stored') : undefined);
  });

  // nestjs-pino's middleware opens the request's logging context, but under Fastify that context does
  // not survive body parsing; it is opened again here, just before the handler, so everything the
  // request causes (services, repositories) logs through the request's child logger with its id.
  const requestLogging = await app.resolve(PinoLogger);
  fastify.addHook('preHandler', (request, _reply, done) => requestLogging.runInContext(() => done(), { bindings: { requestId: String(request.id) } }));

  const access = new Logger('Http');
  fastify.addHook('onResponse', (request, reply, done) => {
    // The route pattern, not the URL: patient and staff links carry their token in the path. The user
    // id (set by the auth guard), never their email.
    const route = request.is404 ? undefined : request.routeOptions?.url;
    const userId = (request as FastifyRequest & { user?: AuthUser }).user?.id;
    access.log({ msg: 'request', method: request.method, route: route ?? UNMATCHED_ROUTE, status: reply.statusCode, ms: Math.round(reply.elapsedTime), ...(userId ? { userId } : {}) });
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime);
    done();
  });

  app.useBodyParser('application/json', {}, depthLimitedJsonParser(fastify));
  app.useBodyParser(FHIR_JSON, {}, depthLimitedJsonParser(fastify));
  await registerWebPlugins(app);
  await mountQueueDashboard(app);
  await mountDevMessageViewer(app);
  app.useGlobalPipes(createValidationPipe());
  // Page routes (the console, the patient and staff links in a browser) answer errors as pages.
  app.useGlobalFilters(new AllExceptionsFilter(errorPages));
  app.enableShutdownHooks();

  const document = fhirOpenApi(completeOpenApiDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Strike operations planner')
        .setDescription(API_DESCRIPTION)
        .setVersion('1')
        .setLicense('MIT', 'https://opensource.org/licenses/MIT')
        .addServer('/', 'This service')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /api/v1/auth/token' }, 'bearer')
        .addCookieAuth(app.get(SessionCookies).sessionName, { type: 'apiKey', in: 'cookie', description: 'The console’s session (sign in at /console/login)' }, CONSOLE_SESSION_SECURITY)
        .build(),
    ),
    collectOperationFacts(app),
    [QUEUE_DASHBOARD_OPERATION, ...DOCS_OPERATIONS],
  ));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

const API_DESCRIPTION = [
  'Walkouts, postponement and rebooking, consultant cover, major-incident recall and GOV.UK Notify messages for NHS trusts.',
  '',
  'Every error has one body (`ErrorBody`): `statusCode`, a stable `code`, a `message`, `details` naming each request field at fault, `conflict` for the stored objects a request collides with, and the `requestId`. Each operation lists the codes it can answer in its responses (`x-error-codes`). A known path called with a method it does not serve answers 405 `METHOD_NOT_ALLOWED` with an `Allow` header.',
].join('\n');

/** The document and its viewer, which SwaggerModule serves itself. */
const DOCS_OPERATIONS: ExtraOperation[] = [
  {
    path: '/docs',
    method: 'get',
    operation: { operationId: 'Docs_viewer', summary: 'Read this API description in a browser', tags: ['operations'], responses: { '200': { description: 'Swagger UI', content: { 'text/html': { schema: { type: 'string' } } } } } },
    facts: { public: true, access: 'read', errors: [], uuidParams: [] },
  },
  {
    path: '/docs-yaml',
    method: 'get',
    operation: { operationId: 'Docs_documentYaml', summary: 'Get this API description (OpenAPI 3) as YAML', tags: ['operations'], responses: { '200': { description: 'This document', content: { 'text/yaml': { schema: { type: 'string' } } } } } },
    facts: { public: true, access: 'read', errors: [], uuidParams: [] },
  },
  {
    path: '/docs-json',
    method: 'get',
    operation: { operationId: 'Docs_document', summary: 'Get this API description (OpenAPI 3)', tags: ['operations'], responses: { '200': { description: 'This document', content: { 'application/json': { schema: { type: 'object' } } } } } },
    facts: { public: true, access: 'read', errors: [], uuidParams: [] },
  },
];

/**
 * HSTS and `upgrade-insecure-requests` only where browsers reach the service over https: sent over
 * plain http (a test deployment on a ward network), the upgrade makes every form post fail.
 */
export function securityHeaders(config: Pick<AppConfig, 'servedOverHttps'>, pages: { scriptSrc: string[]; fontSrc: string[] }): Record<string, unknown> {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...pages.scriptSrc],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", ...pages.fontSrc],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.servedOverHttps ? [] : null,
      },
    },
    hsts: config.servedOverHttps ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

/** For answers Fastify gives before any hook runs: the same error body, request id and basic headers. */
function answerBeforeNest(request: FastifyRequest, reply: FastifyReply, exception: unknown): void {
  const requestId = String(request.id);
  reply.header('x-request-id', requestId).header('x-content-type-options', 'nosniff').header('cache-control', 'no-store');
  sendErrorReply(reply, toErrorBody(exception, requestId), exception);
}

/**
 * What Node's HTTP parser refuses (a malformed request line, headers too large, a request that took
 * too long) never becomes a request: it is answered on the socket, still in the one error body.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? CommonErrorCode.RequestTimeout
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? CommonErrorCode.HeadersTooLarge
        : CommonErrorCode.MalformedRequest;
  const message =
    code === CommonErrorCode.RequestTimeout ? 'The request took too long to arrive' : code === CommonErrorCode.HeadersTooLarge ? 'The request headers are too large' : 'The request is not valid HTTP';
  const body = toErrorBody(new CommonError(code, message), randomUUID());
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${body.statusCode} ${STATUS_CODES[body.statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nX-Request-Id: ${body.requestId}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(error);
}
