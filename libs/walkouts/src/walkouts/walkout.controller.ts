import { ApiErrors, AuthUser, CurrentUser, parseInstantWithOffset, RequireAccess, UuidParam } from '@app/core';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WalkoutError, WalkoutErrorCode } from '../walkouts.errors';
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
} from './walkout.dto';
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
  @ApiOperation({ summary: 'Record a walkout from a union notice' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
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
  @ApiOperation({ summary: 'List a trust’s walkouts' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async list(@Param('trustId', UuidParam) trustId: string, @Query() query: WalkoutListQueryDto): Promise<PageOfWalkoutsDto> {
    const page = await this.walkouts.list(trustId, { ...query, from: optionalInstant(query.from), to: optionalInstant(query.to) });
    return { items: page.items.map((w) => toWalkoutResponse(w)), nextCursor: page.nextCursor };
  }

  @Get(':walkoutId')
  @ApiOkResponse({ type: WalkoutResponseDto })
  @ApiOperation({ summary: 'Get a walkout with its participation counts' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
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
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound, WalkoutErrorCode.AlreadyStarted, WalkoutErrorCode.AlreadyCalledOff, WalkoutErrorCode.ChangeBlocked)
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
  @ApiOkResponse({ type: WalkoutResponseDto })
  @ApiOperation({ summary: 'Call off a walkout' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound, WalkoutErrorCode.AlreadyCalledOff, WalkoutErrorCode.AlreadyEnded)
  async callOff(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Body() body: CallOffDto): Promise<WalkoutResponseDto> {
    return toWalkoutResponse(await this.walkouts.callOff(trustId, walkoutId, body.reason));
  }

  @RequireAccess('write')
  @Put(':walkoutId/participation')
  @ApiOkResponse({ type: ParticipationSummaryDto, description: 'Counts after the update' })
  @ApiOperation({ summary: 'Record who intends to strike (all-or-nothing)' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound, WalkoutErrorCode.AlreadyCalledOff)
  @ApiErrors(OrganisationError, OrganisationErrorCode.UnknownStaff)
  async participation(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Body() body: ParticipationDto): Promise<ParticipationSummaryDto> {
    return this.walkouts.recordParticipation(trustId, walkoutId, body.items);
  }
}
