import { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface RegisteredRoute {
  method: string;
  path: string;
}

/**
 * Every route the HTTP app answers (Nest's and those mounted straight on Fastify), read from Fastify's
 * route tree as printed by `printRoutes()`: a line per node, its depth in the tree drawing.
 */
export function registeredRoutes(app: NestFastifyApplication): RegisteredRoute[] {
  const tree = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const stack: { depth: number; path: string }[] = [];
  const routes: RegisteredRoute[] = [];
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ');
    if (at === -1) continue;
    const text = line.slice(at + 3);
    const methods = /\s\(([A-Z, ]+)\)$/.exec(text);
    const segment = methods ? text.slice(0, methods.index) : text;
    while (stack.length && stack[stack.length - 1].depth >= at) stack.pop();
    const path = `${stack.length ? stack[stack.length - 1].path : ''}${segment}`;
    stack.push({ depth: at, path });
    for (const method of methods ? methods[1].split(', ') : []) routes.push({ method, path });
  }
  return routes;
}
