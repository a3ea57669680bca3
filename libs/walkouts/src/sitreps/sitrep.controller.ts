import { ApiErrors, UuidParam } from '@app/core';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { WalkoutError, WalkoutErrorCode } from '../walkouts.errors';
import { SitrepQueryDto, SitrepResponseDto, toSitrepResponse } from './sitrep.dto';
import { SitrepService } from './sitrep.service';

@ApiTags('walkouts')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/walkouts')
export class SitrepController {
  constructor(private readonly sitreps: SitrepService) {}

  @Get(':walkoutId/sitrep')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: SitrepResponseDto, description: 'Workforce per walkout day (and any other registered section); ?format=csv for one long-format CSV table' })
  @ApiOperation({ summary: 'Get a walkout’s situation report (JSON or CSV)' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async sitrep(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @Query() query: SitrepQueryDto,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ): Promise<SitrepResponseDto | string> {
    const sitrep = await this.sitreps.build(trustId, walkoutId);
    if (query.format !== 'csv') return toSitrepResponse(sitrep);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="sitrep-${walkoutId}.csv"`);
    return sitrep.csv();
  }
}
