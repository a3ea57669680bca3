// The public surface of the web lib: the apps and other libs import from '@app/web' only.
export * from './web.module';
export * from './web-app';
export * from './web.errors';
export * from './errors/error-pages';
export * from './rendering/form-errors';
export * from './rendering/page-renderer';
export * from './rendering/page-reply';
export * from './rendering/page-title';
export * from './session/console-access';
export * from './session/console-page-hook';
export * from './session/console-page.decorators';
export * from './session/console-session.guard';
export type { ConsoleSession } from './session/console-session.service';
export * from './session/session-cookies';
export * from './rendering/token-link';
