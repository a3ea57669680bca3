import { AuthUser, CurrentUser, PageQueryDto, parseInstantWithOffset, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CoverRequirementResponseDto, CreateCoverRequirementDto, PageOfCoverRequirementsDto, toCoverRequirementResponse } from './dto/cover.dto';
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
  @ApiCreatedResponse({ type: CoverRequirementResponseDto, description: '400 unknown department; 409 walkout called off; 422 OUTSIDE_WALKOUT' })
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
  async list(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Query() query: PageQueryDto): Promise<PageOfCoverRequirementsDto> {
    const page = await this.requirements.list(trustId, walkoutId, query);
    return { items: page.items.map(toCoverRequirementResponse), nextCursor: page.nextCursor };
  }

  @RequireAccess('write')
  @Delete(':requirementId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed; the gaps view reflects it at once' })
  async delete(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Param('requirementId', UuidParam) requirementId: string): Promise<void> {
    await this.requirements.delete(trustId, walkoutId, requirementId);
  }
}
