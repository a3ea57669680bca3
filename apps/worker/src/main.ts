import 'reflect-metadata';
import { JsonLogger, loadConfigOrExit, loadEnvFile } from '@app/core';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: new JsonLogger('worker', config.logLevel) });
  // SIGTERM/SIGINT close the workers (letting running jobs finish) and the connections.
  app.enableShutdownHooks();
  await app.init();
}

main().catch((error) => {
  process.stderr.write(`Worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
