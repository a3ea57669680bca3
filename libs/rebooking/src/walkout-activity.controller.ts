import { AuthUser, CurrentUser, Idempotent, LOCATION_HEADER_DOC, LocationOf, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  PostponementRequestDto,
  PostponementResultDto,
  RebookingRunAcceptedDto,
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
  async impact(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string): Promise<WalkoutImpactDto> {
    return toImpactResponse(await this.postponements.impact(trustId, walkoutId));
  }

  @RequireAccess('write')
  @Post('walkouts/:walkoutId/postponements')
  @HttpCode(200)
  @Idempotent()
  @ApiOkResponse({ type: PostponementResultDto, description: 'Cancels and queues one notice per patient in one transaction; a repeat changes nothing; 409 once called off' })
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
    description:
      'Queued; follow it at the Location (GET …/rebooking-runs/:runId). 409 while another run of the walkout is queued or running; 429 MESSAGE_BUDGET_EXCEEDED when offers to every patient waiting would not fit the trust’s patient-notice budget now',
    headers: LOCATION_HEADER_DOC,
  })
  async startRun(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: RebookingRunRequestDto,
  ): Promise<RebookingRunAcceptedDto> {
    return { runId: await this.runs.start(trustId, walkoutId, body, user.id) };
  }

  @Get('rebooking-runs/:runId')
  @ApiOkResponse({ type: RebookingRunResponseDto })
  async getRun(@Param('trustId', UuidParam) trustId: string, @Param('runId', UuidParam) runId: string): Promise<RebookingRunResponseDto> {
    return toRebookingRunResponse(await this.runs.get(trustId, runId));
  }
}
