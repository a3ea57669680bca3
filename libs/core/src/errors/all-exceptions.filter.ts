import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PgErrorCode, pgErrorOf } from '../database/pg-errors';
import { currentRequestId } from '../http/request-context';
import { CommonErrorCode, DomainError, ErrorBody, ErrorDetail, commonErrorStatus } from './domain-error';

export interface ReplyLike {
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
 * answers with the one error body of docs/api.md "Errors". Anything we did not anticipate is a 500 that is logged with its
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
    const body = toErrorBody(exception, currentRequestId() ?? request?.id ?? randomUUID());

    if (body.statusCode >= 500) {
      this.logger.error({ msg: 'request failed', code: body.code, method: request?.method, err: exception });
    }
    if (reply.sent) return;
    if (this.pages) {
      setRetryAfter(reply, exception);
      if (this.pages.respond(request, reply, body)) return;
    }
    sendErrorReply(reply, body, exception);
  }

  toBody(exception: unknown): Omit<ErrorBody, 'requestId'> {
    return errorBodyWithoutId(exception);
  }
}

/** The error body for anything thrown or raised on the way to an answer. */
export function toErrorBody(exception: unknown, requestId: string): ErrorBody {
  return { ...errorBodyWithoutId(exception), requestId };
}

/**
 * Sends an error body, with `Retry-After` when the error says when to retry. Shared by the filter and
 * by the answers the HTTP pipeline gives before Nest sees a request (bad URLs, 405, shutdown).
 */
export function sendErrorReply(reply: ReplyLike, body: ErrorBody, exception?: unknown): void {
  if (reply.sent) return;
  setRetryAfter(reply, exception);
  reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
}

/** A 429/503 domain error's wait, as a standard Retry-After header in whole seconds. */
function setRetryAfter(reply: ReplyLike, exception: unknown): void {
  if (exception instanceof DomainError && exception.options.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(Math.max(1, Math.ceil(exception.options.retryAfterSeconds))));
  }
}

