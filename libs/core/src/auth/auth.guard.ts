import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommonError } from '../errors/domain-error';
import { checkAccess } from './access';
import { PUBLIC_ROUTE, ROUTE_ACCESS, SESSION_ROUTE } from './auth.decorators';
import { AuthService } from './auth.service';
import { Access, AuthUser } from './role';

/**
 * Global guard: a valid bearer token on every non-public route, then trust scope, then role. Scope is
 * checked before role so a trust user probing another trust learns nothing (404, never 403).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(SESSION_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; params?: Record<string, string>; user?: AuthUser }>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw CommonError.unauthenticated();
    const user = await this.auth.verifyAccessToken(token);
    request.user = user;

    checkAccess(user, request.params?.trustId, this.reflector.getAllAndOverride<Access>(ROUTE_ACCESS, targets) ?? 'read');
    return true;
  }
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? null;
}
