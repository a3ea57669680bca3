import 'reflect-metadata';
import { loadConfigOrExit } from '@app/core';
import { ApiModule } from './api.module';
import { createHttpApp } from './http-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createHttpApp(ApiModule, { config });
  await app.listen({ port: config.port, host: '0.0.0.0' });
}

main().catch((error) => {
  process.stderr.write(`API failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