function errorBodyWithoutId(exception: unknown): Omit<ErrorBody, 'requestId'> {
  if (exception instanceof DomainError) {
    const { conflict } = exception.options;
    return { statusCode: exception.httpStatus, code: exception.code, message: exception.message, details: exception.details, ...(conflict ? { conflict } : {}) };
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

function common(code: CommonErrorCode, message: string, details: ErrorDetail[] = []): Omit<ErrorBody, 'requestId'> {
  return { statusCode: commonErrorStatus(code), code, message, details };
}

/** Codes of the errors Fastify raises itself (Nest hands them on as HttpExceptions with the error as cause). */
const FASTIFY_CODES: Record<string, CommonErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: CommonErrorCode.UnsupportedMediaType,
  FST_ERR_CTP_BODY_TOO_LARGE: CommonErrorCode.PayloadTooLarge,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: CommonErrorCode.MalformedRequest,
  FST_ERR_CTP_EMPTY_JSON_BODY: CommonErrorCode.MalformedJson,
  FST_ERR_CTP_INVALID_JSON_BODY: CommonErrorCode.MalformedJson,
  FST_ERR_BAD_URL: CommonErrorCode.MalformedRequest,
  FST_ERR_MAX_PARAM_LENGTH: CommonErrorCode.UriTooLong,
};

const MESSAGES: Partial<Record<CommonErrorCode, string>> = {
  [CommonErrorCode.Unauthenticated]: 'A valid bearer token is required',
  [CommonErrorCode.Forbidden]: 'Your role does not allow this',
  [CommonErrorCode.PayloadTooLarge]: 'The request body is too large',
  [CommonErrorCode.UnsupportedMediaType]: 'Send JSON with Content-Type: application/json',
  [CommonErrorCode.MalformedRequest]: 'The request URL or its framing is not valid',
  [CommonErrorCode.UriTooLong]: 'A part of the URL is too long',
  [CommonErrorCode.RateLimited]: 'Too many requests',
  [CommonErrorCode.ServiceUnavailable]: 'The service is not available at the moment; try again shortly',
};

function fromFastifyCode(code: unknown, message: string): Omit<ErrorBody, 'requestId'> | null {
  const known = typeof code === 'string' ? FASTIFY_CODES[code] : undefined;
  if (!known) return null;
  if (known === CommonErrorCode.MalformedJson) return common(known, 'The body is not valid JSON', [{ field: 'body', message }]);
  return common(known, MESSAGES[known] ?? message);
}

function fromHttpException(exception: HttpException): Omit<ErrorBody, 'requestId'> {
  const status = exception.getStatus();
  const message = exception.message;
  const byCode = fromFastifyCode((exception.cause as { code?: unknown } | undefined)?.code, message);
  if (byCode) return byCode;
  switch (status) {
    case 400:
      // Fastify's JSON parser failure arrives here as a BadRequestException from the adapter.
      return /JSON/.test(message)
        ? common(CommonErrorCode.MalformedJson, 'The body is not valid JSON', [{ field: 'body', message }])
        : common(CommonErrorCode.ValidationFailed, message);
    case 401:
      return common(CommonErrorCode.Unauthenticated, MESSAGES[CommonErrorCode.Unauthenticated]!);
    case 403:
      return common(CommonErrorCode.Forbidden, MESSAGES[CommonErrorCode.Forbidden]!);
    case 404:
      // Nest raises this for routes that do not exist ("Cannot GET /x").
      return common(CommonErrorCode.RouteNotFound, message.startsWith('Cannot ') ? `No route: ${message.slice(7)}` : message);
    case 409:
      return common(CommonErrorCode.Conflict, message);
    case 413:
      return common(CommonErrorCode.PayloadTooLarge, MESSAGES[CommonErrorCode.PayloadTooLarge]!);
    case 414:
      return common(CommonErrorCode.UriTooLong, MESSAGES[CommonErrorCode.UriTooLong]!);
    case 415:
      return common(CommonErrorCode.UnsupportedMediaType, MESSAGES[CommonErrorCode.UnsupportedMediaType]!);
    case 429:
      return common(CommonErrorCode.RateLimited, MESSAGES[CommonErrorCode.RateLimited]!);
    case 503:
      return common(CommonErrorCode.ServiceUnavailable, MESSAGES[CommonErrorCode.ServiceUnavailable]!);
    default:
      return otherStatus(status, message);
  }
}

/** A status no case above expects: it keeps its status, with the common code for it where there is one. */
function otherStatus(status: number, message: string): Omit<ErrorBody, 'requestId'> {
  if (status >= 500) return common(CommonErrorCode.Internal, 'Something went wrong on our side');
  const code = Object.values(CommonErrorCode).find((candidate) => commonErrorStatus(candidate) === status);
  return { statusCode: status, code: code ?? `HTTP_${status}`, message, details: [] };
}

/**
 * A safety net: services translate the constraints they expect into domain errors, but a constraint
 * violation is still the client's conflict or bad input, never a 500.
 */
function fromPostgres(pg: { code: string; constraint?: string }): Omit<ErrorBody, 'requestId'> {
  // A constraint is not a request path: it is named in the message, and the detail has no field.
  const details: ErrorDetail[] = pg.constraint ? [{ message: `violates the rule ${pg.constraint}` }] : [];
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

/** Errors Fastify raises before a handler runs: bad JSON, wrong content type, body too large, bad URL. */
function fromFastifyError(exception: unknown): Omit<ErrorBody, 'requestId'> | null {
  if (!exception || typeof exception !== 'object') return null;
  const { statusCode, code, message } = exception as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return null;
  const text = typeof message === 'string' ? message : 'Bad request';
  const byCode = fromFastifyCode(code, text);
  if (byCode) return byCode;
  if (statusCode === 413) return common(CommonErrorCode.PayloadTooLarge, MESSAGES[CommonErrorCode.PayloadTooLarge]!);
  if (statusCode === 415) return common(CommonErrorCode.UnsupportedMediaType, MESSAGES[CommonErrorCode.UnsupportedMediaType]!);
  if (statusCode === 400 && (exception instanceof SyntaxError || String(code).includes('JSON'))) {
    return common(CommonErrorCode.MalformedJson, 'The body is not valid JSON', [{ field: 'body', message: text }]);
  }
  return statusCode === 400 ? common(CommonErrorCode.ValidationFailed, text) : otherStatus(statusCode, text);
}
