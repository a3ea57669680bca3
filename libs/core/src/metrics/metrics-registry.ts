import { Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';

/** The one Prometheus registry of a process: every lib registers its metrics here, /metrics prints it. */
@Injectable()
export class MetricsRegistry extends Registry {}
