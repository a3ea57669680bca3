/**
 * `npm run secrets:reseal`: after a SECRETS_KEY rotation (docs/secrets.md), seals every stored secret that
 * the previous key sealed again with the current key. Run with SECRETS_KEY (new) and SECRETS_KEY_PREVIOUS
 * (old) set; safe to run twice (what is already under the current key is left alone).
 */
import 'reflect-metadata';
import { loadConfigOrExit, loadEnvFile } from '@app/core';
import { NotifyServiceService } from '@app/notifications';
import { NestFactory } from '@nestjs/core';
import { ApiModule } from '../apps/api/src/api.module';

async function main(): Promise<void> {
  loadEnvFile();
  loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(ApiModule, { logger: ['error', 'warn'] });
  try {
    const count = await app.get(NotifyServiceService).resealAll();
    console.log(count ? `Re-sealed the secrets of ${count} GOV.UK Notify service(s) with the current SECRETS_KEY.` : 'Nothing to re-seal: every secret is under the current SECRETS_KEY.');
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
