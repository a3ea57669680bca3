import { INestApplicationContext, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { PUBLIC_ROUTE, ROUTE_ACCESS, SESSION_ROUTE } from '../auth/auth.decorators';
import { Access } from '../auth/role';
import { UuidParam } from '../auth/uuid-param.pipe';
import { API_ERRORS, DocumentedError } from './api-errors.decorator';

/** What the document cannot see but the code knows: who may call an operation and what it can refuse. */
export interface OperationFacts {
  public: boolean;
  /** Signed in with the console's session cookie rather than a bearer token (console pages, the queue dashboard). */
  session?: boolean;
  access: Access;
  errors: DocumentedError[];
  /** Path parameters that must be ids (the UuidParam pipe): typed `uuid`, and an unknown one is 404. */
  uuidParams: string[];
}

interface RouteArgument {
  data?: unknown;
  pipes?: unknown[];
}

/**
 * The facts of every controller method, by the operationId the swagger explorer gives it
 * (`Controller_method`, or the one `@ApiOperation({ operationId })` names, kept when routes move to
 * another controller), read from the same metadata the guards and pipes act on.
 */
export function collectOperationFacts(app: INestApplicationContext): Map<string, OperationFacts> {
  const reflector = app.get(Reflector);
  const facts = new Map<string, OperationFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | undefined;
      if (!controller?.prototype) continue;
      for (const methodName of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[methodName];
        if (methodName === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const targets = [handler, controller];
        const args: Record<string, RouteArgument> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {};
        const named = (Reflect.getMetadata(DECORATORS.API_OPERATION, handler) as { operationId?: string } | undefined)?.operationId;
        facts.set(named ?? `${controller.name}_${methodName}`, {
          public: reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
          session: reflector.getAllAndOverride<boolean>(SESSION_ROUTE, targets) === true,
          access: reflector.getAllAndOverride<Access>(ROUTE_ACCESS, targets) ?? 'read',
          errors: Reflect.getMetadata(API_ERRORS, handler) ?? [],
          uuidParams: Object.values(args)
            .filter((arg) => typeof arg.data === 'string' && (arg.pipes ?? []).some((pipe) => pipe === UuidParam || pipe instanceof UuidParam))
            .map((arg) => arg.data as string),
        });
      }
    }
  }
  return facts;
}
