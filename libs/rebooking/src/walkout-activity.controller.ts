import { ApiErrors, AuthUser, CurrentUser, Idempotent, LOCATION_HEADER_DOC, LocationOf, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationError, NotificationErrorCode } from '@app/notifications';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { WalkoutError, WalkoutErrorCode } from '@app/walkouts';
import { RebookingError, RebookingErrorCode } from './rebooking.errors';
import {
  PageOfRebookingRunsDto,
  PostponementRequestDto,
  PostponementResultDto,
  RebookingRunAcceptedDto,
  RebookingRunListQueryDto,
  RebookingRunRequestDto,
  RebookingRunResponseDto,
  toImpactResponse,
  toPostponementResponse,
  toRebookingRunResponse,
  WalkoutImpactDto,
} from './dto/walkout-activity.dto';
import { PostponementService } from './postponement.service';
import { RebookingRunService } from './rebooking-run.service';

/** A walkout's effect on booked activity: impact, postponement and rebooking runs. */
@ApiTags('rebooking')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId')
export class WalkoutActivityController {
  constructor(
    private readonly postponements: PostponementService,
    private readonly runs: RebookingRunService,
  ) {}

  @Get('walkouts/:walkoutId/impact')
  @ApiOkResponse({ type: WalkoutImpactDto, description: 'What falls in the window at the affected sites, kept vs to postpone' })
  @ApiOperation({ summary: 'See what a walkout affects, and what policy keeps and postpones' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  async impact(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string): Promise<WalkoutImpactDto> {
    return toImpactResponse(await this.postponements.impact(trustId, walkoutId));
  }

  @RequireAccess('write')
  @Post('walkouts/:walkoutId/postponements')
  @HttpCode(200)
  @Idempotent()
  @ApiOkResponse({ type: PostponementResultDto, description: 'Cancels and queues one notice per patient in one transaction; a repeat changes nothing' })
  @ApiOperation({ summary: 'Postpone the affected appointments and queue one notice per patient' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  @ApiErrors(RebookingError, RebookingErrorCode.WalkoutCalledOff)
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  @ApiErrors(NotificationError, NotificationErrorCode.MessageBudgetExceeded)
  async postpone(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Body() body: PostponementRequestDto): Promise<PostponementResultDto> {
    return toPostponementResponse(await this.postponements.postpone(trustId, walkoutId, { dryRun: body.dryRun ?? false, keepAppointmentIds: body.keepAppointmentIds ?? [] }));
  }

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
  @ApiOperation({ summary: 'Start rebooking the postponed appointments of a walkout' })
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
  @ApiOperation({ summary: 'List the rebooking runs of a walkout, newest first' })
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
  @ApiOperation({ summary: 'List the rebooking runs of every walkout of the trust, newest first' })
  @ApiOkResponse({ type: PageOfRebookingRunsDto })
  async listRuns(@Param('trustId', UuidParam) trustId: string, @Query() query: RebookingRunListQueryDto): Promise<PageOfRebookingRunsDto> {
    const page = await this.runs.list(trustId, query);
    return { items: page.items.map(toRebookingRunResponse), nextCursor: page.nextCursor };
  }

  @Get('rebooking-runs/:runId')
  @ApiOkResponse({ type: RebookingRunResponseDto })
  @ApiOperation({ summary: 'Follow a rebooking run' })
  @ApiErrors(RebookingError, RebookingErrorCode.RebookingRunNotFound)
  async getRun(@Param('trustId', UuidParam) trustId: string, @Param('runId', UuidParam) runId: string): Promise<RebookingRunResponseDto> {
    return toRebookingRunResponse(await this.runs.get(trustId, runId));
  }
}
