import { AuthService, captureLogLines, Clock, FixedClock, loadConfig, Role } from '@app/core';
import { createTestDatabase, dropTestDatabase } from '@app/core/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Logger, PinoLogger } from 'nestjs-pino';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiModule } from '../../src/api.module';
import { configureHttpApp, fastifyAdapter } from '../../src/http-app';

export interface TestApp {
  app: NestFastifyApplication;
  /** The cloned database this app uses (another app may share it: `startTestApp({ shareDatabaseOf })`). */
  database: { name: string; url: string };
  clock: FixedClock;
  dataSource: DataSource;
  /** A signed-in user of the given role (and trust); returns the Authorization header value. */
  bearer(role: Role, trustId?: string | null): Promise<string>;
  /** `remoteAddress` is the socket's peer (127.0.0.1 unless given): what a client cannot fake, unlike X-Forwarded-For. */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; remoteAddress?: string },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The real API (real Postgres in its own cloned database, real Redis with its own key prefix) built by
 * the same configureHttpApp as production, driven through Fastify's in-process inject. The clock is
 * fixed so walkout status does not depend on when the suite runs.
 */
export async function startTestApp(options: { now?: Date; env?: Record<string, string>; logLines?: (line: Record<string, unknown>) => void; shareDatabaseOf?: TestApp } = {}): Promise<TestApp> {
  // A second app on the same database stands for a second API process (its own pool and caches).
  const database = options.shareDatabaseOf?.database ?? (await createTestDatabase());
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DB_MIGRATE: 'false', // the template is already migrated
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    LOGIN_RATE_PER_MINUTE: '1000',
    TRUST_PROXY: '',
    BOOTSTRAP_ADMIN_EMAIL: '',
    BOOTSTRAP_ADMIN_PASSWORD: '',
    DB_POOL_SIZE: '5',
    // Errors only unless a test reads log lines: an unexpected 500 prints its stack instead of failing silently.
    LOG_LEVEL: options.logLines ? 'info' : 'error',
    ...options.env,
  });
  const clock = new FixedClock(options.now ?? new Date('2026-01-01T12:00:00Z'));
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const release = options.logLines ? captureLogLines((line) => options.logLines?.(JSON.parse(line))) : undefined;
  const app = moduleRef.createNestApplication<NestFastifyApplication>(fastifyAdapter(loadConfig()), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // One root logger per process (nestjs-pino's): each app sets the level its test asked for.
  if (PinoLogger.root) PinoLogger.root.level = loadConfig().logLevel;
  await configureHttpApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const auth = app.get(AuthService);
  const dataSource = app.get(DataSource);
  let userCount = 0;

  return {
    app,
    database,
    clock,
    dataSource,
    async bearer(role, trustId = null) {
      const email = `user${++userCount}-${randomBytes(3).toString('hex')}@test.nhs.uk`;
      const [user] = await dataSource.query(
        `INSERT INTO app_user (email, password_hash, role, trust_id) VALUES ($1, 'scrypt$unused', $2, $3) RETURNING id`,
        [email, role, role === Role.NationalAdmin ? null : trustId],
      );
      const signedIn = await auth.startSession({ id: user.id, role, trustId: role === Role.NationalAdmin ? null : trustId, mustChangePassword: false });
      return `Bearer ${signedIn.tokens.accessToken}`;
    },
    async request(method, url, { token, body, headers, remoteAddress } = {}) {
      const response = await app.inject({
        method,
        url,
        ...(remoteAddress ? { remoteAddress } : {}),
        headers: { ...(token ? { authorization: token } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      let parsed: unknown = undefined;
      try {
        parsed = JSON.parse(response.body);
      } catch {
        parsed = undefined;
      }
      return { status: response.statusCode, body: parsed, text: response.body, headers: response.headers as TestResponse['headers'] };
    },
    async close() {
      await app.close();
      release?.();
      if (!options.shareDatabaseOf) await dropTestDatabase(database.name);
    },
  };
}
