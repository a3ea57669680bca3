import fastifyStatic from '@fastify/static';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WEB_PUBLIC_DIRECTORY } from '../web-paths';
import { inlineScriptHashes, nhsukFrontend, NhsukFrontend } from './nhsuk-frontend';

/** Fastify instance, as far as mounting the assets needs it. */
interface AssetHost {
  register(plugin: unknown, options: Record<string, unknown>): unknown;
  get(path: string, handler: (request: unknown, reply: AssetReply) => unknown): unknown;
}
interface AssetReply {
  header(name: string, value: string): AssetReply;
  send(body: unknown): unknown;
}

const COMPILED_FILES = new Set(['nhsuk-frontend.min.js', 'nhsuk-frontend.min.js.map', 'nhsuk-frontend.min.css.map']);
const ONE_YEAR_SECONDS = 31_536_000;

/**
 * The browser files of every page: NHS.UK frontend's compiled CSS, JavaScript and images, as the package
 * ships them (from node_modules, never copied into the repository), plus this lib's `public/` files.
 *
 * All are served under one path that changes whenever any of them can change — the frontend's version
 * and a hash of our own files, e.g. `/assets/10.6.1-3fa9c2d1/` — so they are cached for a year
 * (`immutable`) and a deploy never serves a page with yesterday's stylesheet.
 */
@Injectable()
export class WebAssets {
  readonly frontend: NhsukFrontend = nhsukFrontend();
  /** e.g. `/assets/10.6.1-3fa9c2d1` (no trailing slash; the page template adds `/images/…`). */
  readonly basePath: string;
  /** CSP sources for the one inline script of the NHS.UK page template. */
  readonly inlineScriptHashes: string[] = inlineScriptHashes(this.frontend);
  private readonly stylesheet: Buffer;

  constructor() {
    const fingerprint = createHash('sha256').update(this.frontend.version);
    for (const file of listFiles(WEB_PUBLIC_DIRECTORY)) fingerprint.update(relative(WEB_PUBLIC_DIRECTORY, file)).update(readFileSync(file));
    this.basePath = `/assets/${this.frontend.version}-${fingerprint.digest('hex').slice(0, 8)}`;
    // The compiled stylesheet points its icons at `/assets/images/…`; they live under our versioned path.
    const css = readFileSync(join(this.frontend.compiledDirectory, 'nhsuk-frontend.min.css'), 'utf8');
    this.stylesheet = Buffer.from(css.replace(/url\(\/assets\//g, `url(${this.basePath}/`), 'utf8');
  }

  /** What the layout links to. */
  get urls(): { stylesheet: string; appStylesheet: string; script: string } {
    return {
      stylesheet: `${this.basePath}/nhsuk-frontend.min.css`,
      appStylesheet: `${this.basePath}/app/app.css`,
      script: `${this.basePath}/app/init.mjs`,
    };
  }

  async mount(fastify: AssetHost): Promise<void> {
    const cacheForever = `public, max-age=${ONE_YEAR_SECONDS}, immutable`;
    const etag = `"${createHash('sha256').update(this.stylesheet).digest('base64url').slice(0, 27)}"`;
    await fastify.get(`${this.basePath}/nhsuk-frontend.min.css`, (_request, reply) =>
      reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', cacheForever).header('etag', etag).send(this.stylesheet),
    );
    await fastify.register(fastifyStatic, {
      // First found wins: the frontend's compiled files, its images and manifest, then ours.
      root: [this.frontend.compiledDirectory, this.frontend.assetsDirectory, WEB_PUBLIC_DIRECTORY],
      prefix: `${this.basePath}/`,
      decorateReply: false,
      index: false,
      maxAge: ONE_YEAR_SECONDS * 1000,
      immutable: true,
      // Only browser files: the package also holds its Sass, templates and type definitions.
      allowedPath: (pathName: string) => {
        const path = pathName.replace(/^\//, '');
        return COMPILED_FILES.has(path) || path === 'manifest.json' || /^images\/[\w.-]+\.(svg|png|ico)$/.test(path) || /^app\/[\w.-]+\.(mjs|css)$/.test(path);
      },
    });
  }
}

function listFiles(directory: string): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const path = join(directory, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}
