import { AppConfig, APP_CONFIG, ApiErrors, UuidParam } from '@app/core';
import { OrganisationError, OrganisationErrorCode, OrganisationService } from '@app/organisations';
import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { capabilityStatement } from '../engine/capability';
import { FHIR_CONTENT_TYPE } from '../engine/systems';
import { FHIR_BASE_PATH } from '../fhir.constants';
import { fhirOk } from '../openapi';

@ApiTags('fhir')
@ApiBearerAuth()
@Controller(FHIR_BASE_PATH)
export class MetadataController {
  constructor(
    private readonly organisations: OrganisationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('metadata')
  @Header('content-type', FHIR_CONTENT_TYPE)
  @ApiOperation({ summary: 'The CapabilityStatement of the trust’s FHIR base: exactly what is supported' })
  @ApiResponse(fhirOk('CapabilityStatement', 'What this FHIR base supports'))
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async metadata(@Param('trustId', UuidParam) trustId: string): Promise<Record<string, unknown>> {
    await this.organisations.getTrust(trustId);
    return capabilityStatement(`${this.config.publicBaseUrl}/api/v1/trusts/${trustId}/fhir/R4`);
  }
}
