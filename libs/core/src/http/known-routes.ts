import FindMyWay from 'find-my-way';

type HTTPMethod = FindMyWay.HTTPMethod;

/**
 * The routes the server has, by method, for one question Fastify's router cannot answer: does a path
 * that matched nothing exist with another method? Then the answer is 405 with `Allow`, not 404. Built
 * from Fastify's `onRoute` hook with the router's own matching rules, so it agrees with the router.
 */
export class KnownRoutes {
  private readonly router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1>;
  private readonly methods = new Set<HTTPMethod>();
  private readonly routes: { method: string; url: string }[] = [];

  constructor(options: { ignoreTrailingSlash?: boolean; caseSensitive?: boolean; maxParamLength?: number } = {}) {
    this.router = FindMyWay({ ...options });
  }

  add(methods: string | string[], url: string): void {
    for (const method of Array.isArray(methods) ? methods : [methods]) {
      const upper = method.toUpperCase() as HTTPMethod;
      if (this.router.hasRoute(upper, url)) continue;
      this.router.on(upper, url, () => undefined);
      this.methods.add(upper);
      this.routes.push({ method: upper, url });
    }
  }

  /** Every route, as registered (`/r/:token`). */
  list(): { method: string; url: string }[] {
    return [...this.routes];
  }

  /** The methods a path is served with; empty when no route has it. */
  methodsFor(path: string): string[] {
    return [...this.methods].filter((method) => this.router.find(method, path) !== null).sort();
  }
}
