import 'reflect-metadata';
import { closeOnSignals, loadConfigOrExit, loadEnvFile } from '@app/core';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // SIGTERM/SIGINT close the workers (letting running jobs finish) and the connections, and end the
  // process within WORKER_SHUTDOWN_GRACE_SECONDS even when Redis is unreachable and closing would hang.
  closeOnSignals(app, { graceMs: config.workerShutdownGraceMs, logger });
  await app.init();
}

main().catch((error) => {
  process.stderr.write(`Worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
