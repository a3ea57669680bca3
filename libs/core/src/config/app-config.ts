/**
 * The validated configuration of a process. Every environment variable of API.md is parsed here and
 * nowhere else, so a wrong value stops start-up with one message naming the variable.
 */
export type NotifyProviderName = 'log' | 'govuk-notify';

export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  dbMigrate: boolean;
  redisUrl: string;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  bootstrapAdmin: { email: string; password: string } | null;
  publicBaseUrl: string;
  notify: {
    provider: NotifyProviderName;
    apiKey: string | null;
    baseUrl: string | null;
    callbackToken: string | null;
    ratePerMinute: number;
    /** Generic template per channel (see libs/notifications messages), with optional per-purpose overrides. */
    templates: NotifyTemplates;
  };
  defaultTimeZone: string;
  loginRatePerMinute: number;
  bodyLimitBytes: number;
  importBodyLimitBytes: number;
  queuePrefix: string;
  /** The console's browser sessions (libs/web). */
  consoleSession: {
    /** Signed out after this long without a request. */
    idleMinutes: number;
    /** Signed out this long after signing in, however busy. */
    maxHours: number;
    /** Cookies only over https: on when PUBLIC_BASE_URL is https or in production. */
    secureCookies: boolean;
  };
}

export type NotifyChannelName = 'sms' | 'email' | 'letter';

