import { Access, ROUTE_ACCESS } from '@app/core';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ConsoleAccess, ConsoleRequest } from './console-access';

/** Metadata of the sign-in form's routes (see SignInForm). */
export const SIGN_IN_FORM = 'web:sign-in-form';

/** Nest's side of ConsoleAccess: every route marked ConsolePage or SignInForm runs through it. */
@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: ConsoleAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    await this.access.check(context.switchToHttp().getRequest<ConsoleRequest>(), {
      access: this.reflector.getAllAndOverride<Access>(ROUTE_ACCESS, targets) ?? 'read',
      signInForm: this.reflector.getAllAndOverride<boolean>(SIGN_IN_FORM, targets) ?? false,
    });
    return true;
  }
}
