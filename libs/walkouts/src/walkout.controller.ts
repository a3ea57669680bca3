import { ApiErrors, AuthUser, CurrentUser, parseInstantWithOffset, RequireAccess, UuidParam } from '@app/core';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WalkoutError, WalkoutErrorCode } from './walkouts.errors';
import {
  CallOffDto,
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
const optionalInstant = (value?: string): Date | undefined => (value ? instant(value) : undefined);

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
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound, WalkoutErrorCode.AlreadyCalledOff, WalkoutErrorCode.UnknownStaff)
  async participation(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Body() body: ParticipationDto): Promise<ParticipationSummaryDto> {
    return this.walkouts.recordParticipation(trustId, walkoutId, body.items);
  }
}
