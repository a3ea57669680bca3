import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WorkerHost } from './worker-host';

@Module({ imports: [DiscoveryModule], providers: [WorkerHost] })
export class WorkerHostModule {}
