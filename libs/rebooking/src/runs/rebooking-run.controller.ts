import { ApiErrors, AuthUser, CurrentUser, Idempotent, LOCATION_HEADER_DOC, LocationOf, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationError, NotificationErrorCode } from '@app/notifications';
import { WalkoutError, WalkoutErrorCode } from '@app/walkouts';
import { RebookingError, RebookingErrorCode } from '../rebooking.errors';
import { PageOfRebookingRunsDto, RebookingRunAcceptedDto, RebookingRunListQueryDto, RebookingRunRequestDto, RebookingRunResponseDto, toRebookingRunResponse } from './rebooking-run.dto';
import { RebookingRunService } from './rebooking-run.service';

/**
 * Rebooking runs: start one for a walkout, list them, follow one. Operation ids keep the names they had
 * when these routes shared one controller with postponement (`WalkoutActivityController_…`).
 */
@ApiTags('rebooking')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId')
export class RebookingRunController {
  constructor(private readonly runs: RebookingRunService) {}

  @RequireAccess('write')
  @Post('walkouts/:walkoutId/rebooking-runs')
  @HttpCode(202)
  @Idempotent()
  @LocationOf('/api/v1/trusts/:trustId/rebooking-runs/:runId')
  @ApiAcceptedResponse({
    type: RebookingRunAcceptedDto,
    description: 'Queued; follow it at the Location (GET …/rebooking-runs/:runId). Refused (429) when offers to every patient waiting would not fit the trust’s patient-notice budget now',
    headers: LOCATION_HEADER_DOC,
  })
  @ApiOperation({ operationId: 'WalkoutActivityController_startRun', summary: 'Start rebooking the postponed appointments of a walkout' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  @ApiErrors(RebookingError, RebookingErrorCode.RebookingRunInProgress, RebookingErrorCode.QueueUnavailable)
  @ApiErrors(NotificationError, NotificationErrorCode.MessageBudgetExceeded)
  async startRun(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: RebookingRunRequestDto,
  ): Promise<RebookingRunAcceptedDto> {
    return { runId: await this.runs.start(trustId, walkoutId, body, user.id) };
  }

  @Get('walkouts/:walkoutId/rebooking-runs')
  @ApiOperation({ operationId: 'WalkoutActivityController_listRunsOfWalkout', summary: 'List the rebooking runs of a walkout, newest first' })
  @ApiOkResponse({ type: PageOfRebookingRunsDto })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  async listRunsOfWalkout(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @Query() query: RebookingRunListQueryDto,
  ): Promise<PageOfRebookingRunsDto> {
    const page = await this.runs.list(trustId, { ...query, walkoutId });
    return { items: page.items.map(toRebookingRunResponse), nextCursor: page.nextCursor };
  }

  @Get('rebooking-runs')
  @ApiOperation({ operationId: 'WalkoutActivityController_listRuns', summary: 'List the rebooking runs of every walkout of the trust, newest first' })
  @ApiOkResponse({ type: PageOfRebookingRunsDto })
  async listRuns(@Param('trustId', UuidParam) trustId: string, @Query() query: RebookingRunListQueryDto): Promise<PageOfRebookingRunsDto> {
    const page = await this.runs.list(trustId, query);
    return { items: page.items.map(toRebookingRunResponse), nextCursor: page.nextCursor };
  }

  @Get('rebooking-runs/:runId')
  @ApiOkResponse({ type: RebookingRunResponseDto })
  @ApiOperation({ operationId: 'WalkoutActivityController_getRun', summary: 'Follow a rebooking run' })
  @ApiErrors(RebookingError, RebookingErrorCode.RebookingRunNotFound)
  async getRun(@Param('trustId', UuidParam) trustId: string, @Param('runId', UuidParam) runId: string): Promise<RebookingRunResponseDto> {
    return toRebookingRunResponse(await this.runs.get(trustId, runId));
  }
}
