import { ApiErrors, AuthUser, CurrentUser, LOCATION_HEADER_DOC, LocationOf, parseInstantWithOffset, RequireAccess, UuidParam } from '@app/core';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { AvailabilityListQueryDto, AvailabilityResponseDto, CreateAvailabilityDto, PageOfAvailabilityDto, toAvailabilityResponse } from './cover-availability.dto';
import { CoverAvailabilityService } from './cover-availability.service';

const instant = (value: string): Date => parseInstantWithOffset(value)!;

@ApiTags('cover')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/cover-availability')
export class CoverAvailabilityController {
  constructor(private readonly availability: CoverAvailabilityService) {}

  @RequireAccess('write')
  @Post()
  @LocationOf('/api/v1/trusts/:trustId/cover-availability/:id')
  @ApiCreatedResponse({ headers: LOCATION_HEADER_DOC, type: AvailabilityResponseDto, description: 'Recorded: consent for any cover shift wholly inside the window' })
  @ApiOperation({ summary: 'Record a window a consultant declared themselves available for cover (consent given in advance)' })
  @ApiErrors(CoverError, CoverErrorCode.AvailabilityOverlap)
  @ApiErrors(OrganisationError, OrganisationErrorCode.UnknownStaff)
  async declare(@Param('trustId', UuidParam) trustId: string, @CurrentUser() user: AuthUser, @Body() body: CreateAvailabilityDto): Promise<AvailabilityResponseDto> {
    return toAvailabilityResponse(
      await this.availability.declare(trustId, { staffNumber: body.staffNumber, startsAt: instant(body.startsAt), endsAt: instant(body.endsAt), note: body.note ?? null }, user.id),
    );
  }

  @Get()
  @ApiOkResponse({ type: PageOfAvailabilityDto })
  @ApiOperation({ summary: 'List consultants’ declared availability windows' })
  async list(@Param('trustId', UuidParam) trustId: string, @Query() query: AvailabilityListQueryDto): Promise<PageOfAvailabilityDto> {
    const page = await this.availability.list(trustId, { staffNumber: query.staffNumber, includeWithdrawn: query.includeWithdrawn === 'true', limit: query.limit, cursor: query.cursor });
    return { items: page.items.map(toAvailabilityResponse), nextCursor: page.nextCursor };
  }

  @RequireAccess('write')
  @Delete(':availabilityId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Withdrawn: no new shift gets consent from it; shifts already made keep theirs' })
  @ApiOperation({ summary: 'Withdraw an availability window' })
  @ApiErrors(CoverError, CoverErrorCode.AvailabilityNotFound, CoverErrorCode.AvailabilityAlreadyWithdrawn)
  async withdraw(@Param('trustId', UuidParam) trustId: string, @Param('availabilityId', UuidParam) availabilityId: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.availability.withdraw(trustId, availabilityId, user.id);
  }
}
