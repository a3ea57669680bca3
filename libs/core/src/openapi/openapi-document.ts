import type { OpenAPIObject, OperationObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { AuthErrorCode } from '../auth/auth.errors';
import { CommonErrorCode, commonErrorStatus } from '../errors/domain-error';
import { OperationFacts } from './operation-facts';

export const ERROR_BODY_SCHEMA = 'ErrorBody';
export const BEARER_SCHEME = 'bearer';
/** The console's session cookie, as a security scheme (declared by the HTTP app with its cookie name). */
export const SESSION_SCHEME = 'console-session';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
type Method = (typeof METHODS)[number];
/** Fastify reads (and limits, and may refuse) a body on these methods whether the route wants one or not. */
const BODY_METHODS: readonly Method[] = ['post', 'put', 'patch', 'delete'];

/** A route that is not a Nest controller (a Fastify plugin such as the queue dashboard), described by hand. */
export interface ExtraOperation {
  path: string;
  method: Method;
  operation: OperationObject;
  facts: OperationFacts;
}

const ERROR_DETAIL: SchemaObject = {
  type: 'object',
  required: ['message'],
  properties: {
    field: { type: 'string', description: 'The request path at fault (`items[3].nhsNumber`, `body`, a query or path parameter); absent when no one field is', example: 'items[3].nhsNumber' },
    code: { type: 'string', description: 'The rule this detail names, when a refusal lists several', example: 'WORKING_TIME_REST' },
    message: { type: 'string', example: 'must be a valid 10-digit NHS number (modulus 11 check digit)' },
  },
};

const ERROR_BODY: SchemaObject = {
  type: 'object',
  description: 'Every error, whatever the status and whatever answered it, has this body.',
  required: ['statusCode', 'code', 'message', 'details', 'requestId'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    code: { type: 'string', description: 'Stable and machine-readable; the codes each operation can answer are listed in its responses (`x-error-codes`)', example: 'VALIDATION_FAILED' },
    message: { type: 'string', description: 'For a person to read', example: 'The request is not valid' },
    details: { type: 'array', items: { $ref: '#/components/schemas/ErrorDetail' } },
    conflict: {
      type: 'object',
      description: 'The stored objects the request collides with (409/422), by id, e.g. `{ "runId": "…" }`',
      additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    },
    requestId: { type: 'string', description: 'Also in the X-Request-Id header; quote it when reporting a problem' },
  },
};

/** What each status means in this API, as the start of its response description. */
const STATUS_MEANING: Record<number, string> = {
  400: 'The request is not valid (the details name each field)',
  401: 'No valid credentials',
  403: 'Your role does not allow this',
  404: 'Not found, or not visible to you (another trust’s data never is)',
  409: 'Conflicts with the current state',
  413: 'The body is larger than this route accepts',
  414: 'A part of the URL is too long',
  415: 'The body is not of a type this route reads',
  422: 'A domain rule refuses it',
  429: 'Rate limited: wait for Retry-After',
  503: 'Not available at the moment: wait for Retry-After and try again',
};

function isReference(value: unknown): value is ReferenceObject {
  return typeof value === 'object' && value !== null && '$ref' in value;
}

/** The codes every operation of its kind can answer, by status. */
function defaultErrors(path: string, method: Method, facts: OperationFacts): Map<number, Set<string>> {
  const errors = new Map<number, Set<string>>();
  const add = (code: CommonErrorCode | string, status = commonErrorStatus(code as CommonErrorCode)) => {
    if (!errors.has(status)) errors.set(status, new Set());
    errors.get(status)!.add(code);
  };
  const hasPathParams = /\{[^}]+\}/.test(path);
  const takesBody = BODY_METHODS.includes(method);
  // Every path, query string and body is checked for text that cannot be stored, whatever the route declares.
  add(CommonErrorCode.ValidationFailed);
  if (takesBody) {
    add(CommonErrorCode.MalformedJson);
    add(CommonErrorCode.BodyTooDeep);
    add(CommonErrorCode.PayloadTooLarge);
    add(CommonErrorCode.UnsupportedMediaType);
  }
  if (!facts.public) {
    add(CommonErrorCode.Unauthenticated);
    // The guard refuses a disabled user's still-valid token by name.
    add(AuthErrorCode.AccountDisabled, 401);
  }
  if (!facts.public && facts.access !== 'read') add(CommonErrorCode.Forbidden);
  if (facts.uuidParams.length) add(CommonErrorCode.NotFound);
  if (hasPathParams) {
    add(CommonErrorCode.UriTooLong);
    add(CommonErrorCode.MalformedRequest);
  }
  add(CommonErrorCode.ServiceUnavailable);
  for (const { status, code } of facts.errors) add(code, status);
  return errors;
}

function errorResponse(status: number, codes: string[]): ResponseObject & Record<string, unknown> {
  const meaning = STATUS_MEANING[status] ?? STATUS_CODES[status] ?? 'Error';
  const response: ResponseObject & Record<string, unknown> = {
    description: `${meaning}. Codes: ${codes.join(', ')}`,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_BODY_SCHEMA}` } } },
    'x-error-codes': codes,
  };
  if (status === 429 || status === 503) response.headers = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } };
  return response;
}

function completeOperation(path: string, method: Method, operation: OperationObject, facts: OperationFacts): void {
  operation.security = facts.public ? [] : [{ [facts.session ? SESSION_SCHEME : BEARER_SCHEME]: [] }];
  for (const parameter of operation.parameters ?? []) {
    if (isReference(parameter) || parameter.in !== 'path') continue;
    if (facts.uuidParams.includes(parameter.name)) parameter.schema = { ...(parameter.schema as SchemaObject), type: 'string', format: 'uuid' };
  }
  const responses = operation.responses as Record<string, ResponseObject & Record<string, unknown>>;
  for (const [status, codes] of [...defaultErrors(path, method, facts)].sort(([a], [b]) => a - b)) {
    const generated = errorResponse(status, [...codes].sort());
    const declared = responses[status];
    // A response the controller declared itself (an HTML error page) keeps its content and wording, and
    // still names the codes it stands for.
    responses[status] = declared
      ? { ...generated, ...declared, description: `${declared.description}. Codes: ${[...codes].sort().join(', ')}`, 'x-error-codes': generated['x-error-codes'] }
      : generated;
  }
}

/**
 * Completes the document Nest's swagger explorer builds: the one error schema, each operation's error
 * responses with the codes it can answer (the defaults of its kind plus its `@ApiErrors`), security by
 * whether the route is public, `uuid` ids, and the routes that are not Nest controllers.
 */
export function completeOpenApiDocument(document: OpenAPIObject, facts: Map<string, OperationFacts>, extra: ExtraOperation[] = []): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.schemas = { ...document.components.schemas, ErrorDetail: ERROR_DETAIL, [ERROR_BODY_SCHEMA]: ERROR_BODY };
  for (const { path, method, operation } of extra) {
    document.paths[path] = { ...document.paths[path], [method]: operation };
  }
  const extraFacts = new Map(extra.map((e) => [e.operation.operationId!, e.facts]));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const known = facts.get(operation.operationId ?? '') ?? extraFacts.get(operation.operationId ?? '');
      if (!known) throw new Error(`OpenAPI: no route facts for ${method.toUpperCase()} ${path} (${operation.operationId})`);
      completeOperation(path, method, operation, known);
    }
  }
  return document;
}
