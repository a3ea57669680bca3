import { defineErrors } from '../errors/domain-error';

export enum IdempotencyErrorCode {
  /** The key was used before for a different request (another body, route or trust). */
  KeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /** The first request with this key has not finished yet. */
  RequestInProgress = 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
  /** The first request with this key failed unexpectedly and may have taken effect: not run again. */
  KeyInDoubt = 'IDEMPOTENCY_KEY_IN_DOUBT',
}

export class IdempotencyError extends defineErrors<IdempotencyErrorCode>({
  [IdempotencyErrorCode.KeyReused]: 422,
  [IdempotencyErrorCode.RequestInProgress]: 409,
  [IdempotencyErrorCode.KeyInDoubt]: 409,
}) {}
