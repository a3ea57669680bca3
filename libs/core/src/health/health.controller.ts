import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { QueueService } from '../queue/queue.service';

type CheckResult = 'up' | 'down';

async function withTimeout(check: Promise<unknown>, ms: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => (timer = setTimeout(() => resolve('down'), ms)));
  try {
    return await Promise.race([check.then((): CheckResult => 'up').catch((): CheckResult => 'down'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

class HealthResponseDto {
  status: 'ok' | 'unavailable';
  checks: { database: CheckResult; redis: CheckResult };
}

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  @Public()
  @Get('health')
  @ApiOkResponse({ type: HealthResponseDto, description: '503 with the same body when a dependency is down' })
  async health(@Res({ passthrough: true }) reply: { status(code: number): unknown }): Promise<HealthResponseDto> {
    const [database, redis] = await Promise.all([
      withTimeout(this.dataSource.query('SELECT 1'), 2_000),
      withTimeout(this.queues.redis().ping(), 2_000),
    ]);
    const ok = database === 'up' && redis === 'up';
    reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks: { database, redis } };
  }
}
