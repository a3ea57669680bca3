import { Global, Module } from '@nestjs/common';
import { QueueService } from './queue.service';
import { SharedLimits } from './shared-limits';

@Global()
@Module({ providers: [QueueService, SharedLimits], exports: [QueueService, SharedLimits] })
export class QueueModule {}
