import { Global, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyRepository } from './idempotency.repository';

const SWEEP_MS = 15 * 60_000;

/** Deletes answers past their expiry; reserving an expired key treats it as new anyway. */
@Injectable()
export class IdempotencyKeySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly keys: IdempotencyRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  sweep(): Promise<void> {
    this.running ??= this.keys
      .deleteExpired()
      .then(() => undefined)
      .catch((error) => this.logger.warn({ msg: 'expired idempotency keys not swept; will retry', error: (error as Error).message }))
      .finally(() => (this.running = null));
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

/** Idempotent retries of commands (see IdempotencyInterceptor), for the API. */
@Global()
@Module({
  providers: [IdempotencyRepository, IdempotencyInterceptor, IdempotencyKeySweeper],
  exports: [IdempotencyRepository, IdempotencyInterceptor],
})
export class IdempotencyModule {}
