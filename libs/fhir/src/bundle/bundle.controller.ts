import { ApiErrors, RequireAccess, UuidParam } from '@app/core';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { RebookingError, RebookingErrorCode } from '@app/rebooking';
import { Body, Controller, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FHIR_CONTENT_TYPE, FHIR_JSON } from '../engine/systems';
import { FHIR_BASE_PATH } from '../fhir.constants';
import { fhirContent, fhirOk } from '../openapi';
import { BundleImportService } from './bundle-import.service';

@ApiTags('fhir')
@ApiBearerAuth()
@Controller(FHIR_BASE_PATH)
export class BundleController {
  constructor(private readonly bundles: BundleImportService) {}

  @RequireAccess('write')
  @Post()
  @HttpCode(200)
  @Header('content-type', FHIR_CONTENT_TYPE)
  @ApiOperation({
    summary: 'Import a FHIR transaction Bundle of Patient, Practitioner, Location, Schedule, Slot and Appointment (all-or-nothing; conditional on identifiers)',
    description: 'Patients, slots and appointments are created or updated by identifier (PUT Type?identifier=system|value), so sending a bundle again updates it. Every problem is listed in one OperationOutcome, each issue at its FHIRPath expression; nothing is saved then. See docs/fhir.md.',
  })
  @ApiConsumes(FHIR_JSON, 'application/json')
  @ApiBody({ required: true, schema: fhirContent('Bundle')[FHIR_JSON].schema })
  @ApiResponse(fhirOk('Bundle', 'A transaction-response Bundle: one entry per request entry, in order (201 Created or 200 OK, and the location of each Slot and Appointment)'))
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  @ApiErrors(RebookingError, RebookingErrorCode.SlotOverbooked, RebookingErrorCode.SlotCapacityBelowBookings)
  async transaction(@Param('trustId', UuidParam) trustId: string, @Body() body: unknown): Promise<Record<string, unknown>> {
    return (await this.bundles.importBundle(trustId, body)).bundle;
  }
}
