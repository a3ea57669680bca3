import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Access, AuthUser } from './role';

export const PUBLIC_ROUTE = 'auth:public';
export const ROUTE_ACCESS = 'auth:access';
export const SESSION_ROUTE = 'auth:session';

/** No bearer token needed (login, health, patient/staff token links, Notify callbacks). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Signed in with the console's session cookie instead of a bearer token: the bearer guard lets it
 * through and the web lib's session guard checks the session, its CSRF token and `checkAccess`.
 */
export const SessionRoute = (): MethodDecorator & ClassDecorator => SetMetadata(SESSION_ROUTE, true);

/** What the route needs; routes without it need `read`. */
export const RequireAccess = (access: Access): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ACCESS, access);

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

/**
 * The client's address as Fastify determined it: the socket's peer, or — only for proxies TRUST_PROXY
 * names — the address they forwarded. Never read `X-Forwarded-For` directly.
 */
export const ClientAddress = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<{ ip?: string; socket?: { remoteAddress?: string } }>();
  return request.ip ?? request.socket?.remoteAddress ?? 'unknown';
});
