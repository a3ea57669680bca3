import { LoggerService } from '@nestjs/common';

export interface ClosableApp {
  close(): Promise<void>;
}

export interface ShutdownOptions {
  /** How long closing may take before the process exits anyway. */
  graceMs: number;
  logger: LoggerService;
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
  on?: (signal: NodeJS.Signals, listener: () => void) => void;
}

/**
 * Stops the process on SIGTERM/SIGINT within `graceMs`, whatever its connections are doing. Closing
 * lets running jobs finish and connections close; if that has not finished in time (Redis unreachable
 * makes BullMQ and ioredis wait for ever), the process exits anyway. Nothing is lost by that: each
 * message's state is in PostgreSQL, a job whose worker vanished is retried once its lock lapses, and a
 * message left "sending" is looked up at Notify by reference before it is sent again.
 */
export function closeOnSignals(app: ClosableApp, options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const on = options.on ?? ((signal, listener) => process.once(signal, listener));
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.logger.log({ msg: 'shutting down', signal, graceMs: options.graceMs });
    const deadline = setTimeout(() => {
      options.logger.warn({ msg: 'shutdown grace over: exiting with work still in flight (it is recovered by the next worker)', graceMs: options.graceMs });
      exit(1);
    }, options.graceMs);
    deadline.unref?.();
    app.close().then(
      () => {
        clearTimeout(deadline);
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        options.logger.error({ msg: 'shutdown failed', error: error instanceof Error ? error.message : String(error) });
        exit(1);
      },
    );
  };
  for (const signal of options.signals ?? (['SIGTERM', 'SIGINT'] as NodeJS.Signals[])) on(signal, () => stop(signal));
}
