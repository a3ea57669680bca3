import { AppConfig, APP_CONFIG, ApiErrors, UuidParam } from '@app/core';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { Controller, Get, Header, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { parseAppointmentSearch } from '../engine/search-params';
import { searchsetBundle } from '../engine/search-bundle';
import { FHIR_CONTENT_TYPE } from '../engine/systems';
import { FHIR_BASE_PATH } from '../fhir.constants';
import { FhirError, FhirErrorCode } from '../fhir.errors';
import { fhirOk, FhirSearchPage } from '../openapi';
import { requestUrl, resourceUrl } from '../search-url';
import { FhirAppointmentService } from './fhir-appointment.service';

type SearchQuery = Record<string, string | string[] | undefined>;

@ApiTags('fhir')
@ApiBearerAuth()
@Controller(FHIR_BASE_PATH)
export class FhirAppointmentController {
  constructor(
    private readonly appointments: FhirAppointmentService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('Appointment')
  @Header('content-type', FHIR_CONTENT_TYPE)
  @ApiOperation({ summary: 'Search the trust’s appointments (FHIR): in _lastUpdated order, a page at a time', description: 'A change feed: poll with _lastUpdated=ge<last seen>. Postponed appointments are cancelled with cancelationReason industrial-action; see docs/fhir.md.' })
  @ApiQuery({ name: 'patient', required: false, description: 'Patient/<id> as in participant.actor.reference' })
  @ApiQuery({ name: 'patient:identifier', required: false, description: 'https://fhir.nhs.uk/Id/nhs-number|<NHS number>' })
  @ApiQuery({ name: 'status', required: false, description: 'booked, pending, cancelled, proposed; comma-separated for any of them' })
  @ApiQuery({ name: 'date', required: false, isArray: true, type: String, description: 'The start: ge, gt, le or lt and an instant with its offset or a day, e.g. date=ge2026-01-12&date=lt2026-01-13' })
  @FhirSearchPage()
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async search(@Param('trustId', UuidParam) trustId: string, @Query() query: SearchQuery, @Req() request: { url: string }): Promise<Record<string, unknown>> {
    const page = await this.appointments.search(trustId, parseAppointmentSearch(query));
    return searchsetBundle(requestUrl(this.config, request.url), page.resources, page.nextCursor, (resource) => resourceUrl(this.config, trustId, 'Appointment', resource.id));
  }

  @Get('Appointment/:appointmentId')
  @Header('content-type', FHIR_CONTENT_TYPE)
  @ApiOperation({ summary: 'Read an appointment of the trust as a FHIR Appointment' })
  @ApiResponse(fhirOk('Appointment', 'The appointment'))
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  @ApiErrors(FhirError, FhirErrorCode.ResourceNotFound)
  read(@Param('trustId', UuidParam) trustId: string, @Param('appointmentId', UuidParam) appointmentId: string): Promise<Record<string, unknown>> {
    return this.appointments.read(trustId, appointmentId);
  }
}
