/**
 * The one error body (docs/api.md, "Errors"). Every lib throws a subclass of DomainError with its own code enum; the
 * global filter turns it (and everything else) into this shape, so clients see one format everywhere.
 */
export interface ErrorDetail {
  /** A request path (`items[3].nhsNumber`, `body`, a header or query name); absent when no one field is at fault. */
  field?: string;
  /** The rule this detail names, when a refusal lists several (e.g. every working-time rule a shift breaks). */
  code?: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  /** `field` is always a request path (`items[3].nhsNumber`, `body`, a header name) or absent; never a code or an id. */
  details: ErrorDetail[];
  /** The stored objects the request collides with (409/422), e.g. `{ runId }`: ids, never personal data. */
  conflict?: Record<string, string | string[]>;
  requestId: string;
}

export interface DomainErrorOptions {
  conflict?: Record<string, string | string[]>;
  /** For 429 and 503: sent as a standard `Retry-After` header (whole seconds). */
  retryAfterSeconds?: number;
}

/** Each lib narrows `Code` to its own enum and gives each code its status with `defineErrors`. */
export abstract class DomainError<Code extends string = string> extends Error {
  abstract readonly httpStatus: number;
  constructor(
    readonly code: Code,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly options: DomainErrorOptions = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A lib's error class from its code → status table: one table per lib instead of a status switch in
 * each. The table must list every code of the lib's enum (a missing one does not compile), and
 * docs/errors.md is generated from these tables (`npm run docs:errors`).
 */
export function defineErrors<Code extends string>(statuses: Readonly<Record<Code, number>>) {
  abstract class LibError extends DomainError<Code> {
    get httpStatus(): number {
      return statuses[this.code];
    }
  }
  return LibError;
}

/** Codes shared by every lib: input validation, lookup, auth and conflicts with stored state. */
export enum CommonErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  /** JSON nested deeper than any request of this API needs (refused before it is parsed into objects). */
  BodyTooDeep = 'BODY_TOO_DEEP',
  /** A URL that is not valid percent-encoding, or a request line the HTTP parser refuses. */
  MalformedRequest = 'MALFORMED_REQUEST',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  NotFound = 'NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  UriTooLong = 'URI_TOO_LONG',
  HeadersTooLarge = 'HEADERS_TOO_LARGE',
  RequestTimeout = 'REQUEST_TIMEOUT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  Conflict = 'CONFLICT',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL_ERROR',
}

const COMMON_ERROR_STATUS: Readonly<Record<CommonErrorCode, number>> = {
  [CommonErrorCode.ValidationFailed]: 400,
  [CommonErrorCode.MalformedJson]: 400,
  [CommonErrorCode.BodyTooDeep]: 400,
  [CommonErrorCode.MalformedRequest]: 400,
  [CommonErrorCode.Unauthenticated]: 401,
  [CommonErrorCode.Forbidden]: 403,
  [CommonErrorCode.NotFound]: 404,
  [CommonErrorCode.RouteNotFound]: 404,
  [CommonErrorCode.MethodNotAllowed]: 405,
  [CommonErrorCode.RequestTimeout]: 408,
  [CommonErrorCode.Conflict]: 409,
  [CommonErrorCode.PayloadTooLarge]: 413,
  [CommonErrorCode.UriTooLong]: 414,
  [CommonErrorCode.UnsupportedMediaType]: 415,
  [CommonErrorCode.HeadersTooLarge]: 431,
  [CommonErrorCode.RateLimited]: 429,
  [CommonErrorCode.ServiceUnavailable]: 503,
  [CommonErrorCode.Internal]: 500,
};

export class CommonError extends defineErrors<CommonErrorCode>(COMMON_ERROR_STATUS) {
  static validation(details: ErrorDetail[], message = 'The request is not valid'): CommonError {
    return new CommonError(CommonErrorCode.ValidationFailed, message, details);
  }

  static notFound(what: string): CommonError {
    return new CommonError(CommonErrorCode.NotFound, `${what} not found`);
  }

  static conflict(message: string, details: ErrorDetail[] = []): CommonError {
    return new CommonError(CommonErrorCode.Conflict, message, details);
  }

  static forbidden(message = 'Your role does not allow this'): CommonError {
    return new CommonError(CommonErrorCode.Forbidden, message);
  }

  static unauthenticated(message = 'A valid bearer token is required'): CommonError {
    return new CommonError(CommonErrorCode.Unauthenticated, message);
  }
}

export function commonErrorStatus(code: CommonErrorCode): number {
  return COMMON_ERROR_STATUS[code];
}
