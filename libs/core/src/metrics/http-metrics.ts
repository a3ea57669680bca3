import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';
/** Label for requests that matched no route: the raw URL never becomes a label (links carry tokens in the path). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * HTTP request durations by route pattern (`/r/:token`, never the URL), method and status. Buckets
 * span a fast read (5 ms) to a 50 MB import (30 s).
 */
@Injectable()
export class HttpMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(registry: MetricsRegistry) {
    this.duration = new Histogram({
      name: 'strike_ops_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }

  observe(method: string, route: string | undefined, statusCode: number, milliseconds: number): void {
    this.duration.observe({ method, route: route ?? UNMATCHED_ROUTE, status_code: String(statusCode) }, milliseconds / 1000);
  }
}
