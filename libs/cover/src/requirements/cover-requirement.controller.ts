import { ApiErrors, AuthUser, CurrentUser, PageQueryDto, parseInstantWithOffset, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WalkoutError, WalkoutErrorCode } from '@app/walkouts';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { CoverRequirementResponseDto, CreateCoverRequirementDto, PageOfCoverRequirementsDto, toCoverRequirementResponse } from './cover-requirement.dto';
import { CoverRequirementService } from './cover-requirement.service';

/** DTO validation has already proven these parse. */
const instant = (value: string): Date => parseInstantWithOffset(value)!;

@ApiTags('cover')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/walkouts/:walkoutId/cover-requirements')
export class CoverRequirementController {
  constructor(private readonly requirements: CoverRequirementService) {}

  @RequireAccess('write')
  @Post()
  @ApiCreatedResponse({ type: CoverRequirementResponseDto })
  @ApiOperation({ summary: 'Require a minimum number of consultants in a department for a period' })
  @ApiErrors(CoverError, CoverErrorCode.UnknownDepartment, CoverErrorCode.WalkoutCalledOff, CoverErrorCode.OutsideWalkout)
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  async create(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: CreateCoverRequirementDto,
  ): Promise<CoverRequirementResponseDto> {
    const requirement = await this.requirements.create(
      trustId,
      walkoutId,
      { departmentId: body.departmentId, startsAt: instant(body.startsAt), endsAt: instant(body.endsAt), minConsultants: body.minConsultants },
      user.id,
    );
    return toCoverRequirementResponse(requirement);
  }

  @Get()
  @ApiOkResponse({ type: PageOfCoverRequirementsDto })
  @ApiOperation({ summary: 'List a walkout’s cover requirements' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  async list(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Query() query: PageQueryDto): Promise<PageOfCoverRequirementsDto> {
    const page = await this.requirements.list(trustId, walkoutId, query);
    return { items: page.items.map(toCoverRequirementResponse), nextCursor: page.nextCursor };
  }

  @RequireAccess('write')
  @Delete(':requirementId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed; the gaps view reflects it at once' })
  @ApiOperation({ summary: 'Remove a cover requirement' })
  @ApiErrors(CoverError, CoverErrorCode.RequirementNotFound, CoverErrorCode.WalkoutCalledOff)
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  async delete(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Param('requirementId', UuidParam) requirementId: string): Promise<void> {
    await this.requirements.delete(trustId, walkoutId, requirementId);
  }
}
