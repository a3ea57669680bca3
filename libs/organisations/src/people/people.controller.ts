import { ApiErrors, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ImportResultDto,
  PageOfPatientsDto,
  PageOfStaffDto,
  PatientImportDto,
  PatientListQueryDto,
  StaffImportDto,
  StaffListQueryDto,
  toImportResult,
  toPatientResponse,
  toStaffResponse,
} from './people.dto';
import { OrganisationError, OrganisationErrorCode } from '../organisations.errors';
import { PeopleService } from './people.service';

@ApiTags('people')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @RequireAccess('write')
  @Post('staff/import')
  @HttpCode(200)
  @ApiOkResponse({ type: ImportResultDto, description: 'All-or-nothing: a refusal lists every bad row by index' })
  @ApiOperation({ summary: 'Import staff (all-or-nothing; re-importing a staff number updates it)' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async importStaff(@Param('trustId', UuidParam) trustId: string, @Body() body: StaffImportDto): Promise<ImportResultDto> {
    return toImportResult(body.items.length, await this.people.importStaff(trustId, body.items));
  }

  @Get('staff')
  @ApiOkResponse({ type: PageOfStaffDto })
  @ApiOperation({ summary: 'List a trust’s staff' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async listStaff(@Param('trustId', UuidParam) trustId: string, @Query() query: StaffListQueryDto): Promise<PageOfStaffDto> {
    const page = await this.people.listStaff(trustId, query);
    return { items: page.items.map(toStaffResponse), nextCursor: page.nextCursor };
  }

  @RequireAccess('write')
  @Post('patients/import')
  @HttpCode(200)
  @ApiOkResponse({ type: ImportResultDto, description: 'All-or-nothing: a refusal lists every bad row by index' })
  @ApiOperation({ summary: 'Import patients (all-or-nothing; re-importing an NHS number updates it)' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async importPatients(@Param('trustId', UuidParam) trustId: string, @Body() body: PatientImportDto): Promise<ImportResultDto> {
    return toImportResult(body.items.length, await this.people.importPatients(trustId, body.items));
  }

  @Get('patients')
  @ApiOperation({ summary: 'List or find patients of the trust (by NHS number or part of a name), in name order' })
  @ApiOkResponse({ type: PageOfPatientsDto })
  async listPatients(@Param('trustId', UuidParam) trustId: string, @Query() query: PatientListQueryDto): Promise<PageOfPatientsDto> {
    const page = await this.people.listPatients(trustId, query);
    return { items: page.items.map(toPatientResponse), nextCursor: page.nextCursor };
  }
}
