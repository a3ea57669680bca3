import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { CommonError } from '../errors/domain-error';
import { checkAccess } from './access';
import { PUBLIC_ROUTE, ROUTE_ACCESS, SESSION_ROUTE } from './auth.decorators';
import { Access, AuthUser, ROLES, Role } from './role';
import { isUuid } from './uuid-param.pipe';

export interface AccessTokenClaims {
  sub: string;
  email: string;
  role: Role;
  trustId: string | null;
}

/**
 * Global guard: a valid bearer token on every non-public route, then trust scope, then role. Scope is
 * checked before role so a trust user probing another trust learns nothing (404, never 403).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(JwtService) private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(SESSION_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; params?: Record<string, string>; user?: AuthUser }>();
    const user = await this.authenticate(request.headers.authorization);
    request.user = user;

    checkAccess(user, request.params?.trustId, this.reflector.getAllAndOverride<Access>(ROUTE_ACCESS, targets) ?? 'read');
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) throw CommonError.unauthenticated();
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(match[1], { algorithms: ['HS256'] });
    } catch {
      throw CommonError.unauthenticated('The bearer token is invalid or has expired');
    }
    if (!isUuid(claims.sub) || !ROLES.includes(claims.role)) throw CommonError.unauthenticated('The bearer token is invalid');
    return { id: claims.sub, email: claims.email, role: claims.role, trustId: claims.trustId ?? null };
  }
}
