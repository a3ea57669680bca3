import { loadConfig } from '@app/core';
import { PageRenderer } from '../src/rendering/page-renderer';
import { WebAssets } from '../src/rendering/web-assets';

/** The real renderer with the given libs' `views/`, for unit tests of templates (no Nest, no database). */
export function testPageRenderer(...viewsDirectories: string[]): PageRenderer {
  const renderer = new PageRenderer(loadConfig({ NODE_ENV: 'test' }), new WebAssets());
  for (const directory of viewsDirectories) renderer.addViews(directory);
  return renderer;
}
