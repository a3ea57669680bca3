import { DomainError } from '../errors/domain-error';

export enum IdempotencyErrorCode {
  /** The key was used before for a different request (another body, route or trust). */
  KeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /** The first request with this key has not finished yet. */
  RequestInProgress = 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
  /** The first request with this key failed unexpectedly and may have taken effect: not run again. */
  KeyInDoubt = 'IDEMPOTENCY_KEY_IN_DOUBT',
}

export class IdempotencyError extends DomainError<IdempotencyErrorCode> {
  get httpStatus(): number {
    switch (this.code) {
      case IdempotencyErrorCode.KeyReused:
        return 422;
      case IdempotencyErrorCode.RequestInProgress:
      case IdempotencyErrorCode.KeyInDoubt:
        return 409;
    }
  }
}
