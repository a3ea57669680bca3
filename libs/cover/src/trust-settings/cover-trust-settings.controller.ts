import { AuthUser, CurrentUser, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CoverTrustSettingsResponseDto, PutCoverTrustSettingsDto, toCoverTrustSettingsResponse } from './cover-trust-settings.dto';
import { CoverTrustSettingsService } from './cover-trust-settings.service';

@ApiTags('cover')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/cover-settings')
export class CoverTrustSettingsController {
  constructor(private readonly settings: CoverTrustSettingsService) {}

  @Get()
  @ApiOkResponse({ type: CoverTrustSettingsResponseDto })
  @ApiOperation({ summary: 'The trust’s cover settings and the rate card its shifts are priced at' })
  async get(@Param('trustId', UuidParam) trustId: string): Promise<CoverTrustSettingsResponseDto> {
    return toCoverTrustSettingsResponse(await this.settings.get(trustId));
  }

  @RequireAccess('write')
  @Put()
  @ApiOkResponse({ type: CoverTrustSettingsResponseDto, description: 'New shifts are priced at this region; shifts already made keep their price' })
  @ApiOperation({ summary: 'Set the rate card region of the trust (London or outside London)' })
  async put(@Param('trustId', UuidParam) trustId: string, @CurrentUser() user: AuthUser, @Body() body: PutCoverTrustSettingsDto): Promise<CoverTrustSettingsResponseDto> {
    return toCoverTrustSettingsResponse(await this.settings.put(trustId, body.rateRegion, user.id));
  }
}
