import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { DestinationStream, LoggerOptions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import type { AppConfig, LogLevel } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { currentRequestId, requestIdFrom } from './request-context';

/**
 * Keys whose values never reach a log line, at the top level or one level down, wherever a caller puts
 * them: credentials, link tokens, cookies, and every personal field of a patient or member of staff.
 * Callers log ids only; this is the second line of defence for the day one forgets. Request lines carry
 * the user's id, never their email.
 */
export const REDACTED_KEYS = [
  // credentials and tokens
  'password',
  'accessToken',
  'refreshToken',
  'token',
  'authorization',
  'cookie',
  '["set-cookie"]',
  'apiKey',
  'callbackToken',
  // a trust's GOV.UK Notify service, sealed or not (docs/secrets.md)
  'apiKeySealed',
  'callbackTokenSealed',
  'callbackTokenDigest',
  'secret',
  // personal details
  'nhsNumber',
  'name',
  'firstName',
  'lastName',
  'givenName',
  'familyName',
  'fullName',
  'mobile',
  'phone',
  'phoneNumber',
  'email',
  'emailAddress',
  'address',
  'addressLines',
  'postcode',
  'personalisation',
] as const;

export const REDACTED_PATHS = [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => (key.startsWith('[') ? `*${key}` : `*.${key}`)), '*.headers.authorization', '*.headers.cookie'];


/** Where log lines go: standard output, one JSON object per line, unless a test listens instead. */
let listener: ((line: string) => void) | undefined;
const stdout = pino.destination({ dest: 1, sync: true });
export const LOG_STREAM: DestinationStream = { write: (line: string) => (listener ? listener(line.replace(/\n$/, '')) : stdout.write(line)) };

/** Tests: hand every log line to `write` instead of standard output; returns the undo. */
export function captureLogLines(write: (line: string) => void): () => void {
  listener = write;
  return () => {
    if (listener === write) listener = undefined;
  };
}

/**
 * The one pino setup (API and worker): JSON lines with `service`, `level` as a word, an ISO `time`,
 * the request id (of the HTTP request, or `job:<id>` in the worker) and every personal field redacted.
 */
export function pinoOptions(service: string, level: LogLevel): LoggerOptions {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // A per-request child logger already carries `requestId`; any other line takes it from the context.
    mixin: (_object, _level, logger) => ('requestId' in logger.bindings() ? {} : { requestId: currentRequestId() }),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
}

/**
 * nestjs-pino over pino-http: Nest's `Logger` (app.useLogger(app.get(Logger))) and `PinoLogger`
 * write through it, and inside a request they use that request's child logger, which carries its
 * `requestId` (the id Fastify gave the request: the `x-request-id` header and the error body's).
 * The request line itself is written by the API's onResponse hook (route pattern, status, ms, userId).
 */
export class LoggingModule {
  static forService(service: string): DynamicModule {
    return LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const options: PinoHttpOptions = {
          ...pinoOptions(service, config.logLevel),
          genReqId: (req) => (req as { id?: string }).id ?? currentRequestId() ?? requestIdFrom(req.headers['x-request-id']),
          quietReqLogger: true,
          customAttributeKeys: { reqId: 'requestId' },
          autoLogging: false,
        };
        return { pinoHttp: [options, LOG_STREAM] };
      },
    });
  }
}
