import { ApiErrors, AuthUser, CurrentUser, Page, PageQueryDto, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrganisationError, OrganisationErrorCode } from '../organisations.errors';
import {
  CreateDepartmentDto,
  CreateSiteDto,
  CreateTrustDto,
  DepartmentListQueryDto,
  DepartmentResponseDto,
  SiteResponseDto,
  TrustResponseDto,
  toDepartmentResponse,
  toSiteResponse,
  toTrustResponse,
} from './organisation.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/trusts')
export class OrganisationController {
  constructor(private readonly organisations: OrganisationService) {}

  @RequireAccess('national')
  @Post()
  @ApiCreatedResponse({ type: TrustResponseDto })
  @ApiOperation({ summary: 'Register a trust (national admins)' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.OdsCodeTaken)
  async createTrust(@Body() body: CreateTrustDto): Promise<TrustResponseDto> {
    return toTrustResponse(await this.organisations.createTrust(body.odsCode, body.name));
  }

  @Get()
  @ApiOperation({ summary: 'List the trusts you can see' })
  async listTrusts(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Page<TrustResponseDto>> {
    const page = await this.organisations.listTrusts(user, query.limit, query.cursor);
    return { items: page.items.map(toTrustResponse), nextCursor: page.nextCursor };
  }

  @Get(':trustId')
  @ApiOkResponse({ type: TrustResponseDto })
  @ApiOperation({ summary: 'Get a trust' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async getTrust(@Param('trustId', UuidParam) trustId: string): Promise<TrustResponseDto> {
    return toTrustResponse(await this.organisations.getTrust(trustId));
  }

  @RequireAccess('write')
  @Post(':trustId/sites')
  @ApiCreatedResponse({ type: SiteResponseDto })
  @ApiOperation({ summary: 'Add a site to a trust' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.OdsCodeTaken)
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async createSite(@Param('trustId', UuidParam) trustId: string, @Body() body: CreateSiteDto): Promise<SiteResponseDto> {
    return toSiteResponse(await this.organisations.createSite(trustId, body.odsSiteCode, body.name));
  }

  @Get(':trustId/sites')
  @ApiOperation({ summary: 'List a trust’s sites' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async listSites(@Param('trustId', UuidParam) trustId: string, @Query() query: PageQueryDto): Promise<Page<SiteResponseDto>> {
    const page = await this.organisations.listSites(trustId, query.limit, query.cursor);
    return { items: page.items.map(toSiteResponse), nextCursor: page.nextCursor };
  }

  @RequireAccess('write')
  @Post(':trustId/departments')
  @ApiCreatedResponse({ type: DepartmentResponseDto })
  @ApiOperation({ summary: 'Add a department to a site' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.SiteNotFound, OrganisationErrorCode.DepartmentNameTaken)
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async createDepartment(@Param('trustId', UuidParam) trustId: string, @Body() body: CreateDepartmentDto): Promise<DepartmentResponseDto> {
    return toDepartmentResponse(await this.organisations.createDepartment(trustId, body.siteId, body.name, body.kind));
  }

  @Get(':trustId/departments')
  @ApiOperation({ summary: 'List a trust’s departments' })
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async listDepartments(@Param('trustId', UuidParam) trustId: string, @Query() query: DepartmentListQueryDto): Promise<Page<DepartmentResponseDto>> {
    const page = await this.organisations.listDepartments(trustId, query.limit, query.cursor, query.siteId);
    return { items: page.items.map(toDepartmentResponse), nextCursor: page.nextCursor };
  }
}
