import fastifyCookie from '@fastify/cookie';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { addMultipartFormParser } from './forms/multipart-form';
import { WebAssets } from './rendering/web-assets';

/** What the pages need from the Content-Security-Policy beyond `'self'`. */
export function webContentSecurity(app: NestFastifyApplication): { scriptSrc: string[]; fontSrc: string[] } {
  return {
    // The NHS.UK page template's one inline script, by hash (no 'unsafe-inline', no nonces).
    scriptSrc: app.get(WebAssets).inlineScriptHashes,
    // NHS.UK frontend's stylesheet loads the Frutiger web font from the NHS's own asset server.
    fontSrc: ['https://assets.nhs.uk'],
  };
}

/** Called from configureHttpApp: cookie parsing (the console's session), file uploads of console forms, and the versioned browser assets. */
export async function registerWebPlugins(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyCookie as never, {});
  addMultipartFormParser(app.getHttpAdapter().getInstance() as never);
  await app.get(WebAssets).mount(app.getHttpAdapter().getInstance() as never);
}
