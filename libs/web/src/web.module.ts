import { AuthModule } from '@app/core';
import { DynamicModule, Global, Inject, Injectable, Module } from '@nestjs/common';
import { ErrorPages } from './errors/error-pages';
import { PageRenderer } from './rendering/page-renderer';
import { WebAssets } from './rendering/web-assets';
import { ConsoleAccess } from './session/console-access';
import { ConsoleSessionGuard } from './session/console-session.guard';
import { ConsoleSessionRepository } from './session/console-session.repository';
import { ConsoleSessionService } from './session/console-session.service';
import { SessionCookies } from './session/session-cookies';
import { SignInController } from './sign-in/sign-in.controller';

const VIEWS_DIRECTORY = Symbol('VIEWS_DIRECTORY');

@Injectable()
class ViewsRegistration {
  constructor(renderer: PageRenderer, @Inject(VIEWS_DIRECTORY) directory: string) {
    renderer.addViews(directory);
  }
}

@Module({})
class WebViewsModule {}

/**
 * The web foundation every page stands on: the renderer and assets, error pages, and the console's
 * sessions with their guard and sign-in. Global, so a lib with pages needs only `forFeature` for its
 * templates; the API imports it once.
 */
@Global()
@Module({
  imports: [AuthModule],
  controllers: [SignInController],
  providers: [WebAssets, PageRenderer, ErrorPages, SessionCookies, ConsoleSessionRepository, ConsoleSessionService, ConsoleAccess, ConsoleSessionGuard],
  exports: [WebAssets, PageRenderer, ErrorPages, SessionCookies, ConsoleSessionService, ConsoleAccess, ConsoleSessionGuard],
})
export class WebModule {
  /** A lib's templates: `join(__dirname, 'views')` from its module file, holding `views/<lib>/…njk`. */
  static forFeature(viewsDirectory: string): DynamicModule {
    return { module: WebViewsModule, providers: [{ provide: VIEWS_DIRECTORY, useValue: viewsDirectory }, ViewsRegistration] };
  }
}