export interface NotifyTemplates {
  sms: string | null;
  email: string | null;
  letter: string | null;
  byPurpose: Record<string, Partial<Record<NotifyChannelName, string>>>;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

function text(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

function optionalText(env: Env, name: string): string | null {
  const value = env[name];
  return value === undefined || value === '' ? null : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const value = text(env, name, fallback);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return value.replace(/\/+$/, '');
}

function timeZone(env: Env, name: string, fallback: string): string {
  const value = text(env, name, fallback);
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
  } catch {
    throw new ConfigError(name, `must be an IANA time zone such as Europe/London, got "${value}"`);
  }
  return value;
}

/** GOV.UK Notify keys look like `name-<service uuid>-<secret uuid>`; the client needs the last 73 chars. */
const NOTIFY_KEY = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnvRaw = text(env, 'NODE_ENV', 'development');
  if (!['development', 'test', 'production'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', `must be development, test or production, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const production = nodeEnv === 'production';

  const jwtSecret = text(env, 'JWT_SECRET', production ? '' : DEV_JWT_SECRET);
  if (jwtSecret === '') throw new ConfigError('JWT_SECRET', 'is required in production');
  if (jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');

  const adminEmail = optionalText(env, 'BOOTSTRAP_ADMIN_EMAIL');
  const adminPassword = optionalText(env, 'BOOTSTRAP_ADMIN_PASSWORD');
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError(adminEmail ? 'BOOTSTRAP_ADMIN_PASSWORD' : 'BOOTSTRAP_ADMIN_EMAIL', 'must be set together with its pair');
  }
  if (adminEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('BOOTSTRAP_ADMIN_EMAIL', 'must be an email address');
  }
  if (adminPassword && adminPassword.length < 12) {
    throw new ConfigError('BOOTSTRAP_ADMIN_PASSWORD', 'must be at least 12 characters');
  }

  const apiKey = optionalText(env, 'NOTIFY_API_KEY');
  if (apiKey && !NOTIFY_KEY.test(apiKey)) {
    throw new ConfigError('NOTIFY_API_KEY', 'is not a GOV.UK Notify API key (name-serviceId-secret)');
  }
  const providerRaw = text(env, 'NOTIFY_PROVIDER', apiKey ? 'govuk-notify' : 'log');
  if (providerRaw !== 'log' && providerRaw !== 'govuk-notify') {
    throw new ConfigError('NOTIFY_PROVIDER', `must be log or govuk-notify, got "${providerRaw}"`);
  }
  if (providerRaw === 'govuk-notify' && !apiKey) {
    throw new ConfigError('NOTIFY_API_KEY', 'is required when NOTIFY_PROVIDER=govuk-notify');
  }
  const callbackToken = optionalText(env, 'NOTIFY_CALLBACK_TOKEN');
  if (production && providerRaw === 'govuk-notify' && !callbackToken) {
    throw new ConfigError('NOTIFY_CALLBACK_TOKEN', 'is required in production with govuk-notify');
  }

  const publicBaseUrl = url(env, 'PUBLIC_BASE_URL', 'http://localhost:3000', ['http:', 'https:']);
  const templates = notifyTemplates(env);
  if (providerRaw === 'govuk-notify') {
    for (const [channel, name] of [['sms', 'NOTIFY_SMS_TEMPLATE_ID'], ['email', 'NOTIFY_EMAIL_TEMPLATE_ID']] as const) {
      if (!templates[channel]) throw new ConfigError(name, 'is required when NOTIFY_PROVIDER=govuk-notify');
    }
  }

  return {
    nodeEnv,
    port: integer(env, 'PORT', 3000, 1, 65535),
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/strike_ops', ['postgres:', 'postgresql:']),
    dbMigrate: boolean(env, 'DB_MIGRATE', true),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    jwtSecret,
    jwtExpiresInSeconds: integer(env, 'JWT_EXPIRES_IN_SECONDS', 3600, 60, 86400),
    bootstrapAdmin: adminEmail && adminPassword ? { email: adminEmail.toLowerCase(), password: adminPassword } : null,
    publicBaseUrl,
    notify: {
      provider: providerRaw,
      apiKey,
      baseUrl: optionalText(env, 'NOTIFY_BASE_URL') === null ? null : url(env, 'NOTIFY_BASE_URL', '', ['http:', 'https:']),
      callbackToken,
      ratePerMinute: integer(env, 'NOTIFY_RATE_PER_MINUTE', 3000, 1, 1_000_000),
      templates,
    },
    defaultTimeZone: timeZone(env, 'TZ_DEFAULT', 'Europe/London'),
    loginRatePerMinute: integer(env, 'LOGIN_RATE_PER_MINUTE', 10, 1, 100_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 1_073_741_824),
    importBodyLimitBytes: integer(env, 'IMPORT_BODY_LIMIT_BYTES', 52_428_800, 1024, 1_073_741_824),
    queuePrefix: text(env, 'QUEUE_PREFIX', 'strike-ops'),
    consoleSession: consoleSession(env, production, publicBaseUrl),
  };
}

function consoleSession(env: Env, production: boolean, publicBaseUrl: string): AppConfig['consoleSession'] {
  const idleMinutes = integer(env, 'CONSOLE_SESSION_IDLE_MINUTES', 60, 5, 24 * 60);
  const maxHours = integer(env, 'CONSOLE_SESSION_MAX_HOURS', 12, 1, 7 * 24);
  if (idleMinutes > maxHours * 60) {
    throw new ConfigError('CONSOLE_SESSION_IDLE_MINUTES', `must not be longer than CONSOLE_SESSION_MAX_HOURS (${maxHours} h), got ${idleMinutes} minutes`);
  }
  return { idleMinutes, maxHours, secureCookies: production || publicBaseUrl.startsWith('https:') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function templateId(env: Env, name: string): string | null {
  const value = optionalText(env, name);
  if (value !== null && !UUID.test(value)) throw new ConfigError(name, `must be a GOV.UK Notify template id (a UUID), got "${value}"`);
  return value;
}

function notifyTemplates(env: Env): NotifyTemplates {
  const raw = optionalText(env, 'NOTIFY_TEMPLATES');
  let byPurpose: NotifyTemplates['byPurpose'] = {};
  if (raw !== null) {
    try {
      byPurpose = JSON.parse(raw);
    } catch {
      throw new ConfigError('NOTIFY_TEMPLATES', 'must be JSON like {"recall":{"sms":"<template id>"}}');
    }
    const valid =
      typeof byPurpose === 'object' &&
      byPurpose !== null &&
      Object.values(byPurpose).every(
        (channels) => typeof channels === 'object' && channels !== null && Object.entries(channels).every(([channel, id]) => ['sms', 'email', 'letter'].includes(channel) && typeof id === 'string' && UUID.test(id)),
      );
    if (!valid) throw new ConfigError('NOTIFY_TEMPLATES', 'must map purposes to {sms|email|letter: template id}');
  }
  return {
    sms: templateId(env, 'NOTIFY_SMS_TEMPLATE_ID'),
    email: templateId(env, 'NOTIFY_EMAIL_TEMPLATE_ID'),
    letter: templateId(env, 'NOTIFY_LETTER_TEMPLATE_ID'),
    byPurpose,
  };
}

/**
 * Start-up guard for the apps: a bad variable ends the process with one line naming it, not a stack
 * trace from deep inside the framework.
 */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
