import { APP_CONFIG, AppConfig } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import nunjucks from 'nunjucks';
import { WEB_VIEWS_DIRECTORY } from '../web-paths';
import { documentTitle } from './page-title';
import { FormErrors } from './form-errors';
import { WebAssets } from './web-assets';

/** What every page's layout (`web/layout.njk`) reads besides the page's own data. */
export interface PageFrame {
  /** The page's own title; the document title adds the service and "NHS". */
  title: string;
  /** The service in the NHS header and the title ("Strike operations", "Your appointment", …). */
  serviceName: string;
  /** Where the service name links to, if anywhere. */
  serviceHref?: string;
  /** Shown beside the NHS logo: the trust the page is about, when known. */
  organisationName?: string | null;
  /** The error summary's links (see formErrors); a non-empty list prefixes the title with "Error: ". */
  errorSummary?: FormErrors['summary'];
  /** The header's navigation links (the console's sections of a trust), the current one marked. */
  navigation?: { href: string; text: string; current?: boolean }[];
  /** The signed-in console user, for the header's account links and sign-out form. */
  account?: { email: string; csrfToken: string } | null;
}

export type PageData = Record<string, unknown>;

/**
 * The one Nunjucks environment of the service. Templates are found in NHS.UK frontend's package (its
 * page template and component macros), in this lib's `views/`, and in the `views/` of each lib that
 * registered them (WebModule.forFeature). Output is escaped unless a template says otherwise, so data
 * is never markup. Compiled templates are cached, except in development where edits show on reload.
 */
@Injectable()
export class PageRenderer {
  private readonly loader: nunjucks.FileSystemLoader;
  private readonly environment: nunjucks.Environment;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    assets: WebAssets,
  ) {
    this.loader = new nunjucks.FileSystemLoader([assets.frontend.templatesRoot, WEB_VIEWS_DIRECTORY], { noCache: config.nodeEnv === 'development' });
    this.environment = new nunjucks.Environment(this.loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
    this.environment.addGlobal('assetPath', assets.basePath);
    this.environment.addGlobal('assets', assets.urls);
  }

  /** Adds a lib's `views/` directory (idempotent: the built app has one `views/` for every lib). */
  addViews(directory: string): void {
    const paths = (this.loader as unknown as { searchPaths: string[] }).searchPaths;
    if (!paths.includes(directory)) paths.push(directory);
  }

  /** A template without the layout: a piece of a page that a script fetches to update it in place. */
  renderFragment(template: string, data: PageData = {}): string {
    return this.environment.render(template, data);
  }

  render(template: string, frame: PageFrame, data: PageData = {}): string {
    const errorSummary = frame.errorSummary ?? [];
    return this.environment.render(template, {
      ...data,
      frame: { ...frame, errorSummary, documentTitle: documentTitle(frame.title, frame.serviceName, errorSummary.length > 0) },
    });
  }
}
