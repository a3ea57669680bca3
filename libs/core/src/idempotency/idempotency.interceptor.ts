import { CallHandler, ExecutionContext, HttpException, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { AuthUser } from '../auth/role';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { CommonError, DomainError } from '../errors/domain-error';
import { locationOf } from '../http/location';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey, requestFingerprint } from './idempotency-key';
import { IdempotencyError, IdempotencyErrorCode } from './idempotency.errors';
import { IdempotencyRepository } from './idempotency.repository';

interface RequestLike {
  method: string;
  url: string;
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  user?: AuthUser;
}

interface ReplyLike {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

/**
 * Makes a command safe to retry. With an `Idempotency-Key` header, the first request with that key
 * (for this user) runs and its answer is kept; a retry with the same method, path and body gets that
 * answer again — status, body, Location — and runs nothing; the key with any other request is 422; a
 * duplicate arriving while the first still runs is 409 (it never runs twice at once).
 *
 * A refusal (any 4xx, and 429/503) changed nothing, so it is not kept: the same key may be retried
 * once the cause is fixed. An unexpected failure might have happened after the change committed, so
 * the key is then kept as "in doubt" and not run again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<RequestLike>();
    const reply = context.switchToHttp().getResponse<ReplyLike>();
    const parsed = parseIdempotencyKey(request.headers['idempotency-key']);
    if ('problem' in parsed) throw CommonError.validation([{ field: IDEMPOTENCY_KEY_HEADER, message: parsed.problem }], `The ${IDEMPOTENCY_KEY_HEADER} header is not valid`);
    const user = request.user;
    if (!parsed.key || !user) return next.handle();
    const key = parsed.key;

    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    const stored = await this.keys.reserve({
      userId: user.id,
      key,
      trustId: request.params?.trustId?.toLowerCase() ?? null,
      method: request.method.toUpperCase(),
      path: request.url.slice(0, 2000),
      fingerprint,
      ttlHours: this.config.idempotencyKeyTtlHours,
    });
    if (stored) {
      if (!stored.fingerprint.equals(fingerprint)) {
        throw new IdempotencyError(IdempotencyErrorCode.KeyReused, `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request; use a new key for a new request`, [
          { field: IDEMPOTENCY_KEY_HEADER, message: 'was used before with another body or route' },
        ]);
      }
      if (stored.state === 'running') {
        throw new IdempotencyError(IdempotencyErrorCode.RequestInProgress, 'The first request with this key is still being processed; retry in a moment to get its answer', [], {
          retryAfterSeconds: 1,
        });
      }
      if (stored.state === 'failed') {
        throw new IdempotencyError(
          IdempotencyErrorCode.KeyInDoubt,
          'The first request with this key failed unexpectedly and may have taken effect, so it is not run again: check the current state before sending a new request with a new key',
        );
      }
      reply.status(stored.responseStatus!);
      if (stored.responseLocation) reply.header('location', stored.responseLocation);
      reply.header('idempotent-replayed', 'true');
      return of(stored.responseBody === null ? undefined : JSON.parse(stored.responseBody));
    }

    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method.toUpperCase() === 'POST' ? 201 : 200);
    return next.handle().pipe(
      mergeMap((body) =>
        from(
          this.keys
            .complete(user.id, key, { status, body: JSON.stringify(body ?? null), location: locationOf(this.reflector, context, body) })
            .catch((error) => this.logger.warn({ msg: 'idempotent answer not stored; a retry will be refused as in progress until the key expires', error: (error as Error).message })),
        ).pipe(mergeMap(() => of(body))),
      ),
      catchError((error) => from(this.settle(user.id, key, error)).pipe(mergeMap(() => throwError(() => error)))),
    );
  }

  private async settle(userId: string, key: string, error: unknown): Promise<void> {
    const status = error instanceof DomainError ? error.httpStatus : error instanceof HttpException ? error.getStatus() : 500;
    try {
      if (status < 500 || status === 503) await this.keys.release(userId, key);
      else await this.keys.markFailed(userId, key);
    } catch (settleError) {
      this.logger.warn({ msg: 'idempotency key not settled after a failed request', error: (settleError as Error).message });
    }
  }
}
