import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { toErrorBody } from '../errors/all-exceptions.filter';
import { CommonError, CommonErrorCode } from '../errors/domain-error';
import { currentRequestId } from '../http/request-context';
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

class HealthChecksDto {
  @ApiProperty({ enum: ['up', 'down'] }) database: CheckResult;
  @ApiProperty({ enum: ['up', 'down'] }) redis: CheckResult;
}

class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status: 'ok' | 'unavailable';
  @ApiProperty({ type: HealthChecksDto }) checks: HealthChecksDto;
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
  @ApiOperation({ summary: 'Check the service and its database and Redis' })
  async health(@Res({ passthrough: true }) reply: { status(code: number): unknown }): Promise<HealthResponseDto> {
    const [database, redis] = await Promise.all([
      withTimeout(this.dataSource.query('SELECT 1'), 2_000),
      withTimeout(this.queues.redis().ping(), 2_000),
    ]);
    const checks = { database, redis };
    if (database === 'up' && redis === 'up') return { status: 'ok', checks };
    reply.status(503);
    const down = Object.entries(checks).flatMap(([name, result]) => (result === 'down' ? [name] : []));
    return {
      ...toErrorBody(new CommonError(CommonErrorCode.ServiceUnavailable, `Not ready: ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down`, down.map((name) => ({ message: `${name} is down` }))), currentRequestId() ?? ''),
      status: 'unavailable',
      checks,
    };
  }
}
