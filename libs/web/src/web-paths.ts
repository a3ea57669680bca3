import { join } from 'node:path';

/**
 * This lib's templates and browser files. Resolved from this file's own directory: in the sources that
 * is `libs/web/src`, in the built app `dist/apps/api`, where the build copies `views/` and `public/`
 * (nest-cli.json `assets`). Other libs with pages keep theirs in their own `src/views/<lib>/` the same way.
 */
export const WEB_VIEWS_DIRECTORY = join(__dirname, 'views');
export const WEB_PUBLIC_DIRECTORY = join(__dirname, 'public');
