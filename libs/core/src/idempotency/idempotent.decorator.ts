import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { IdempotencyError, IdempotencyErrorCode } from './idempotency.errors';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN } from './idempotency-key';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * Marks a command that sends messages as safe to retry with an `Idempotency-Key` header, and says so
 * in the OpenAPI document. The behaviour is IdempotencyInterceptor's; routes add nothing else.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Makes a retry safe: the same key with the same request (method, path, body) answers the first answer again (status, body, Location; header Idempotent-Replayed: true) and sends nothing more. Keys are per user, kept at least 24 hours. 1–255 characters of letters, digits and _ . : ~ + / = - (a UUID is best); 400 VALIDATION_FAILED naming the header otherwise.',
      schema: { type: 'string', maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN },
    }),
    // 409 IDEMPOTENCY_REQUEST_IN_PROGRESS (the first is still running; Retry-After) or IDEMPOTENCY_KEY_IN_DOUBT
    // (it failed unexpectedly and is not run again); 422 IDEMPOTENCY_KEY_REUSED (another request).
    ApiErrors(IdempotencyError, IdempotencyErrorCode.RequestInProgress, IdempotencyErrorCode.KeyInDoubt, IdempotencyErrorCode.KeyReused),
  );
