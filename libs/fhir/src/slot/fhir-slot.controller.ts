import { AppConfig, APP_CONFIG, ApiErrors, UuidParam } from '@app/core';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { Controller, Get, Header, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { parseSlotSearch } from '../engine/search-params';
import { searchsetBundle } from '../engine/search-bundle';
import { FHIR_CONTENT_TYPE } from '../engine/systems';
import { FHIR_BASE_PATH } from '../fhir.constants';
import { FhirError, FhirErrorCode } from '../fhir.errors';
import { fhirOk, FhirSearchPage } from '../openapi';
import { requestUrl, resourceUrl } from '../search-url';
import { FhirSlotService } from './fhir-slot.service';

type SearchQuery = Record<string, string | string[] | undefined>;

@ApiTags('fhir')
@ApiBearerAuth()
@Controller(FHIR_BASE_PATH)
export class FhirSlotController {
  constructor(
    private readonly slots: FhirSlotService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('Slot')
  @Header('content-type', FHIR_CONTENT_TYPE)
  @ApiOperation({ summary: 'Search the trust’s slots (FHIR): in start order, a page at a time' })
  @ApiQuery({ name: 'start', required: false, isArray: true, type: String, description: 'ge, gt, le or lt and an instant with its offset or a day, e.g. start=ge2026-01-12&start=lt2026-01-13' })
  @ApiQuery({ name: 'status', required: false, description: 'free or busy' })
  @FhirSearchPage()
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async search(@Param('trustId', UuidParam) trustId: string, @Query() query: SearchQuery, @Req() request: { url: string }): Promise<Record<string, unknown>> {
    const page = await this.slots.search(trustId, parseSlotSearch(query));
    return searchsetBundle(requestUrl(this.config, request.url), page.resources, page.nextCursor, (resource) => resourceUrl(this.config, trustId, 'Slot', resource.id));
  }

  @Get('Slot/:slotId')
  @Header('content-type', FHIR_CONTENT_TYPE)
  @ApiOperation({ summary: 'Read a slot of the trust as a FHIR Slot' })
  @ApiResponse(fhirOk('Slot', 'The slot'))
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  @ApiErrors(FhirError, FhirErrorCode.ResourceNotFound)
  read(@Param('trustId', UuidParam) trustId: string, @Param('slotId', UuidParam) slotId: string): Promise<Record<string, unknown>> {
    return this.slots.read(trustId, slotId);
  }
}
