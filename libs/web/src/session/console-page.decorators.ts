import { Access, ROUTE_ACCESS, SESSION_SCHEME, SessionRoute } from '@app/core';
import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiProduces } from '@nestjs/swagger';
import { ConsoleRequest } from './console-access';
import { ConsoleSession } from './console-session.service';
import { ConsoleSessionGuard, SIGN_IN_FORM } from './console-session.guard';

/** The name the OpenAPI document gives the console's cookie authentication. */
export const CONSOLE_SESSION_SECURITY = SESSION_SCHEME;

/**
 * A console page: signed in by the session cookie (not a bearer token), the API's trust-scope and role
 * rules (`access`, default `read`), and a CSRF token on anything that changes state.
 */
export const ConsolePage = (access: Access = 'read'): MethodDecorator & ClassDecorator =>
  applyDecorators(SessionRoute(), SetMetadata(ROUTE_ACCESS, access), UseGuards(ConsoleSessionGuard), ApiProduces('text/html'), ApiCookieAuth(CONSOLE_SESSION_SECURITY));

/** The sign-in form: open to everyone, and CSRF-checked against the sign-in cookie. */
export const SignInForm = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SessionRoute(), SetMetadata(SIGN_IN_FORM, true), UseGuards(ConsoleSessionGuard), ApiProduces('text/html'));

/** The signed-in console session (null only on the sign-in form). */
export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext): ConsoleSession | null => {
  return context.switchToHttp().getRequest<ConsoleRequest>().consoleSession ?? null;
});
