import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { randomUUID } from 'node:crypto';
import { PgErrorCode, pgErrorOf } from '../database/pg-errors';
import { currentRequestId } from '../http/request-context';
import { CommonErrorCode, DomainError, ErrorBody, ErrorDetail, commonErrorStatus } from './domain-error';

interface ReplyLike {
  sent?: boolean;
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): unknown;
}

/**
 * Answers an error as a web page when the request is for one (the console, the patient and staff
 * link pages in a browser); the web lib provides it. Returns false to leave the request to the JSON body.
 */
export interface ErrorPageResponder {
  respond(request: unknown, reply: unknown, body: ErrorBody): boolean;
}

/**
 * The one place errors become HTTP: every route (and unknown routes, malformed JSON, oversized bodies)
 * answers with the body of API.md. Anything we did not anticipate is a 500 that is logged with its
 * stack; the client gets only the request id to quote.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly pages?: ErrorPageResponder) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ id?: string; method?: string; url?: string }>();
    const reply = http.getResponse<ReplyLike>();
    const requestId = currentRequestId() ?? request?.id ?? randomUUID();
    const body = { ...this.toBody(exception), requestId } as ErrorBody;

    if (body.statusCode >= 500) {
      this.logger.error({ msg: 'request failed', code: body.code, method: request?.method }, exception instanceof Error ? exception.stack : String(exception));
    }
    if (reply.sent) return;
    if (exception instanceof DomainError && exception.options.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(exception.options.retryAfterSeconds))));
    }
    if (this.pages?.respond(request, reply, body)) return;
    reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown): Omit<ErrorBody, 'requestId'> {
    if (exception instanceof DomainError) {
      const { conflict } = exception.options;
      return { statusCode: exception.httpStatus, code: exception.code, message: exception.message, details: exception.details, ...(conflict ? { conflict } : {}) };
    }
    if (exception instanceof ThrottlerException) {
      return common(CommonErrorCode.RateLimited, 'Too many requests; try again in a minute');
    }
    if (exception instanceof HttpException) {
      return fromHttpException(exception);
    }
    const pg = pgErrorOf(exception);
    if (pg) return fromPostgres(pg);
    const fastify = fromFastifyError(exception);
    if (fastify) return fastify;
    return common(CommonErrorCode.Internal, 'Something went wrong on our side; quote the request id if you report it');
  }
}

function common(code: CommonErrorCode, message: string, details: ErrorDetail[] = []): Omit<ErrorBody, 'requestId'> {
  return { statusCode: commonErrorStatus(code), code, message, details };
}

function fromHttpException(exception: HttpException): Omit<ErrorBody, 'requestId'> {
  const status = exception.getStatus();
  const message = exception.message;
  switch (status) {
    case 400:
      // Fastify's JSON parser failure arrives here as a BadRequestException from the adapter.
      return /JSON/.test(message)
        ? common(CommonErrorCode.MalformedJson, 'The body is not valid JSON', [{ field: 'body', message }])
        : common(CommonErrorCode.ValidationFailed, message);
    case 401:
      return common(CommonErrorCode.Unauthenticated, 'A valid bearer token is required');
    case 403:
      return common(CommonErrorCode.Forbidden, 'Your role does not allow this');
    case 404:
      // Nest raises this for routes that do not exist ("Cannot GET /x").
      return common(CommonErrorCode.RouteNotFound, message.startsWith('Cannot ') ? `No route: ${message.slice(7)}` : message);
    case 409:
      return common(CommonErrorCode.Conflict, message);
    case 413:
      return common(CommonErrorCode.PayloadTooLarge, 'The request body is too large');
    case 415:
      return common(CommonErrorCode.UnsupportedMediaType, 'Send JSON with Content-Type: application/json');
    case 429:
      return common(CommonErrorCode.RateLimited, 'Too many requests');
    default:
      return status >= 500 ? common(CommonErrorCode.Internal, 'Something went wrong on our side') : { statusCode: status, code: 'HTTP_' + status, message, details: [] };
  }
}

/**
 * A safety net: services translate the constraints they expect into domain errors, but a constraint
 * violation is still the client's conflict or bad input, never a 500.
 */
function fromPostgres(pg: { code: string; constraint?: string }): Omit<ErrorBody, 'requestId'> {
  const details = pg.constraint ? [{ field: pg.constraint, message: 'violates this rule' }] : [];
  switch (pg.code) {
    case PgErrorCode.UniqueViolation:
    case PgErrorCode.ExclusionViolation:
      return common(CommonErrorCode.Conflict, 'This conflicts with something already stored', details);
    case PgErrorCode.ForeignKeyViolation:
      return common(CommonErrorCode.Conflict, 'This refers to something that does not exist or is still in use', details);
    case PgErrorCode.CheckViolation:
    case PgErrorCode.NotNullViolation:
    case PgErrorCode.InvalidTextRepresentation:
    case PgErrorCode.InvalidDatetimeFormat:
    case PgErrorCode.DatetimeFieldOverflow:
    case PgErrorCode.StringDataRightTruncation:
    case PgErrorCode.NumericValueOutOfRange:
      return common(CommonErrorCode.ValidationFailed, 'A value is not acceptable', details);
    case PgErrorCode.SerializationFailure:
    case PgErrorCode.DeadlockDetected:
      return common(CommonErrorCode.Conflict, 'Another change happened at the same time; try again');
    default:
      return common(CommonErrorCode.Internal, 'Something went wrong on our side');
  }
}

/** Errors Fastify raises before a handler runs: bad JSON, wrong content type, body too large. */
function fromFastifyError(exception: unknown): Omit<ErrorBody, 'requestId'> | null {
  if (!exception || typeof exception !== 'object') return null;
  const { statusCode, code, message } = exception as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return null;
  const text = typeof message === 'string' ? message : 'Bad request';
  if (statusCode === 413) return common(CommonErrorCode.PayloadTooLarge, 'The request body is too large');
  if (statusCode === 415) return common(CommonErrorCode.UnsupportedMediaType, 'Send JSON with Content-Type: application/json');
  if (statusCode === 400 && (exception instanceof SyntaxError || String(code).includes('JSON'))) {
    return common(CommonErrorCode.MalformedJson, 'The body is not valid JSON', [{ field: 'body', message: text }]);
  }
  return { statusCode, code: statusCode === 400 ? CommonErrorCode.ValidationFailed : `HTTP_${statusCode}`, message: text, details: [] };
}
