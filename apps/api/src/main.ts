import 'reflect-metadata';
import { ConfigError, DatabaseSetupError, loadConfigOrExit, loadEnvFile } from '@app/core';
import { Logger } from '@nestjs/common';
import { ApiModule } from './api.module';
import { createHttpApp } from './http-app';

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfigOrExit();
  const app = await createHttpApp(ApiModule, { config });
  await app.listen({ port: config.port, host: '0.0.0.0' });
  // The first thing a newcomer looks for: where it answers.
  new Logger('Api').log({ msg: `API listening on http://localhost:${config.port} (OpenAPI at /docs)`, port: config.port, publicBaseUrl: config.publicBaseUrl });
}

main().catch((error) => {
  const known = error instanceof ConfigError || error instanceof DatabaseSetupError;
  process.stderr.write(`API failed to start: ${known ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
