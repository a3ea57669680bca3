import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The installed NHS.UK frontend package: its Nunjucks templates, compiled CSS/JS and images. */
export interface NhsukFrontend {
  version: string;
  /** Search root for its templates (`nhsuk/template.njk`, `nhsuk/components/…/macro.njk`). */
  templatesRoot: string;
  /** The compiled `nhsuk-frontend.min.css` / `.min.js`. */
  compiledDirectory: string;
  /** `images/…` and `manifest.json`, which the page template links to under `assetPath`. */
  assetsDirectory: string;
}

let installed: NhsukFrontend | null = null;

export function nhsukFrontend(): NhsukFrontend {
  if (installed) return installed;
  // Resolved at run time from node_modules, never copied. Through createRequire because the bundler
  // rewrites a plain `require.resolve` into a module number.
  const packageJson = createRequire(__filename).resolve('nhsuk-frontend/package.json');
  const root = dirname(packageJson);
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  installed = {
    version,
    templatesRoot: join(root, 'dist'),
    compiledDirectory: join(root, 'dist', 'nhsuk'),
    assetsDirectory: join(root, 'dist', 'nhsuk', 'assets'),
  };
  return installed;
}

/**
 * The page template writes one inline script (it marks `<body>` as `js-enabled` before first paint).
 * Its CSP hash lets that script run under `script-src 'self'` without allowing any other inline script
 * or a per-request nonce. Read from the installed template, so an upgrade cannot leave a stale hash.
 */
export function inlineScriptHashes(frontend: NhsukFrontend = nhsukFrontend()): string[] {
  const template = readFileSync(join(frontend.templatesRoot, 'nhsuk', 'template.njk'), 'utf8');
  const scripts = [...template.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
  for (const script of scripts) {
    if (/{[{%]/.test(script)) throw new Error('nhsuk-frontend template.njk has an inline script with template tags; its CSP hash cannot be fixed');
  }
  return scripts.map((script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`);
}
