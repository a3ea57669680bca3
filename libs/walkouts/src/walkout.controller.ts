import { AuthUser, CurrentUser, parseInstantWithOffset, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CallOffDto,
  ChangeWalkoutDto,
  PageOfWalkoutsDto,
  ParticipationDto,
  ParticipationSummaryDto,
  RecordWalkoutDto,
  WalkoutListQueryDto,
  WalkoutResponseDto,
  toWalkoutResponse,
} from './dto/walkout.dto';
import { WalkoutService } from './walkout.service';

/** DTO validation has already proven these parse. */
const instant = (value: string): Date => parseInstantWithOffset(value)!;
const optionalInstant = (value?: string | null): Date | undefined => (value ? instant(value) : undefined);

@ApiTags('walkouts')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/walkouts')
export class WalkoutController {
  constructor(private readonly walkouts: WalkoutService) {}

  @RequireAccess('write')
  @Post()
  @ApiCreatedResponse({ type: WalkoutResponseDto })
  async record(@Param('trustId', UuidParam) trustId: string, @CurrentUser() user: AuthUser, @Body() body: RecordWalkoutDto): Promise<WalkoutResponseDto> {
    const walkout = await this.walkouts.record(
      trustId,
      {
        union: body.union,
        staffGroups: body.staffGroups,
        mode: body.mode,
        startsAt: instant(body.startsAt),
        endsAt: instant(body.endsAt),
        noticeReceivedAt: optionalInstant(body.noticeReceivedAt),
        siteIds: body.siteIds,
      },
      user.id,
    );
    return toWalkoutResponse(walkout);
  }

  @Get()
  @ApiOkResponse({ type: PageOfWalkoutsDto })
  async list(@Param('trustId', UuidParam) trustId: string, @Query() query: WalkoutListQueryDto): Promise<PageOfWalkoutsDto> {
    const page = await this.walkouts.list(trustId, { ...query, from: optionalInstant(query.from), to: optionalInstant(query.to) });
    return { items: page.items.map((w) => toWalkoutResponse(w)), nextCursor: page.nextCursor };
  }

  @Get(':walkoutId')
  @ApiOkResponse({ type: WalkoutResponseDto })
  async get(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string): Promise<WalkoutResponseDto> {
    const walkout = await this.walkouts.get(trustId, walkoutId);
    return toWalkoutResponse(walkout, await this.walkouts.participationSummary(trustId, walkoutId));
  }

  @RequireAccess('write')
  @Patch(':walkoutId')
  @ApiOperation({ summary: 'Change an announced walkout’s times, staff groups, sites or notice date (before it starts)' })
  @ApiOkResponse({
    type: WalkoutResponseDto,
    description:
      'The walkout as changed. Its warnings add what the change leaves behind: POSTPONED_OUTSIDE_WALKOUT (postponed under the old times, now outside: they stay postponed and are rebooked), REBOOKED_INTO_WALKOUT (new dates now inside the walkout: postpone again)',
  })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: an end before the start, a notice after the start, another trust’s site, an empty body (details name the field)' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND / WALKOUT_NOT_FOUND: no such trust or walkout, or another trust’s' })
  @ApiResponse({ status: 409, description: 'WALKOUT_ALREADY_STARTED (in progress or ended), WALKOUT_ALREADY_CALLED_OFF, REBOOKING_RUN_IN_PROGRESS (conflict.runId: change it once the run has finished)' })
  async change(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Body() body: ChangeWalkoutDto): Promise<WalkoutResponseDto> {
    const walkout = await this.walkouts.change(trustId, walkoutId, {
      startsAt: optionalInstant(body.startsAt),
      endsAt: optionalInstant(body.endsAt),
      staffGroups: body.staffGroups,
      siteIds: body.siteIds,
      noticeReceivedAt: body.noticeReceivedAt === null ? null : optionalInstant(body.noticeReceivedAt),
    });
    return toWalkoutResponse(walkout);
  }

  @RequireAccess('write')
  @Post(':walkoutId/call-off')
  @HttpCode(200)
  @ApiOkResponse({ type: WalkoutResponseDto, description: '409 when already called off or ended' })
  async callOff(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Body() body: CallOffDto): Promise<WalkoutResponseDto> {
    return toWalkoutResponse(await this.walkouts.callOff(trustId, walkoutId, body.reason));
  }

  @RequireAccess('write')
  @Put(':walkoutId/participation')
  @ApiOkResponse({ type: ParticipationSummaryDto, description: 'Counts after the update; unknown staff numbers → 400, nothing saved' })
  async participation(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Body() body: ParticipationDto): Promise<ParticipationSummaryDto> {
    return this.walkouts.recordParticipation(trustId, walkoutId, body.items);
  }
}
