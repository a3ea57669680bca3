import { Module } from '@nestjs/common';
import { HttpMetrics } from './http-metrics';
import { MetricsRegistry } from './metrics-registry';

/** Imported by whatever registers or prints metrics; Nest shares one instance per app. */
@Module({ providers: [MetricsRegistry, HttpMetrics], exports: [MetricsRegistry, HttpMetrics] })
export class MetricsModule {}
