import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, Observable } from 'rxjs';

export const LOCATION_TEMPLATE = 'http:location-template';

/** For @ApiCreatedResponse / @ApiAcceptedResponse `headers`. */
export const LOCATION_HEADER_DOC = { Location: { description: 'Where to GET what this request created', schema: { type: 'string' } } };

/**
 * `/api/v1/trusts/:trustId/rebooking-runs/:runId` → the path of what a 201/202 made: each `:name` is
 * taken from the response body first (`runId`, `id`), then from the route's parameters. Null when a
 * value is missing, so a wrong template never produces a half-filled link.
 */
export function fillLocation(template: string, params: Record<string, unknown>, body: unknown): string | null {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  let complete = true;
  const path = template.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = fields[name] ?? params[name];
    if (typeof value !== 'string' || value === '') {
      complete = false;
      return '';
    }
    return encodeURIComponent(value);
  });
  return complete ? path : null;
}

/** The Location of this route's answer, or null when the route declares none. */
export function locationOf(reflector: Reflector, context: ExecutionContext, body: unknown): string | null {
  const template = reflector.get<string | undefined>(LOCATION_TEMPLATE, context.getHandler());
  if (!template) return null;
  const request = context.switchToHttp().getRequest<{ params?: Record<string, unknown> }>();
  return fillLocation(template, request.params ?? {}, body);
}

@Injectable()
export class LocationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body) => {
        const location = locationOf(this.reflector, context, body);
        if (location) context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>().header('location', location);
        return body;
      }),
    );
  }
}

/** Sets `Location` on a route that creates something (201) or accepts work to follow (202). */
export const LocationOf = (template: string): MethodDecorator => applyDecorators(SetMetadata(LOCATION_TEMPLATE, template), UseInterceptors(LocationInterceptor));
