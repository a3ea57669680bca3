import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives local-machine defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/strike_ops');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.notify.provider).toBe('log');
    expect(config.notify.ratePerMinute).toBe(3000);
    expect(config.defaultTimeZone).toBe('Europe/London');
    expect(config.dbMigrate).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'nope' }, 'REDIS_URL'],
    [{ NOTIFY_PROVIDER: 'carrier-pigeon' }, 'NOTIFY_PROVIDER'],
    [{ NOTIFY_PROVIDER: 'govuk-notify' }, 'NOTIFY_API_KEY'],
    [{ NOTIFY_API_KEY: 'not-a-key' }, 'NOTIFY_API_KEY'],
    [{ NOTIFY_RATE_PER_MINUTE: '0' }, 'NOTIFY_RATE_PER_MINUTE'],
    [{ TZ_DEFAULT: 'Mars/Olympus' }, 'TZ_DEFAULT'],
    [{ DB_MIGRATE: 'maybe' }, 'DB_MIGRATE'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ BOOTSTRAP_ADMIN_EMAIL: 'a@b.nhs.uk' }, 'BOOTSTRAP_ADMIN_PASSWORD'],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL'],
    [{ NOTIFY_SMS_TEMPLATE_ID: 'sms-template' }, 'NOTIFY_SMS_TEMPLATE_ID'],
    [{ NOTIFY_TEMPLATES: '{"recall":{"pigeon":"x"}}' }, 'NOTIFY_TEMPLATES'],
    [{ CONSOLE_SESSION_IDLE_MINUTES: '1' }, 'CONSOLE_SESSION_IDLE_MINUTES'],
    [{ CONSOLE_SESSION_MAX_HOURS: '0' }, 'CONSOLE_SESSION_MAX_HOURS'],
    [{ CONSOLE_SESSION_IDLE_MINUTES: '180', CONSOLE_SESSION_MAX_HOURS: '2' }, 'CONSOLE_SESSION_IDLE_MINUTES'],
    [{ NOTIFY_API_KEY: 'test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0' }, 'NOTIFY_SMS_TEMPLATE_ID'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).toContain(variable);
    }
  });

  it('selects GOV.UK Notify when an API key is given', () => {
    const key = 'test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
    const config = loadConfig({
      NOTIFY_API_KEY: key,
      NOTIFY_SMS_TEMPLATE_ID: 'a1b2c3d4-0000-4000-8000-000000000001',
      NOTIFY_EMAIL_TEMPLATE_ID: 'a1b2c3d4-0000-4000-8000-000000000002',
    });
    expect(config.notify.provider).toBe('govuk-notify');
    expect(config.notify.apiKey).toBe(key);
  });

  it('strips a trailing slash from PUBLIC_BASE_URL so links are built cleanly', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://strike.example.nhs.uk/' }).publicBaseUrl).toBe('https://strike.example.nhs.uk');
  });

  it('keeps console session cookies to https when the service is served over https or runs in production', () => {
    expect(loadConfig({}).consoleSession).toEqual({ idleMinutes: 60, maxHours: 12, secureCookies: false });
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://strike.example.nhs.uk' }).consoleSession.secureCookies).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).consoleSession.secureCookies).toBe(true);
  });
});
